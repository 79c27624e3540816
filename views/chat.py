"""The "Spørg" page: a conversation with cited answers."""

from __future__ import annotations

import streamlit as st

from assistant.core import Assistant
from assistant.text.markdown import answer_markdown, escape
from assistant.models import Action, Answer
from assistant.text.pii import redact

from .common import go_to, show_citations

EXAMPLES = {
    "Pædagogisk personale": [
        "Hvordan inddrager vi barnets perspektiv?",
        "Hvordan kan vi hjælpe børnene med at få venner?",
    ],
    "Ledere": [
        "Hvad skal der til for at løfte kvaliteten i dagtilbud?",
        "Hvordan kan ledelsen understøtte faglig refleksion i personalegruppen?",
    ],
    "Nye medarbejdere": [
        "Hvorfor er legen så vigtig for børn?",
        "Hvordan samarbejder vi med forældrene?",
    ],
}


def render(assistant: Assistant) -> None:
    session = st.session_state.get("chat")  # made at the first question: the first page does not load the index
    st.header("Spørg dokumenterne")
    if st.sidebar.button("Ny samtale", help="Glem samtalen og start forfra") and session is not None:
        session.reset()
    typed = st.chat_input("Skriv dit spørgsmål til dokumenterne ...")  # pinned to the bottom wherever called
    history = session.history if session is not None else []
    pick = _examples() if not history and not typed else None
    for i, turn in enumerate(history):
        with st.chat_message("user"):
            st.markdown(escape(turn.question))
        with st.chat_message("assistant"):
            _show_answer(turn.answer, key=f"turn{i}")
    if typed:
        st.session_state.pop("kept-question", None)  # a new question replaces a kept one
    question = typed or pick or st.session_state.pop("chat_prefill", None)
    if not question:
        _kept()
    if question:
        if session is None:
            session = st.session_state["chat"] = assistant.chat_session()
        _ask(session, question)


def _examples() -> str | None:
    st.write("Stil et spørgsmål om dokumenterne, fx:")
    chosen = None
    for column, (who, questions) in zip(st.columns(len(EXAMPLES)), EXAMPLES.items()):
        with column:
            st.markdown(f"**{who}**")
            for q in questions:
                if st.button(q, key=f"example-{q}"):
                    chosen = q
            if who == "Nye medarbejdere":
                st.button("Ny? Start introduktionen", key="example-intro", on_click=go_to, args=("introduktion",),
                          icon=":material/school:", type="tertiary")
    return chosen


def _ask(session, question: str) -> None:
    try:
        stream = session.stream(question)
    except ValueError as exc:
        st.error(escape(str(exc)))
        _keep_typed(question)
        return
    with st.chat_message("user"):
        st.markdown(escape(redact(question.strip()).text))
    with st.chat_message("assistant"):
        placeholder = st.empty()
        with st.spinner("Finder svar i dokumenterne ..."):
            text = ""
            for token in stream:
                text += token
                placeholder.markdown(escape(text))
        placeholder.empty()
        _show_answer(stream.answer, key=f"turn{len(session.history) - 1}")


def _keep_typed(question: str) -> None:
    """A question that could not be asked (too long) is not lost with the emptied chat box: it is kept in this
    browser session (never stored: it may hold personal data not yet removed) to shorten and ask again."""
    if question.strip():
        st.session_state["kept-question"] = question
        _kept()


def _kept() -> None:
    if "kept-question" not in st.session_state:
        return
    st.text_area("Din tekst – kort den ned og spørg igen", key="kept-question", height=200)
    st.button("Spørg med den forkortede tekst", on_click=_ask_kept)


def _ask_kept() -> None:
    st.session_state["chat_prefill"] = st.session_state.pop("kept-question", "")


def _show_answer(answer: Answer, key: str) -> None:
    for notice in answer.notices:  # may quote model output: shown as plain text
        st.warning(escape(notice))
    st.markdown(answer_markdown(answer.text))
    for i, suggestion in enumerate(answer.suggestions):  # related questions the documents do answer
        st.button(suggestion, key=f"{key}-suggest-{i}", on_click=_prefill, args=(suggestion,))
    for i, action in enumerate(answer.actions):
        st.button(action.label, key=f"{key}-action-{i}", type="primary", on_click=_open, args=(action,))
    show_citations(answer.citations, key)


def _prefill(question: str) -> None:
    st.session_state["chat_prefill"] = question


def _open(action: Action) -> None:
    """Open the page that does what was asked, with the topic filled in."""
    if action.page == "personalemoede":
        st.session_state["meeting_topic"] = action.topic
    if action.page == "refleksion":  # the situation becomes the team's concern, with questions suggested for it
        st.session_state.pop("reflection_id", None)
        st.session_state["concern"] = action.topic
        st.session_state["suggest_concern"] = True
    go_to(action.page)
