"""The meeting capability without a UI: guide building, saving and editing, the run, the minutes, the CLI."""

from __future__ import annotations

import io
import json
import subprocess

import docx
import pytest

from assistant.export.outline import to_docx, to_markdown
from assistant.meeting.guide import GuideBuilder, agenda
from assistant.meeting.minutes import MeetingRun, handout, minutes
from assistant.meeting.models import AgendaItem
from assistant.meeting.store import MeetingStore
from assistant.settings import PROJECT_ROOT
from conftest import run_main

BLOCK = "TIL REFLEKSION OVER SAMARBEJDET MED FORÆLDRE TIL BØRN I UDSATTE POSITIONER"
TOPIC = "samarbejdet med forældre til børn i udsatte positioner"
CITATION_KEYS = {"quote", "chunk_text", "doc_id", "title", "section", "chunk_id"}


@pytest.fixture(scope="module")
def builder(corpus_assistant) -> GuideBuilder:
    return GuideBuilder(corpus_assistant)


@pytest.fixture(scope="module")
def guide(builder):
    return builder.build(TOPIC, 60, "hele huset")


@pytest.fixture
def store(tmp_path) -> MeetingStore:
    return MeetingStore(tmp_path / "meetings.sqlite")


@pytest.mark.parametrize("length", [30, 45, 60, 90])
@pytest.mark.parametrize("follow_up", [False, True])
def test_agenda_time_boxes_sum_to_the_length(length, follow_up):
    items = agenda(length, follow_up)
    assert sum(i.minutes for i in items) == length
    assert all(i.minutes >= 1 for i in items)
    kinds = [i.kind for i in items]
    assert kinds[-2:] == ["agreements", "closing"] and "opening" in kinds and "round" in kinds
    assert (kinds[0] == "followup") == follow_up


def test_other_lengths_are_refused_in_danish():
    with pytest.raises(ValueError, match="minutter"):
        agenda(50)


def test_readings_are_verbatim_from_different_passages(guide):
    assert 2 <= len(guide.readings) <= 4
    for c in guide.readings + [guide.opening.statement]:
        assert c.quote and c.quote in c.chunk_text
    assert len({c.chunk_id for c in guide.readings}) == len(guide.readings)
    assert len({c.quote for c in guide.readings}) == len(guide.readings)


def test_opening_is_a_cited_statement_with_vi_questions(guide):
    assert guide.opening.statement is not None
    assert 1 <= len(guide.opening.questions) <= 3
    assert all(" vi " in f" {q} " and q.endswith("?") for q in guide.opening.questions)


def test_topic_matching_a_reflection_block_gets_the_whole_block(guide, corpus_assistant):
    block = [q.text for q in corpus_assistant.inventory if q.section == BLOCK and not q.derived]
    assert len(block) >= 3
    assert [q.text for q in guide.questions] == block
    assert all(q.source is not None and q.source.quote in q.source.chunk_text for q in guide.questions)


def test_other_topics_get_relevant_questions_own_first_and_derived_labelled(builder):
    questions = builder.questions("legens betydning for børns læring")
    assert questions
    derived = [q.derived for q in questions]
    assert derived == sorted(derived)  # own questions (False) before derived ones
    assert all(q.statement for q in questions if q.derived)
    assert any("leg" in q.text.lower() for q in questions)


def test_empty_topic_is_refused(builder):
    with pytest.raises(ValueError, match="emne"):
        builder.build("   ")


def test_saved_guide_can_be_edited_and_loaded_again(guide, store):
    saved = store.save_guide(guide)
    assert saved.id
    edited = saved.model_copy(update={
        "agenda": [AgendaItem(title="Kaffe", minutes=5)] + list(reversed(saved.agenda[1:])),
        "readings": saved.readings[:2],
    })
    store.save_guide(edited)
    loaded = store.load_guide(saved.id)
    assert loaded.agenda[0].title == "Kaffe" and loaded.agenda[1:] == list(reversed(guide.agenda[1:]))
    assert loaded.readings == guide.readings[:2]
    assert [g.id for g in store.guides()] == [saved.id]


def test_run_redacts_notes_and_agreements_and_exports_minutes(guide, store):
    run = MeetingRun.start(store, guide)
    notices = run.note("Mor til Ida ringer fra 20 30 40 50, vi tager en samtale")
    assert notices and "20 30 40 50" not in run.meeting.notes[0]
    run.next()
    run.note("Vi læste om forældresamtaler")
    run.agree("Prøve en kort daglig snak ved aflevering", who="Stue A", when="uge 12", follow_up="næste møde")
    with pytest.raises(ValueError):
        run.agree("  ")
    outline = run.finish()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(to_docx(outline))).paragraphs)
    assert "Referat" in text and "Vi læste om forældresamtaler" in text
    assert "Prøve en kort daglig snak ved aflevering" in text and "Stue A" in text
    assert "20 30 40 50" not in text and guide.readings[0].quote.split()[0] in text
    assert "Vi læste om forældresamtaler" in to_markdown(minutes(store.load_meeting(run.meeting.id)))


def test_next_meeting_opens_with_last_agreements(guide, store, builder):
    run = MeetingRun.start(store, guide)
    run.agree("Hente forældrene ind i garderoben")
    run.finish()
    previous = store.last_agreements("noget helt andet")
    assert [a.what for a in previous] == ["Hente forældrene ind i garderoben"]
    nxt = builder.build(TOPIC, 30, previous=previous)
    assert nxt.agenda[0].kind == "followup" and sum(a.minutes for a in nxt.agenda) == 30
    assert "Hente forældrene ind i garderoben" in to_markdown(handout(nxt))


def test_handout_docx_holds_agenda_questions_and_sources(guide):
    doc = docx.Document(io.BytesIO(to_docx(handout(guide))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Dagsorden" in text and "Kilder" in text and "Hvem gør det?" in text
    assert guide.questions[0].text in text


def run_cli(args, data_dir) -> subprocess.CompletedProcess:
    return run_main(args, {"RA_DATA_DIR": str(data_dir), "RA_CORPUS_DIR": str(PROJECT_ROOT / "corpus")})


def test_cli_prints_the_guide_as_json_and_writes_the_handout(corpus_data_dir, tmp_path):
    out = run_cli(["meeting", TOPIC, "--minutes", "45", "--json", "--docx", str(tmp_path / "h.docx"),
                   "--md", str(tmp_path / "h.md")], corpus_data_dir)
    assert out.returncode == 0, out.stderr
    guide = json.loads(out.stdout)
    assert sum(a["minutes"] for a in guide["agenda"]) == 45
    assert CITATION_KEYS <= set(guide["opening"]["statement"]) and guide["readings"]
    assert all(CITATION_KEYS <= set(c) for c in guide["readings"])
    assert {"text", "derived", "source"} <= set(guide["questions"][0])
    assert "Dagsorden" in (tmp_path / "h.md").read_text(encoding="utf-8")
    assert docx.Document(str(tmp_path / "h.docx")).paragraphs


def test_cli_refuses_an_empty_topic_in_one_line(corpus_data_dir):
    out = run_cli(["meeting", " "], corpus_data_dir)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_readings_find_gold_passages_on_most_eval_topics(corpus_assistant, builder):
    """The eval's threshold in the default run (`python -m evals.meeting` reports the full figures)."""
    from evals.meeting import TOPICS, gold_chunks, score

    cases = [json.loads(line) for line in TOPICS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 8
    scores = [score(builder, c["topic"], gold_chunks(corpus_assistant.searcher, c["gold"]), timed=False) for c in cases]
    assert sum(s.hit for s in scores) / len(scores) >= 0.6  # 6/9 with the new span selection (7/9 before); see evals/report.md
    assert sum(s.opening for s in scores) / len(scores) >= 0.7


def test_a_topic_typed_as_one_compound_finds_the_questions_its_parts_name(builder):
    # the chat hands "forældresamarbejde" to the guide; the documents ask about "samarbejdet med forældrene"
    questions = builder.questions("forældresamarbejde")
    assert questions and all("forældre" in (q.text + q.block).lower() for q in questions)
    assert [q.text for q in questions] == [q.text for q in builder.questions("samarbejde med forældre")]


def test_a_long_topic_gets_the_questions_that_hold_its_most_specific_word(builder):
    # walkthrough: "Spørgsmål til drøftelse" was empty, though the agenda had two discussion rounds: no question
    # holds half of "børnefællesskaber … alle børn en ven", but some ask about børnefællesskaberne
    questions = builder.questions("Børnefællesskaber – hvordan får alle børn en ven?")
    assert 1 <= len(questions) <= 3 and "børnefællesskab" in questions[0].text.lower()
    assert builder.questions("madpakker og frugt") == []  # nothing on the topic: no question just to have one
