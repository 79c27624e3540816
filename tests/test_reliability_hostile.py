"""Issue 9, cases 4 and 7 end to end: what is stored and exported is redacted, hostile input never
crashes a question, a search, a reflection or the rendering, and bare URLs are never made links."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.export.reflection import to_markdown
from assistant.reflect.facilitator import Facilitator, SessionStore
from assistant.text.markdown import escape, plain_links
from evals.hostile import PAYLOADS, hostile_inputs
from evals.reliability import hostile_eval

ISSUE_FORMATS = "Ida Marie på Solstuen; far tlf.12345678, cpr-nr.010203-1234 og +45.12.34.56.78"


def test_reflection_answers_are_stored_and_exported_redacted(corpus_assistant, tmp_path):
    store = SessionStore(tmp_path / "reflection.sqlite")
    f = Facilitator(corpus_assistant, store=store)
    session = f.start_from_theme(f.theme_choices()[0].id)
    notices = f.answer(session, ISSUE_FORMATS)
    f.finish(session, agreements="Ring til Noah (4 år) på 23 45 67 89", experiments="")
    assert notices and "navn" in notices[0]
    with sqlite3.connect(tmp_path / "reflection.sqlite") as db:
        stored = " ".join(str(row) for row in db.execute("SELECT * FROM sessions"))
    exported = to_markdown(f.load(session.id))
    for secret in ["Ida Marie", "12345678", "010203-1234", "+45.12.34.56.78", "Noah", "23 45 67 89"]:
        assert secret not in stored and secret not in exported


def test_hostile_inputs_render_as_plain_text():
    inputs = hostile_inputs()
    assert len(inputs) >= 120
    for text in inputs:
        shown = escape(text)
        assert "<script" not in shown.replace("\\<", "") and "](" not in shown


# A few families here (markup, injection, control characters, a lone surrogate, size); the eval runs them all.
@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith(("<script", "'; DROP", "\x00", "\ud800", "{0}"))])
def test_hostile_payloads_as_question_search_and_concern(corpus_assistant, payload):
    result = hostile_eval(corpus_assistant, inputs=[f"Hvordan arbejder vi med {payload[:300]}?"])
    assert result["crashes"] == []


@pytest.mark.parametrize("question", ["", "   \n\t", "ord " * 600, "?", " ... !"])
def test_empty_and_oversized_questions_are_refused_in_danish(corpus_assistant, question):
    session = corpus_assistant.chat_session()
    session.ask("Hvad er intentionstrængsel?")  # also as a follow-up: a lone "?" asked nothing more
    with pytest.raises(ValueError, match="Skriv et spørgsmål|for langt"):
        session.ask(question)


def test_bare_urls_and_addresses_are_not_autolinked():
    text = "Læs https://emu.dk/x og www.emu.dk eller skriv til kontakt@emu.dk"
    defused = plain_links(text)
    assert "https://" not in defused and "www." not in defused and "t@e" not in defused
    assert defused.replace("\u2060", "") == text  # nothing but invisible joiners is added
