"""Facilitator mode for a shared screen: one agenda item at a time in large type, a timer, notes,
agreements as they are made, and the minutes at the end."""

from __future__ import annotations

import html

import streamlit as st

from assistant.export.outline import slug, to_docx, to_markdown
from assistant.meeting.minutes import MeetingRun, minutes
from assistant.meeting.models import AgendaItem, MeetingGuide
from assistant.text.markdown import escape
from assistant.text.quotes import quoted

from .common import PLAIN_TEXT

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A client-side countdown: it keeps running between Streamlit reruns of the same item; an item shown for the
# first time scrolls the page to its top ("Start mødet" is clicked at the foot of the long guide).
TIMER = """<div id="t" style="font:700 2.4rem sans-serif;color:#1f4e79" role="timer" aria-live="off"></div>
<script>
const key = "meeting-timer-{key}", total = {seconds};
if (!sessionStorage.getItem(key)) {{  // an item shown for the first time starts at the top of the shared screen
  try {{ const main = window.parent.document.querySelector('[data-testid="stMain"]');
        if (main) main.scrollTo(0, 0); window.parent.scrollTo(0, 0); }} catch (e) {{}}
}}
const start = Number(sessionStorage.getItem(key)) || Date.now();
sessionStorage.setItem(key, start);
function tick() {{
  const left = total - Math.floor((Date.now() - start) / 1000), m = Math.floor(Math.abs(left) / 60);
  const s = String(Math.abs(left) % 60).padStart(2, "0"), el = document.getElementById("t");
  el.textContent = (left < 0 ? "Tiden er gået: -" : "Tid tilbage: ") + m + ":" + s;
  el.style.color = left < 0 ? "#b00020" : "#1f4e79";
}}
tick(); setInterval(tick, 1000);
</script>"""


def big(text: str, size: str = "1.9rem") -> None:
    """Text readable from the back of the staff room (escaped: it may be the group's own words)."""
    st.html(f'<div style="font-size:{size};line-height:1.35">{html.escape(text)}</div>')


def render(run: MeetingRun) -> None:
    m = run.meeting
    for notice in st.session_state.pop("meeting_notices", []):
        st.warning(escape(notice))
    if run.item is None:
        _end(run)
        return
    agenda = m.guide.agenda
    st.caption(f"Punkt {m.current + 1} af {len(agenda)} · {escape(m.guide.topic)}")
    item = run.item
    big(item.title, "2.6rem")
    st.iframe(TIMER.format(key=f"{m.id}-{m.current}", seconds=item.minutes * 60), height=60)  # our own HTML only
    _content(m.guide, item, m.current)
    _notes(run)
    _agreements(run)
    back, nxt, end = st.columns(3)
    back.button("Forrige punkt", on_click=_step, args=(run, -1), disabled=m.current == 0)
    nxt.button("Næste punkt", type="primary", on_click=_step, args=(run, 1))
    end.button("Afslut mødet", on_click=_finish, args=(run,))


def _content(guide: MeetingGuide, item: AgendaItem, index: int) -> None:
    if item.text:
        st.markdown(f"*{escape(item.text)}*")
    if item.kind == "followup":
        for a in guide.previous:
            big(f"• {a.line()}")
    elif item.kind == "opening" and guide.opening.statement is not None:
        big(quoted(guide.opening.statement.quote))
        st.caption(escape(guide.opening.statement.label()))
        for q in guide.opening.questions:
            big(q, "1.6rem")
    elif item.kind == "reading":
        for c in guide.readings:
            big(quoted(c.quote), "1.5rem")
            st.caption(escape(c.label()))
    elif item.kind == "round":
        for q in _round_questions(guide, index):
            big(q.text, "1.7rem")
            if q.derived:
                st.caption(f"Afledt af udsagnet: “{escape(q.statement)}”")
    elif item.kind == "agreements":
        big(" · ".join(guide.agreement_template), "1.5rem")


def _round_questions(guide: MeetingGuide, index: int) -> list:
    """The questions shared out over the rounds in order, so each round has its own."""
    rounds = [i for i, a in enumerate(guide.agenda) if a.kind == "round"]
    if not guide.questions or index not in rounds:
        return []
    n, k = len(rounds), rounds.index(index)
    size = -(-len(guide.questions) // n)
    return guide.questions[k * size:(k + 1) * size] or guide.questions[-1:]


def _note_key(run: MeetingRun) -> str:
    return f"note-{run.meeting.id}-{run.meeting.current}"


def _save_note(run: MeetingRun) -> None:
    key = _note_key(run)
    if key in st.session_state:
        st.session_state.setdefault("meeting_notices", []).extend(run.note(st.session_state[key]))
        st.session_state[key] = run.meeting.notes[run.meeting.current]  # show what was kept: the redacted text


def _notes(run: MeetingRun) -> None:
    key = _note_key(run)
    if key not in st.session_state:
        st.session_state[key] = run.meeting.notes[run.meeting.current]
    st.text_area("Noter fra gruppen", key=key, height=140,
                 help="Skriv ikke børns eller forældres navne, telefonnumre eller CPR-numre.")
    st.button("Gem noter", on_click=_save_note, args=(run,))


def _agree(run: MeetingRun) -> None:
    values = [st.session_state.get(f"agree-{f}", "") for f in ("what", "who", "when", "follow")]
    try:
        st.session_state.setdefault("meeting_notices", []).extend(run.agree(*values))
    except ValueError as exc:
        st.session_state.setdefault("meeting_notices", []).append(str(exc))
        return
    for f in ("what", "who", "when", "follow"):
        st.session_state[f"agree-{f}"] = ""


def _agreements(run: MeetingRun) -> None:
    # The label stays the same as agreements are added: a new label is a new box, drawn closed again, which
    # hid the agreement just added.
    with st.expander("Aftaler", expanded=run.item.kind == "agreements"):
        if not run.meeting.agreements:
            st.caption("Ingen aftaler endnu.")
        for a in run.meeting.agreements:
            st.markdown(f"- {escape(a.line())}")
        what, who, when, follow = st.columns([3, 2, 2, 2])
        what.text_input("Hvad gør vi?", key="agree-what")
        who.text_input("Hvem (initialer)?", key="agree-who", placeholder="Initialer eller rolle",
                       help="Skriv initialer (fx AB) eller en rolle (fx stuepædagogen): navne fjernes, før aftalen gemmes.")
        when.text_input("Hvornår?", key="agree-when")
        follow.text_input("Opfølgning", key="agree-follow")
        st.button("Tilføj aftale", on_click=_agree, args=(run,))


def _step(run: MeetingRun, step: int) -> None:
    _save_note(run)
    # the item's box is filled again from what was kept when the item is shown next: a value left in the session
    # for a box that is not drawn is not shown again (the notes were kept, but the box came back empty)
    st.session_state.pop(_note_key(run), None)
    run.next() if step > 0 else run.back()


def _finish(run: MeetingRun) -> None:
    _save_note(run)
    run.finish()


def _end(run: MeetingRun) -> None:
    m = run.meeting
    if not m.finished:
        run.finish()
    st.subheader("Referat")
    outline = minutes(m)
    text = to_markdown(outline)
    name = slug(f"referat {m.guide.topic}", "referat")
    word, md, new = st.columns(3)
    word.download_button("Hent referat som Word", to_docx(outline), file_name=f"{name}.docx", mime=DOCX)
    md.download_button("Hent referat som tekstfil", text, file_name=f"{name}.md", mime="text/markdown", help=PLAIN_TEXT)
    if new.button("Tilbage til mødeguiden"):
        st.session_state.pop("meeting_run_id", None)
        st.session_state["meeting_topic"] = m.guide.topic  # the form is filled in again with the meeting's topic
        st.rerun()
    with st.container(border=True):
        st.markdown(text)
