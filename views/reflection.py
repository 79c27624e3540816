"""The "Refleksion" page: guided reflection over the documents' questions, saved between visits."""

from __future__ import annotations

import streamlit as st

from assistant.core import Assistant
from assistant.export.reflection import filename, to_docx, to_markdown
from assistant.text.markdown import escape
from assistant.models import ReflectionSession
from assistant.reflect.facilitator import Facilitator, offer

from .common import show_citations, show_passage


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
        _start(f)
    elif f.current(session) is None:
        _summary(f, session)
    else:
        _question(f, session)
    for notice in st.session_state.pop("reflection_notices", []):
        st.warning(escape(notice))


def _open(session: ReflectionSession) -> None:
    st.session_state["reflection_id"] = session.id


def _start(f: Facilitator) -> None:
    st.write("Gå dokumenternes refleksionsspørgsmål igennem – alene eller som team, ét spørgsmål ad gangen.")
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
        concern = st.text_area("Hvad optager jer?", placeholder="fx: vi har mange konflikter i garderoben", key="concern",
                               max_chars=f.assistant.settings.max_field_chars)
        if st.button("Foreslå spørgsmål"):
            if concern.strip():
                redacted, notices = f.redact(concern)  # warn now: the concern is stored with the session
                st.session_state["suggestions"] = (redacted, f.suggest(redacted))
                for notice in notices:
                    st.warning(escape(notice))
            else:
                st.error("Skriv kort, hvad der optager jer.")
        asked, suggestions = st.session_state.get("suggestions", ("", []))
        chosen = []
        for i, s in enumerate(suggestions):
            if st.checkbox(escape(s.question.text), value=i < 3, key=f"suggestion-{s.question.id}"):
                chosen.append(s.question.id)
            st.caption(escape(s.reason))
        if suggestions and st.button("Start med de valgte spørgsmål", type="primary", disabled=not chosen):
            _open(f.start_from_concern(asked, question_ids=chosen))
            st.session_state.pop("suggestions", None)
            st.rerun()
    _saved(f)


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
    st.subheader(escape(step.question.text))
    if step.question.derived:
        st.caption("Afledt spørgsmål: bygget på et udsagn i dokumentet, ikke stillet af dokumentet selv.")
    if step.reason:
        st.caption(escape(step.reason))
    if step.why:
        st.markdown("**Hvorfor det er vigtigt**")
        show_passage(step.why, key=f"why-{session.id}-{session.current}")
    key = f"answer-{session.id}-{session.current}"
    answer = st.text_area("Jeres svar", value=step.answer, key=key, max_chars=f.assistant.settings.max_field_chars)
    if st.button("Gem svar", type="primary"):
        if answer.strip():
            _save_answer(f, session, key, answer)
        else:
            st.session_state["reflection_notices"] = ["Skriv et svar, eller spring spørgsmålet over."]
        st.rerun()
    if step.answer and step.follow_up:
        with st.container(border=True):
            st.markdown(escape(offer(step.follow_up)))
            show_citations([step.follow_up], key=f"follow-{session.id}-{session.current}")
            if step.deepening:
                st.markdown(f"**{escape(step.deepening)}**")
                deeper = st.text_area("Svar på uddybningen (valgfrit)", value=step.deepening_answer,
                                      key=f"deep-{session.id}-{session.current}",
                                      max_chars=f.assistant.settings.max_field_chars)
                if st.button("Gem uddybning"):
                    st.session_state["reflection_notices"] = f.answer_deepening(session, deeper)
                    del st.session_state[f"deep-{session.id}-{session.current}"]
                    st.rerun()
    _navigation(f, session, key, answer)


def _save_answer(f: Facilitator, session: ReflectionSession, key: str, answer: str) -> None:
    st.session_state["reflection_notices"] = f.answer(session, answer)
    del st.session_state[key]  # show what was stored: personal data redacted


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
        _save_answer(f, session, key, typed)  # a typed answer is kept even if "Gem svar" was not clicked
    {"back": f.back, "skip": f.skip, "next": f.next, "end": f.end}[action](session)
    st.rerun()


def _summary(f: Facilitator, session: ReflectionSession) -> None:
    st.subheader(f"Opsummering: {escape(session.title)}")
    for i, step in enumerate(session.steps, start=1):
        with st.container(border=True):
            st.markdown(f"**{i}. {escape(step.question.text)}**")
            st.markdown(escape(step.answer) if step.answer else "*(ikke besvaret)*")
            if step.deepening and step.deepening_answer:
                st.markdown(f"*{escape(step.deepening)}*  \n{escape(step.deepening_answer)}")
            show_citations([c for c in (step.why, step.follow_up) if c], key=f"sum-{session.id}-{i}")
    st.markdown("**Aftaler og prøvehandlinger**")
    st.caption("Hvad vil I afprøve? Små, konkrete handlinger, I kan evaluere sammen bagefter.")
    agreements = st.text_area("Aftaler", value=session.agreements, key=f"agreements-{session.id}",
                              max_chars=f.assistant.settings.max_field_chars)
    experiments = st.text_area("Prøvehandlinger", value=session.experiments, key=f"experiments-{session.id}",
                               max_chars=f.assistant.settings.max_field_chars)
    if st.button("Gem aftaler", type="primary"):
        st.session_state["reflection_notices"] = f.finish(session, agreements, experiments)
        for key in (f"agreements-{session.id}", f"experiments-{session.id}"):
            del st.session_state[key]  # show what was stored: personal data redacted
        st.rerun()
    md, word = st.columns(2)
    md.download_button("Hent som Markdown", to_markdown(session), file_name=filename(session, "md"),
                       mime="text/markdown")
    word.download_button("Hent som Word", to_docx(session), file_name=filename(session, "docx"),
                         mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    again, new = st.columns(2)
    if again.button("← Tilbage til spørgsmålene"):
        f.go_to(session, len(session.steps) - 1)
        st.rerun()
    if new.button("Ny session"):
        st.session_state.pop("reflection_id", None)
        st.rerun()
