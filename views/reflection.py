"""The "Refleksion" page: guided reflection over the documents' questions, saved between visits."""

from __future__ import annotations

import streamlit as st

from assistant.core import Assistant
from assistant.export.reflection import filename, to_docx, to_markdown
from assistant.text.markdown import escape
from assistant.models import ReflectionSession
from assistant.reflect.facilitator import Facilitator
from assistant.text.quotes import quoted

from .common import PLAIN_TEXT, show_citations, show_passage


AUDIENCES = {"staff": "Pædagogisk personale", "leader": "Ledelse"}


def facilitator(assistant: Assistant) -> Facilitator:
    if "facilitator" not in st.session_state:
        st.session_state["facilitator"] = Facilitator(assistant)
    return st.session_state["facilitator"]


def render(assistant: Assistant) -> None:
    st.header("Refleksion")
    f = facilitator(assistant)
    session_id = st.session_state.get("reflection_id")
    session = None
    if session_id:
        try:
            session = f.load(session_id)
        except KeyError:
            st.session_state.pop("reflection_id")
    if session is None:
        if st.session_state.pop("suggest_concern", False):  # a situation brought from the chat
            _suggest(f)
        _start(f)
    elif f.current(session) is None:
        _summary(f, session)
    else:
        _question(f, session)
    for notice in st.session_state.pop("reflection_notices", []):
        st.warning(escape(notice))


def _open(session: ReflectionSession) -> None:
    st.session_state["reflection_id"] = session.id


INTRO = (
    "Gå dokumenternes refleksionsspørgsmål igennem – alene eller som team, ét spørgsmål ad gangen. "
    "Beskriv en udfordring eller start fra et tema. Hvert spørgsmål kommer med det udsagn, det bygger på, og en "
    "passage om, hvorfor det er vigtigt. Efter jeres svar stiller assistenten ét opfølgende spørgsmål, og til "
    "sidst samler I op med aftaler og et næste skridt. Alt gemmes i assistenten, så I kan fortsætte senere; "
    "andre, der bruger den, kan se det, og med „Slet“ fjerner I en session."
)


def _start(f: Facilitator) -> None:
    # Scaffolding fades: a team that has reflected here before gets the short version and its last session.
    if f.store.returning():
        latest = f.store.latest_unfinished()
        if latest is not None:
            st.info(f"Velkommen tilbage. I stoppede sidst i “{escape(latest.title)}”.")
            if st.button("Fortsæt hvor I slap", type="primary", key="continue-latest"):
                _open(latest)
                st.rerun()
        st.write("Beskriv en udfordring eller start fra et tema.")
    else:
        st.write(INTRO)
    by_theme, by_concern = st.columns(2)
    with by_theme, st.container(border=True):
        st.subheader("Vælg et tema")
        choices = {c.id: c for c in f.theme_choices()}
        theme = st.radio("Tema", list(choices), key="theme", format_func=lambda t: escape(_theme_label(choices[t])))
        derived = st.checkbox("Medtag afledte spørgsmål", help="Spørgsmål bygget på udsagn i dokumenterne")
        if st.button("Start med temaet", type="primary"):
            _open(f.start_from_theme(theme, include_derived=derived or None))
            st.rerun()
    with by_concern, st.container(border=True):
        st.subheader("Eller beskriv en udfordring")
        st.text_area("Hvad optager jer?", placeholder="fx: vi har mange konflikter i garderoben", key="concern",
                     max_chars=f.assistant.settings.max_field_chars)
        audience = st.radio("Hvem reflekterer?", list(AUDIENCES), key="audience", horizontal=True,
                            format_func=AUDIENCES.get,
                            help="Ledelsen får også de spørgsmål fra dokumenterne, der er rettet til ledere.")
        st.button("Foreslå spørgsmål", on_click=_suggest, args=(f,))
        for kind, message in st.session_state.pop("suggest_messages", []):
            getattr(st, kind)(escape(message))
        asked, suggestions = st.session_state.get("suggestions", ("", []))
        chosen = []
        for i, s in enumerate(suggestions):
            if st.checkbox(escape(s.question.text), value=i < 3, key=f"suggestion-{s.question.id}"):
                chosen.append(s.question.id)
            if s.question.derived:
                st.caption(f"Bygger på udsagnet: “{escape(s.question.statement)}”")
            st.caption(escape(s.reason))
        if suggestions and st.button("Start med de valgte spørgsmål", type="primary", disabled=not chosen):
            _open(f.start_from_concern(asked, question_ids=chosen, audience=audience))
            st.session_state.pop("suggestions", None)
            st.rerun()
    _saved(f)


def _suggest(f) -> None:
    """Button callback: suggest questions for the concern. It runs before the page is drawn, so the box can
    show the concern as it is kept, with personal data removed (the notice says so; the box must agree)."""
    concern = st.session_state.get("concern", "")
    if not concern.strip():
        st.session_state["suggest_messages"] = [("error", "Skriv kort, hvad der optager jer.")]
        return
    redacted, notices = f.redact(concern)  # warn now: the concern is stored with the session
    st.session_state["concern"] = redacted
    audience = st.session_state.get("audience") or "staff"
    st.session_state["suggestions"] = (redacted, f.suggest(redacted, audience=audience))
    st.session_state["suggest_messages"] = [("warning", notice) for notice in notices]


def _theme_label(choice) -> str:
    counts = [f"{choice.own} spørgsmål"] if choice.own else []
    counts += [f"{choice.derived} afledte"] if choice.derived else []
    return f"{choice.label} ({', '.join(counts)})"


def _saved(f: Facilitator) -> None:
    sessions = f.store.list()
    if not sessions:
        return
    st.subheader("Gemte sessioner")
    for s in sessions:
        answered = sum(1 for step in s.steps if step.answer)
        cols = st.columns([5, 1, 1])
        status = "afsluttet" if s.finished else f"{answered} af {len(s.steps)} besvaret"
        cols[0].markdown(f"**{escape(s.title)}**  \n{status} · senest ændret {s.updated:%d.%m.%Y %H:%M}")
        if cols[1].button("Fortsæt", key=f"resume-{s.id}"):
            _open(s)
            st.rerun()
        if cols[2].button("Slet", key=f"delete-{s.id}"):
            f.store.delete(s.id)
            st.rerun()


def _question(f: Facilitator, session: ReflectionSession) -> None:
    step = f.current(session)
    total = len(session.steps)
    st.caption(escape(session.title))
    st.progress(session.current / total, text=f"Spørgsmål {session.current + 1} af {total}")
    q = step.question
    if q.derived:  # a derived question ("Hvordan kan vi bruge det …?") is never shown without its statement
        st.markdown(f"**Udsagn:** “{escape(q.statement)}”")
    st.subheader(escape(q.text))
    if q.audience != "staff":
        st.caption("Et spørgsmål til ledelsen." if q.audience == "leader" else "Et spørgsmål til kommune eller organisation.")
    returning = f.store.returning() and len(f.store.list()) > 1
    if q.derived and not returning:
        st.caption("Afledt spørgsmål: bygget på et udsagn i dokumentet, ikke stillet af dokumentet selv.")
    if step.reason and not returning:
        st.caption(escape(step.reason))
    if step.context and not q.derived:
        st.markdown("**Det bygger spørgsmålet på**")
        show_passage(step.context, key=f"context-{session.id}-{session.current}")
    if step.why:
        st.markdown("**Hvorfor det er vigtigt**")
        show_passage(step.why, key=f"why-{session.id}-{session.current}")
    # A new key after each save: the browser keeps a widget's typed text, so the redacted text needs a fresh box.
    key = f"answer-{session.id}-{session.current}-{st.session_state.get('answer_saves', 0)}"
    # No max_chars on the box: a paste over the limit was dropped whole by the browser; here it stays, to shorten
    answer = st.text_area("Jeres svar", value=step.answer, key=key)
    if st.button("Gem svar", type="primary"):
        if too_long := _too_long(f, answer):
            st.session_state["reflection_notices"] = [too_long]
        elif answer.strip():
            _save_answer(f, session, key, answer)
        else:
            st.session_state["reflection_notices"] = ["Skriv et svar, eller spring spørgsmålet over."]
        st.rerun()
    if step.answer and step.response:
        with st.container(border=True):
            st.markdown(f"**{escape(step.response.text)}**")
            if step.response.source:
                show_citations([step.response.source], key=f"follow-{session.id}-{session.current}")
            if step.response.kind in ("follow_up", "example"):
                deep_key = f"deep-{session.id}-{session.current}-{st.session_state.get('answer_saves', 0)}"
                deeper = st.text_area("Svar på opfølgningen (valgfrit)", value=step.deepening_answer,
                                      key=deep_key, max_chars=f.assistant.settings.max_field_chars)
                if st.button("Gem svar på opfølgningen"):
                    st.session_state["reflection_notices"] = f.answer_deepening(session, deeper)
                    del st.session_state[deep_key]  # a fresh box shows what was stored: personal data redacted
                    st.session_state["answer_saves"] = st.session_state.get("answer_saves", 0) + 1
                    st.rerun()
    _navigation(f, session, key, answer)


def _too_long(f: Facilitator, answer: str) -> str:
    """The Danish message for an answer over the length limit, or "" when it fits."""
    limit = f.assistant.settings.max_field_chars
    if len(answer) <= limit:
        return ""
    return f"Svaret er for langt ({len(answer)} tegn). Det må højst være {limit} tegn – kort det ned og gem igen."


def _save_answer(f: Facilitator, session: ReflectionSession, key: str, answer: str) -> None:
    st.session_state["reflection_notices"] = f.answer(session, answer)
    del st.session_state[key]  # show what was stored: personal data redacted
    st.session_state["answer_saves"] = st.session_state.get("answer_saves", 0) + 1


def _navigation(f: Facilitator, session: ReflectionSession, key: str, typed: str) -> None:
    back, skip, forward, end = st.columns(4)
    clicked = {
        "back": back.button("← Forrige", disabled=session.current == 0),
        "skip": skip.button("Spring over"),
        "next": forward.button("Næste →"),
        "end": end.button("Afslut nu"),
    }
    action = next((name for name, on in clicked.items() if on), None)
    if action is None:
        return
    if action != "skip" and typed.strip() and typed != f.current(session).answer:
        if too_long := _too_long(f, typed):  # stay, with the text, until it is shortened
            st.session_state["reflection_notices"] = [too_long]
            st.rerun()
        _save_answer(f, session, key, typed)  # a typed answer is kept even if "Gem svar" was not clicked
    if action == "skip":
        st.session_state.pop(key, None)  # skipping clears the answer, on screen too
    {"back": f.back, "skip": f.skip, "next": f.next, "end": f.end}[action](session)
    st.rerun()


def _summary(f: Facilitator, session: ReflectionSession) -> None:
    st.subheader(f"Opsummering: {escape(session.title)}")
    summary = f.summary(session)
    st.markdown("**Det lagde I mærke til**")
    for line in summary.noticed or ["*(ingen svar endnu)*"]:
        st.markdown(f"- {escape(line)}")
    if summary.documents_add:
        st.markdown("**Det siger dokumenterne**")
        show_citations(summary.documents_add, key=f"add-{session.id}")
    if summary.trials:
        st.markdown("**Forslag til prøvehandlinger**")
        for c in summary.trials:
            st.markdown(f"- {escape(quoted(c.quote))} ({escape(c.short)})")
    st.markdown("**Aftaler og næste skridt**")
    st.caption("Det, I skriver her, gemmes med det samme.")
    saves = st.session_state.get("agreement_saves", 0)  # a fresh box after each save shows the redacted text
    keys = {name: f"{name}-{session.id}-{saves}" for name in ("agreements", "experiments", "next_step", "next_date")}

    def keep() -> None:  # saved as typed: nothing typed is lost, also without pressing a button
        state = st.session_state
        st.session_state["reflection_notices"] = f.keep_agreements(
            session, state.get(keys["agreements"], ""), state.get(keys["experiments"], ""),
            state.get(keys["next_step"], ""), state.get(keys["next_date"]))

    limit = f.assistant.settings.max_field_chars
    st.text_area("Aftaler", value=session.agreements, key=keys["agreements"], on_change=keep, max_chars=limit)
    st.text_area("Prøvehandlinger", value=session.experiments, key=keys["experiments"], on_change=keep,
                 max_chars=limit)
    st.text_input("Næste skridt", value=session.next_step, key=keys["next_step"], on_change=keep)
    st.date_input("Dato for næste skridt", value=session.next_date, key=keys["next_date"], on_change=keep,
                  format="DD.MM.YYYY")
    if st.button("Gem aftaler", type="primary"):
        keep()
        st.session_state["reflection_notices"] = f.finish(
            session, session.agreements, session.experiments, session.next_step, session.next_date)
        for key in keys.values():
            st.session_state.pop(key, None)  # show what was stored: personal data redacted
        st.session_state["agreement_saves"] = saves + 1
        st.session_state["agreements_saved"] = True
        st.rerun()
    if st.session_state.pop("agreements_saved", False):
        st.success("Aftalerne er gemt og kommer med, når I henter opsummeringen.")
    word, md = st.columns(2)  # Word first, as on the other pages
    word.download_button("Hent som Word", to_docx(session), file_name=filename(session, "docx"),
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    md.download_button("Hent som tekstfil", to_markdown(session), file_name=filename(session, "md"),
                       mime="text/markdown", help=PLAIN_TEXT)
    with st.expander("Spørgsmål og svar"):
        for i, step in enumerate(session.steps, start=1):
            st.markdown(f"**{i}. {escape(step.question.text)}**  \n"
                        + (escape(step.answer) if step.answer else "*(ikke besvaret)*"))
    again, new = st.columns(2)
    if again.button("← Tilbage til spørgsmålene"):
        f.go_to(session, len(session.steps) - 1)
        st.rerun()
    if new.button("Ny session"):
        st.session_state.pop("reflection_id", None)
        st.rerun()
