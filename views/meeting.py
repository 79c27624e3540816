"""The "Personalemøde" page: prepare a guide (edit, save, hand out), then run the meeting from it.

The chat leads here with `st.session_state["meeting_topic"]` set: the topic is filled in."""

from __future__ import annotations

import streamlit as st

from assistant.core import Assistant
from assistant.export.outline import slug, to_docx, to_markdown
from assistant.meeting.guide import GuideBuilder
from assistant.meeting.minutes import MeetingRun, handout
from assistant.meeting.models import LENGTHS, AgendaItem, GuideQuestion, MeetingGuide
from assistant.meeting.store import MeetingStore
from assistant.models import Citation
from assistant.text.markdown import escape

from . import meeting_run
from .common import PLAIN_TEXT, show_passage

GUIDE = "meeting_guide"
GENERATION = "meeting_guide_generation"  # counts the guides made in this browser session
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def builder(assistant: Assistant) -> GuideBuilder:
    if "meeting_builder" not in st.session_state:
        st.session_state["meeting_builder"] = GuideBuilder(assistant)
    return st.session_state["meeting_builder"]


def store(assistant: Assistant) -> MeetingStore:
    return MeetingStore.for_settings(assistant.settings)


def render(assistant: Assistant) -> None:
    st.header("Personalemøde")
    if run_id := st.session_state.get("meeting_run_id"):
        meeting_run.render(MeetingRun(store(assistant), store(assistant).load_meeting(run_id)))
        return
    _topic_form(assistant)
    guide: MeetingGuide | None = st.session_state.get(GUIDE)
    if guide is not None:
        _editor(assistant, guide)
    _saved(assistant)


def _topic_form(assistant: Assistant) -> None:
    if topic := st.session_state.pop("meeting_topic", None):  # set by the chat
        st.session_state["meeting_topic_input"] = topic
    st.write("Skriv et emne, vælg mødets længde og hvem der deltager. Du får en mødeguide, du kan rette og hente som Word til at printe eller dele.")
    with st.form("meeting_form", border=True):
        topic = st.text_input("Emne", key="meeting_topic_input",
                              placeholder="fx: forældresamarbejde med familier i udsatte positioner")
        left, right = st.columns(2)
        minutes = left.radio("Mødets længde (minutter)", LENGTHS, index=2, horizontal=True, key="meeting_minutes")
        group = right.text_input("Hvem deltager?", placeholder="fx: stuen, hele huset, dagplejerne", key="meeting_group")
        if st.form_submit_button("Lav mødeguide", type="primary"):
            if not topic.strip():
                st.error("Skriv et emne for mødet.")
                return
            with st.spinner("Finder uddrag og spørgsmål ..."):
                previous = store(assistant).last_agreements(topic)
                _open_guide(builder(assistant).build(topic, minutes, group, previous))


def _open_guide(guide: MeetingGuide) -> None:
    """Show another guide in the editor. It gets new boxes: a box of the last guide under the same name kept
    its value (a 45-minute guide's "Drøftelse 1" overrode the new 30-minute one's, and the agenda overran)."""
    st.session_state[GUIDE] = guide
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def _set(**update) -> None:
    st.session_state[GUIDE] = st.session_state[GUIDE].model_copy(update=update)


# ---------------------------------------------------------------- editing


def _editor(assistant: Assistant, guide: MeetingGuide) -> None:
    st.subheader(f"Mødeguide: {escape(guide.topic)}")
    if guide.total() != guide.minutes:
        st.warning(f"Punkterne varer tilsammen {guide.total()} minutter – mødet er sat til {guide.minutes}.")
    _agenda(guide)
    _previous(guide)
    # the passages carry the numbers the handout gives them, in order of appearance (each block's own [1] and
    # a number left out where a reading was removed confused the walkthrough's leader)
    numbers = {(c.chunk_id, c.start, c.end): c.n for c in handout(guide).citations()}
    _opening(guide, numbers)
    _readings(guide, numbers)
    _questions(guide, numbers)
    method = st.text_area("Sådan tager vi runderne", guide.round_method, key=f"method-{st.session_state.get(GENERATION, 0)}")
    if method != guide.round_method:
        _set(round_method=method)
    _actions(assistant)


def _move(i: int, step: int) -> None:
    items = list(st.session_state[GUIDE].agenda)
    j = i + step
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
        _set(agenda=items)


def _drop(field: str, i: int) -> None:
    items = list(getattr(st.session_state[GUIDE], field))
    del items[i]
    _set(**{field: items})


def _agenda(guide: MeetingGuide) -> None:
    st.markdown("#### Dagsorden")
    items = list(guide.agenda)
    for i, item in enumerate(items):
        title, minutes, up, down, drop = st.columns([6, 2, 1, 1, 1], vertical_alignment="bottom")
        box = f"{st.session_state.get(GENERATION, 0)}-{i}-{item.title}"
        new_title = title.text_input(f"Punkt {i + 1}", item.title, key=f"agenda-title-{box}")
        new_minutes = minutes.number_input("Minutter", 1, 90, item.minutes, key=f"agenda-min-{box}")
        up.button("↑", key=f"up-{i}", on_click=_move, args=(i, -1), help="Flyt op")
        down.button("↓", key=f"down-{i}", on_click=_move, args=(i, 1), help="Flyt ned")
        drop.button("✕", key=f"drop-{i}", on_click=_drop, args=("agenda", i), help="Fjern punktet")
        if (new_title, new_minutes) != (item.title, item.minutes):
            items[i] = item.model_copy(update={"title": new_title, "minutes": int(new_minutes)})
            _set(agenda=items)
    if st.button("Tilføj punkt"):
        _set(agenda=items + [AgendaItem(title="Nyt punkt", minutes=5)])
        st.rerun()


def _previous(guide: MeetingGuide) -> None:
    """What the last meeting agreed, which the follow-up item takes up: shown here too, and removable (the last
    meeting may have been on another topic)."""
    if not guide.previous:
        return
    st.markdown("#### Sidste gang aftalte vi")
    for a in guide.previous:
        st.markdown(f"- {escape(a.line())}")
    st.button("Fjern opfølgningen", key="drop-previous", on_click=_drop_previous,
              help="Fjerner punktet om sidste møde fra dagsordenen")


def _drop_previous() -> None:
    guide = st.session_state[GUIDE]
    _set(previous=[], agenda=[a for a in guide.agenda if a.kind != "followup"])


def _numbered(c: Citation, numbers: dict[tuple, int]) -> Citation:
    return c.renumbered(numbers.get((c.chunk_id, c.start, c.end), c.n))


def _opening(guide: MeetingGuide, numbers: dict[tuple, int]) -> None:
    st.markdown("#### Åbning: dialogkort")
    if guide.opening.statement is None:
        st.info("Dokumenterne har ikke et udsagn om emnet. Skriv jeres egne spørgsmål.")
    else:
        show_passage(_numbered(guide.opening.statement, numbers), key="opening-source")
    text = st.text_area("Spørgsmål til udsagnet (ét pr. linje)", "\n".join(guide.opening.questions), key=f"opening-qs-{st.session_state.get(GENERATION, 0)}")
    questions = [q.strip() for q in text.splitlines() if q.strip()][:3]
    if questions != guide.opening.questions:
        _set(opening=guide.opening.model_copy(update={"questions": questions}))


def _readings(guide: MeetingGuide, numbers: dict[tuple, int]) -> None:
    st.markdown("#### Læsning")
    if not guide.readings:
        st.info("Dokumenterne har ingen uddrag om emnet.")
    for i, c in enumerate(guide.readings):
        show_passage(_numbered(c, numbers), key=f"reading-{i}-{c.chunk_id}")
        st.button("Fjern uddraget", key=f"drop-reading-{i}", on_click=_drop, args=("readings", i))


def _questions(guide: MeetingGuide, numbers: dict[tuple, int]) -> None:
    st.markdown("#### Spørgsmål til drøftelse")
    for i, q in enumerate(guide.questions):
        text, drop = st.columns([10, 1], vertical_alignment="center")
        text.markdown(f"*{escape(q.text)}*")
        if q.derived:
            text.caption(f"Afledt af udsagnet: “{escape(q.statement)}”")
        elif q.source is not None:
            text.caption(escape(_numbered(q.source, numbers).label()))
        drop.button("✕", key=f"drop-q-{i}", on_click=_drop, args=("questions", i), help="Fjern spørgsmålet")
    own, add = st.columns([10, 1], vertical_alignment="bottom")
    new = own.text_input("Tilføj et spørgsmål", key="new-question")
    if add.button("Tilføj", key="add-question") and new.strip():
        _set(questions=list(guide.questions) + [GuideQuestion(text=new.strip())])
        st.rerun()


def _actions(assistant: Assistant) -> None:
    guide = st.session_state[GUIDE]
    outline = handout(guide)
    name = slug(guide.topic, "personalemoede")
    save, word, md, run = st.columns(4)
    if save.button("Gem mødeguiden"):
        st.session_state[GUIDE] = store(assistant).save_guide(guide)
        st.toast("Mødeguiden er gemt.")
    word.download_button("Hent som Word", to_docx(outline), file_name=f"{name}.docx", mime=DOCX)
    md.download_button("Hent som tekstfil", to_markdown(outline), file_name=f"{name}.md", mime="text/markdown",
                       help=PLAIN_TEXT)
    if run.button("Start mødet", type="primary"):
        saved = store(assistant).save_guide(guide)
        st.session_state[GUIDE] = saved
        st.session_state["meeting_run_id"] = MeetingRun.start(store(assistant), saved).meeting.id
        st.rerun()


def _saved(assistant: Assistant) -> None:
    guides = store(assistant).guides()
    if not guides:
        return
    with st.expander("Gemte mødeguides"):
        chosen = st.selectbox("Mødeguide", guides, format_func=lambda g: f"{g.topic} ({g.minutes} min.)")
        if st.button("Åbn mødeguiden"):
            _open_guide(chosen)
            st.rerun()
