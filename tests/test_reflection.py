"""The reflection session state machine: order, skip, back, edit, end early, resume, grounding, privacy."""

from __future__ import annotations

import sqlite3
import tomllib

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.export.reflection import to_markdown
from assistant.reflect.facilitator import Facilitator, SessionStore, offer, single_open_question
from assistant.settings import PROJECT_ROOT

DEEPENING = tomllib.loads((PROJECT_ROOT / "prompts" / "reflection_deepening.toml").read_text(encoding="utf-8"))
ANSWER = "Vi holder statusmøder, men vi får sjældent skrevet noget ned, og dokumentationen er tilfældig."


@pytest.fixture
def store(tmp_path) -> SessionStore:
    return SessionStore(tmp_path / "reflection.sqlite")


@pytest.fixture
def facilitator(corpus_assistant, store) -> Facilitator:
    return Facilitator(corpus_assistant, store)


def _texts(session):
    return [s.question.text for s in session.steps]


def test_theme_session_asks_the_themes_own_questions_in_document_order(facilitator, corpus_assistant):
    session = facilitator.start_from_theme("evaluering")
    own = [q for q in corpus_assistant.inventory if q.theme == "evaluering" and not q.derived]
    assert _texts(session) == [q.text for q in own] and len(own) == 3
    assert session.title.startswith("Evaluering og refleksion")
    first = facilitator.current(session)
    assert first.question.text.startswith("Hvordan og hvornår evaluerer I")


def test_each_question_comes_with_a_cited_passage_from_its_document(facilitator):
    session = facilitator.start_from_theme("forberedelse")
    for step in session.steps:
        context = step.context
        assert context is not None and context.doc_id == step.question.doc_id
        assert context.quote in context.chunk_text and 20 < len(context.quote) <= 400
        assert "?" not in context.quote  # a passage about the practice, not the question block itself
        # Why it matters: a whole statement (not a caption or fragment), from any document.
        assert step.why is None or (step.why.quote in step.why.chunk_text and step.why.quote.rstrip().endswith((".", "!")))


def test_theme_without_questions_is_named_by_its_label(facilitator):
    with pytest.raises(ValueError, match="“Sprog og kommunikation”"):
        facilitator.start_from_theme("sprog")


def test_theme_with_few_own_questions_uses_labelled_derived_ones(facilitator):
    session = facilitator.start_from_theme("leg")
    assert session.steps and all(s.question.derived for s in session.steps)
    step = session.steps[0]
    # A derived question cites the very statement it is built on.
    assert step.context.quote.startswith("Skaber plads til børns selvinitierede leg")
    assert step.context.doc_id == "koege-strategi"


def test_answer_gives_grounded_follow_up_and_deepening_question(facilitator):
    session = facilitator.start_from_theme("evaluering")
    notices = facilitator.answer(session, ANSWER)
    step = session.steps[0]
    assert notices == [] and step.answer == ANSWER
    assert step.response.kind == "follow_up" and step.response.focus.lower() in ANSWER.lower()
    assert step.response.text.count("?") == 1 and step.deepening == step.response.text
    if step.follow_up is not None:
        assert step.follow_up.chunk_id != step.context.chunk_id and step.follow_up.quote in step.follow_up.chunk_text
        assert offer(step.follow_up).startswith(f"{step.follow_up.short} beskriver: “")
    assert session.current == 0  # the person reads the follow-up before going on


def test_next_skip_back_edit_and_end_early(facilitator):
    session = facilitator.start_from_theme("forældresamarbejde")
    assert len(session.steps) == 5
    facilitator.answer(session, "Vi inddrager forældrene ved samtaler to gange om året.")
    assert facilitator.next(session) is session.steps[1]
    assert facilitator.skip(session) is session.steps[2]
    assert session.steps[1].skipped and not session.steps[1].answer
    facilitator.back(session)
    assert session.current == 1
    facilitator.answer(session, "Vi tilrettelægger det individuelle samarbejde sammen med sundhedsplejen.")
    assert not session.steps[1].skipped
    first_follow_up = session.steps[0].response
    facilitator.edit(session, 0, "Vi spørger forældrene om, hvordan de oplever barnets sprog derhjemme.")
    assert session.steps[0].answer.startswith("Vi spørger forældrene")
    assert session.steps[0].response is not None and session.steps[0].deepening
    assert session.current == 1  # editing does not move the session
    assert facilitator.next(session) is session.steps[2]
    facilitator.end(session)
    assert session.finished and facilitator.current(session) is None
    assert [bool(s.answer) for s in session.steps] == [True, True, False, False, False]
    assert first_follow_up is not None


def test_session_resumes_from_sqlite_in_a_new_store(facilitator, corpus_assistant, store):
    session = facilitator.start_from_theme("planlægning", title="Stuemøde på Solstuen")
    facilitator.answer(session, ANSWER)
    facilitator.next(session)
    fresh = Facilitator(corpus_assistant, SessionStore(store.path))
    resumed = fresh.load(session.id)
    assert resumed.model_dump() == session.model_dump()
    assert fresh.current(resumed).question.text == session.steps[1].question.text
    fresh.answer(resumed, "Vi planlægger hver fredag.")
    again = SessionStore(store.path).load(session.id)
    assert again.steps[1].answer == "Vi planlægger hver fredag."
    assert [s.title for s in SessionStore(store.path).list()] == ["Stuemøde på Solstuen"]
    SessionStore(store.path).delete(session.id)
    assert SessionStore(store.path).list() == []
    with pytest.raises(KeyError):
        store.load(session.id)


def test_personal_data_is_redacted_before_it_is_stored(facilitator, store):
    session = facilitator.start_from_theme("forberedelse")
    notices = facilitator.answer(session, "Ring til mor på 22 33 44 55 eller skriv til mor@example.dk om barnet 010203-1234.")
    assert notices and "personoplysninger" in notices[0]
    answer = session.steps[0].answer
    assert "22 33 44 55" not in answer and "mor@example.dk" not in answer and "010203-1234" not in answer
    facilitator.finish(session, agreements="Kontakt Hanne på hanne@example.dk", experiments="Prøv nye samlinger.")
    with sqlite3.connect(store.path) as db:
        raw = " ".join(row[0] for row in db.execute("SELECT data FROM sessions"))
    for secret in ("22 33 44 55", "mor@example.dk", "010203-1234", "hanne@example.dk"):
        assert secret not in raw
    assert "[e-mail fjernet]" in raw


def test_summary_holds_questions_answers_passages_and_agreements(facilitator):
    session = facilitator.start_from_theme("gennemførelse")
    facilitator.answer(session, "Vi giver børnene tid og følger deres initiativ i samlingen.")
    facilitator.answer_deepening(session, "Vi vil lade børnene vælge sang.")
    facilitator.next(session)
    facilitator.skip(session)
    facilitator.finish(session, agreements="Vi observerer hinanden én gang om ugen.",
                       experiments="Prøvehandling: små grupper i garderoben i to uger.")
    md = to_markdown(session)
    for step in session.steps:
        assert step.question.text in md
    assert "Vi giver børnene tid og følger deres initiativ i samlingen." in md
    assert "Vi vil lade børnene vælge sang." in md and session.steps[0].deepening in md
    assert "Sprunget over." in md and "Ikke besvaret." in md
    assert "## Aftaler" in md and "Vi observerer hinanden én gang om ugen." in md
    assert "små grupper i garderoben" in md
    assert " ".join(session.steps[0].context.quote.split())[:60] in md
    assert "Fremtidens Dagtilbud – praksiskatalog" in md


def test_concern_suggests_relevant_questions_with_reasons(facilitator):
    concern = "vi har mange konflikter i garderoben"
    suggestions = facilitator.suggest(concern)
    assert len(suggestions) == 5
    assert len({s.question.text for s in suggestions}) == 5
    assert all(s.reason.startswith("Spørgsmålet ") and "“" in s.reason for s in suggestions)
    # Conflicts are about children's interactions and relations, not planning tools or policy.
    relational = {"gennemførelse", "relationer", "leg", "kvalitet", "udsatte", "læringsmiljø"}
    assert sum(s.question.theme in relational for s in suggestions) >= 2
    assert not any(s.question.doc_id == "kl-anbefalinger" for s in suggestions)

    session = facilitator.start_from_concern(concern)
    assert session.concern == concern and not session.theme
    assert [s.question.id for s in session.steps] == [s.question.id for s in suggestions]
    assert all(step.reason for step in session.steps)


def test_concern_session_with_chosen_questions(facilitator):
    suggestions = facilitator.suggest("forældrene kommer ikke til forældremøder")
    assert all(s.question.theme == "forældresamarbejde" for s in suggestions[:3])
    chosen = [suggestions[2].question.id, suggestions[0].question.id]
    session = facilitator.start_from_concern("forældrene kommer ikke til forældremøder", question_ids=chosen)
    assert [s.question.id for s in session.steps] == chosen


def test_fake_llm_deepening_question_is_used_when_it_is_one_open_question(corpus_assistant, store):
    llm = GenericFakeChatModel(messages=iter([AIMessage(content="Hvad ville ændre sig, hvis I skrev én observation ned efter hvert statusmøde?")]))
    facilitator = Facilitator(corpus_assistant, store, chat_model=llm)
    session = facilitator.start_from_theme("evaluering")
    facilitator.answer(session, ANSWER)
    assert session.steps[0].deepening == "Hvad ville ændre sig, hvis I skrev én observation ned efter hvert statusmøde?"


def test_fake_llm_reply_that_is_not_one_open_question_falls_back_to_template(corpus_assistant, store):
    llm = GenericFakeChatModel(messages=iter([AIMessage(content="Godt svar! Har I prøvet logbog? Og video?")]))
    facilitator = Facilitator(corpus_assistant, store, chat_model=llm)
    session = facilitator.start_from_theme("evaluering")
    facilitator.answer(session, ANSWER)
    assert session.steps[0].deepening == _offline_follow_up(corpus_assistant, store, "evaluering", ANSWER)


def test_single_open_question_check():
    assert single_open_question(" “Hvordan kan I dele observationerne?” ") == "Hvordan kan I dele observationerne?"
    assert single_open_question("I hvilket omfang deler I dem?") == "I hvilket omfang deler I dem?"
    assert single_open_question("Deler I observationerne?") is None  # closed (yes/no)
    assert single_open_question("Hvad gør I? Og hvorfor?") is None
    assert single_open_question("Hvad gør I") is None
    assert single_open_question("Her er et spørgsmål:\nHvad gør I?") is None


def test_fake_llm_that_fails_falls_back_to_template(corpus_assistant, store):
    llm = GenericFakeChatModel(messages=iter([]))  # raises when asked: like an unreachable server
    facilitator = Facilitator(corpus_assistant, store, chat_model=llm)
    assert facilitator.mode == "llm"
    session = facilitator.start_from_theme("ledelse")
    facilitator.answer(session, "Lederen deltager sjældent i vores statusmøder.")
    expected = _offline_follow_up(corpus_assistant, store, "ledelse", "Lederen deltager sjældent i vores statusmøder.")
    assert session.steps[0].deepening == expected


def _offline_follow_up(assistant, store, theme: str, answer: str) -> str:
    offline = Facilitator(assistant, SessionStore(store.path.with_name("offline.sqlite")))
    session = offline.start_from_theme(theme)
    offline.answer(session, answer)
    return session.steps[0].deepening
