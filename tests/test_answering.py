"""The offline answer: cited sentences quoted verbatim, deterministic, refusals, follow-ups and input checks."""

from __future__ import annotations

import pytest

from assistant.answer.offline import split_sentences
from assistant.answer.conversation import looks_like_follow_up

ANSWERABLE = "Hvordan kan vi hjælpe børnene med at få venner og gode relationer til hinanden?"
UNANSWERABLE = "Hvem vandt Superligaen i fodbold sidste sæson?"


def test_split_sentences_keeps_exact_offsets_and_drops_bullets():
    text = "Første sætning er her. Anden sætning, fx. med forkortelse!\n• Et punkt i en liste\n\nSidste linje"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Første sætning er her.", "Anden sætning, fx. med forkortelse!", "Et punkt i en liste", "Sidste linje",
    ]


def test_offline_answer_cites_every_sentence_verbatim(corpus_assistant):
    answer = corpus_assistant.chat_session().ask(ANSWERABLE)
    assert answer.answered and answer.mode == "offline"
    assert answer.text.startswith("Det skriver dokumenterne om det:")
    assert 2 <= len(answer.citations) <= 4
    chunks = corpus_assistant.searcher.chunks
    for c in answer.citations:
        assert f"- {c.quote} [{c.n}]" in answer.text
        assert c.quote in c.chunk_text
        chunk = chunks[c.chunk_id]
        assert chunk.text == c.chunk_text
        assert chunk.text[c.start - chunk.start : c.end - chunk.start] == c.quote
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert any("mindre grupper" in c.quote for c in answer.citations)


def test_offline_answer_is_deterministic(corpus_assistant):
    first = corpus_assistant.chat_session().ask(ANSWERABLE)
    second = corpus_assistant.chat_session().ask(ANSWERABLE)
    assert first == second


def test_refuses_what_the_documents_do_not_cover(corpus_assistant):
    answer = corpus_assistant.chat_session().ask(UNANSWERABLE)
    assert not answer.answered
    assert answer.text.startswith("Det dækker dokumenterne ikke")
    assert answer.citations == []
    assert answer.suggestions and all(s.strip() for s in answer.suggestions)


def test_follow_up_is_searched_with_the_previous_question(corpus_assistant):
    session = corpus_assistant.chat_session()
    session.ask("Hvorfor er det godt at dele børnene op i mindre grupper?")
    answer = session.ask("Hvad med i dagplejen?")
    assert "mindre grupper" in answer.search_query and "dagplejen" in answer.search_query
    assert answer.question == "Hvad med i dagplejen?"
    cited = " ".join(c.chunk_text.lower() for c in answer.citations)
    assert "dagpleje" in cited and "grupper" in cited
    assert len(session.history) == 2


def test_a_standalone_question_is_not_treated_as_a_follow_up(corpus_assistant):
    session = corpus_assistant.chat_session()
    session.ask("Hvorfor er det godt at dele børnene op i mindre grupper?")
    answer = session.ask("Hvad er intentionstrængsel?")
    assert answer.search_query == "Hvad er intentionstrængsel?"


@pytest.mark.parametrize(
    "question, expected",
    [("Hvad med i dagplejen?", True), ("og i vuggestuen?", True), ("Hvordan gør de det?", True),
     ("Hvad er intentionstrængsel?", False), ("Hvad betyder det for børnene, når vi voksne har for travlt?", False)],
)
def test_looks_like_follow_up(question, expected):
    assert looks_like_follow_up(question) is expected


def test_questions_are_checked_and_personal_data_redacted(corpus_assistant):
    session = corpus_assistant.chat_session()
    with pytest.raises(ValueError, match="Skriv et spørgsmål"):
        session.ask("   ")
    with pytest.raises(ValueError, match="for langt"):
        session.ask("x" * (corpus_assistant.settings.max_question_chars + 1))
    answer = session.ask("Hvad er intentionstrængsel? Mors nummer er 23 45 67 89")
    assert "23 45 67 89" not in answer.question and "[telefonnummer fjernet]" in answer.question
    assert "23 45 67 89" not in session.history[-1].question
    assert any("personoplysninger" in n for n in answer.notices)


def test_stream_yields_the_offline_text(corpus_assistant):
    stream = corpus_assistant.chat_session().stream(ANSWERABLE)
    tokens = list(stream)
    assert "".join(tokens) == stream.answer.text


def test_questions_and_headings_are_not_quoted_as_answers():
    from assistant.answer.offline import is_statement

    assert is_statement("Børnenes indbyrdes relationer kan fremmes gennem leg i mindre grupper.")
    assert not is_statement("Hvad vil hæve kvaliteten i dagtilbuddene?")
    assert not is_statement("”Hvordan kan vi gøre det bedre sammen med forældrene?”")
    assert not is_statement("Kvalitet kræver konstant opmærksomhed")  # a heading
