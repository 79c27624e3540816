"""The reflection question inventory: extraction against the gold list, derived questions, storage, CLI."""

from __future__ import annotations

import json
import re

import pytest

from assistant.text.cleaning import Vocabulary, clean_document
from assistant.core import build_assistant
from assistant.ingest.indexing import prepare, read_all
from assistant.reflect.inventory import extract, load_derived_templates
from assistant.reflect.paragraphs import normalise
from assistant.reflect.question_index import QuestionIndex
from assistant.reflect.themes import Themes
from assistant.models import SourceDocument
from assistant.settings import PROJECT_ROOT
from evals.data import load_jsonl
from evals.reflection import GOLD, corpus_questions, score

from conftest import CORPUS, make_settings, run_main

PHASES = {"forberedelse": 4, "planlægning": 3, "gennemførelse": 4, "evaluering": 3, "forældresamarbejde": 5, "ledelse": 4}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return corpus_questions(make_settings(tmp_path_factory.mktemp("inventory")))


@pytest.fixture(scope="module")
def cleaned_texts(tmp_path_factory):
    raw, _ = read_all(CORPUS, tmp_path_factory.mktemp("cleaned"))
    return {p.doc.id: p.cleaned.text for p in prepare(raw, 80, 250)}


def test_extraction_meets_the_gold_list(extracted):
    scores = score(extracted, load_jsonl(GOLD))
    assert scores.recall >= 0.95, scores.missed
    assert scores.precision >= 0.95, scores.extra


def test_every_block_of_the_process_wheel_is_found_with_its_theme(extracted):
    fremtidens = [q for q in extracted if q.doc_id == "fremtidens-dagtilbud" and not q.derived]
    counts = {theme: sum(q.theme == theme for q in fremtidens) for theme in PHASES}
    assert counts == PHASES
    # The misspelt heading and the one without "TIL" still open their blocks.
    assert {q.section for q in fremtidens if q.theme in ("forberedelse", "ledelse")} == {
        "TIL REFLEKSION OVER FORBEDEDELSEN", "REFLEKSION OVER LEDELSENS ROLLE"}


def test_two_part_questions_stay_whole(extracted):
    texts = {q.text for q in extracted}
    assert any(t.endswith("forudsætninger? Hvordan?") for t in texts)
    assert any(t.endswith("læringsmiljøer? Hvordan kommer det til udtryk?") for t in texts)


def test_headings_and_others_questions_are_not_reflection_questions(extracted):
    texts = {normalise(q.text) for q in extracted}
    for heading in ("Hvad kan du læse om i praksiskataloget?", "Hvilken viden bygger praksiskataloget på?",
                    "Hvad kom der ud af rundbordssamtalerne?", "Hvornår er der kvalitet i dagtilbuddene?",
                    "Hvad vil hæve kvaliteten i dagtilbuddene?"):
        assert normalise(heading) not in texts
    # A pedagogue's question to parents, quoted; practical examples; a research question.
    for other in ("Hvordan gør I, når I dækker bord?", "Hvem hjælper børn på toilettet?",
                  "Hvad har været vigtigt for at understøtte forandringerne i praksis?"):
        assert not any(normalise(other) in t for t in texts)


def test_questions_and_contexts_are_verbatim_document_text(extracted, cleaned_texts):
    for q in extracted:
        text = cleaned_texts[q.doc_id]
        assert q.context and q.context in text, q.id
        if q.derived:
            assert text[q.start : q.end] in q.context
        else:
            assert normalise(text[q.start : q.end]) == normalise(q.text)


def test_ids_are_stable_and_unique(extracted, tmp_path):
    again = corpus_questions(make_settings(tmp_path))
    assert [q.id for q in again] == [q.id for q in extracted]
    assert len({q.id for q in extracted}) == len(extracted)


def test_commitment_lists_become_labelled_derived_questions(extracted, cleaned_texts):
    derived = [q for q in extracted if q.derived]
    assert {q.doc_id for q in derived} == {"koege-strategi", "kl-anbefalinger"}
    for q in derived:
        assert re.match(r"^Hvordan \w+(?: og \w+)? vi\b|^Hvordan kan vi\b", q.text), q.text
        assert q.text.endswith("?") and q.text.count("?") == 1
        assert q.statement.startswith(("Det er afgørende", "Der er afgørende", "KL vil arbejde for"))
        item = cleaned_texts[q.doc_id][q.start : q.end]
        assert item[:20].lower() in q.statement.lower()  # the statement is the cited item's own words
    texts = {q.text for q in derived}
    assert "Hvordan hjælper vi de børn, der har svært ved at finde ind i legen med andre børn?" in texts
    assert "Hvordan opbygger og vedligeholder vi tillidsfulde relationer med forældrene, med udgangspunktet i forældrenes helt unikke viden om deres barn?" in texts
    # Køge's leaders' list is about leadership, KL's sixth recommendation about parents.
    assert {q.theme for q in derived if "lederne" in q.statement} == {"ledelse"}
    assert {q.theme for q in derived if "samarbejdet med forældre styrkes" in q.statement} == {"forældresamarbejde"}


USER_DOC = """Sprogarbejde i vuggestuen

Hvordan arbejder vi med sprog?

Sproget udvikles i samspil med nære voksne, og hverdagens rutiner som måltider og påklædning er vigtige anledninger til samtaler.

Det er vigtigt, at personalet:

• Sætter ord på hverdagens handlinger sammen med børnene.
• Bruger måltidet som en anledning til samtale.

Spørgsmål til refleksion

Drøft spørgsmålene i personalegruppen:

• Hvornår i løbet af dagen har I de bedste samtaler med børnene?
• Hvilke børn taler I mindst med, og hvorfor?

Børnene lærer mange nye ord i løbet af et år. Forældrene spørger ofte: Hvad kan vi gøre derhjemme?
"""


def test_rules_generalise_to_a_user_document():
    doc = SourceDocument(id="user-sprog", title="Sprogarbejde", short="Sprogarbejde", user_added=True)
    cleaned = clean_document(USER_DOC, Vocabulary.from_texts([USER_DOC]))
    prompts = PROJECT_ROOT / "prompts"
    questions = extract(doc, cleaned, Themes.load(prompts), load_derived_templates(prompts))
    own = [q.text for q in questions if not q.derived]
    assert own == ["Hvornår i løbet af dagen har I de bedste samtaler med børnene?",
                   "Hvilke børn taler I mindst med, og hvorfor?"]
    derived = [q for q in questions if q.derived]
    assert [q.text for q in derived] == ["Hvordan sætter vi ord på hverdagens handlinger sammen med børnene?",
                                         "Hvordan bruger vi måltidet som en anledning til samtale?"]
    assert all(q.theme == "sprog" for q in questions)


REPEATED_DOC = USER_DOC.replace(
    "• Hvilke børn taler I mindst med, og hvorfor?",
    "• Hvilke børn taler I mindst med, og hvorfor?\n• Hvilke børn taler I mindst med, og hvorfor?",
)


def test_a_question_asked_twice_is_extracted_once():
    assert REPEATED_DOC.count("Hvilke børn taler I mindst med") == 2
    doc = SourceDocument(id="user-gentaget", title="Gentaget", short="Gentaget", user_added=True)
    cleaned = clean_document(REPEATED_DOC, Vocabulary.from_texts([REPEATED_DOC]))
    prompts = PROJECT_ROOT / "prompts"
    questions = extract(doc, cleaned, Themes.load(prompts), load_derived_templates(prompts))
    assert len({q.id for q in questions}) == len(questions)
    assert [q.text for q in questions if not q.derived] == [
        "Hvornår i løbet af dagen har I de bedste samtaler med børnene?", "Hvilke børn taler I mindst med, og hvorfor?"]


def test_a_repeated_question_does_not_break_ingest(fresh_assistant, tmp_path):
    # Chroma's upsert raises on duplicate ids; before the fix this blocked every later ingest.
    index = QuestionIndex(fresh_assistant)
    stored = fresh_assistant.inventory
    assert index.sync(stored + stored[:1]) == 0
    path = tmp_path / "gentaget.txt"
    path.write_text(REPEATED_DOC, encoding="utf-8")
    assert not fresh_assistant.ingest([path]).problems
    added = [q for q in fresh_assistant.inventory if q.doc_id.startswith("user-gentaget")]
    assert len(added) == 4 and sum(q.derived for q in added) == 2


def test_dense_search_over_questions_ranks_by_concern(corpus_assistant):
    by_id = {q.id: q for q in corpus_assistant.inventory}
    ranked = QuestionIndex(corpus_assistant).query("vi har svært ved at inddrage forældrene", len(by_id))
    assert len(ranked) == len(by_id) and all(qid in by_id for qid, _ in ranked)
    assert by_id[ranked[0][0]].theme == "forældresamarbejde"
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1
    assert len(QuestionIndex(corpus_assistant).query("forældre", 3)) == 3


def test_dense_search_over_an_empty_inventory_finds_nothing(tmp_path):
    index = QuestionIndex(build_assistant(make_settings(tmp_path)))
    index.sync([])
    assert index.query("vi har svært ved at inddrage forældrene") == []


def test_inventory_is_stored_with_the_index(corpus_assistant, extracted):
    stored = corpus_assistant.inventory
    assert [q.id for q in stored] == [q.id for q in extracted]
    assert stored[0] == extracted[0]


def test_an_unchanged_reingest_redoes_nothing_and_user_documents_add_their_questions(fresh_assistant, tmp_path):
    before = [q.id for q in fresh_assistant.inventory]
    unchanged = fresh_assistant.ingest()  # its speed is measured in evals/bench.py
    assert unchanged.added == 0 and unchanged.removed == 0 and unchanged.ingested == []
    assert [q.id for q in fresh_assistant.inventory] == before

    path = tmp_path / "sprogarbejde.txt"
    path.write_text(USER_DOC, encoding="utf-8")
    report = fresh_assistant.ingest([path])
    assert not report.problems
    added = [q for q in fresh_assistant.inventory if q.doc_id.startswith("user-sprogarbejde")]
    assert len(added) == 4 and sum(q.derived for q in added) == 2


def _cli(data_dir, *args):
    result = run_main(["questions", *args], {"RA_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_questions_cli_prints_the_inventory_as_json(corpus_data_dir, extracted):
    items = _cli(corpus_data_dir, "--json")
    assert len(items) == len(extracted)
    assert {"id", "text", "theme", "doc_id", "title", "section", "context", "derived"} <= set(items[0])
    assert sum(not i["derived"] for i in items) == 25
    assert all(i["derived"] is True for i in items if i["doc_id"] in ("koege-strategi", "kl-anbefalinger"))
    own = _cli(corpus_data_dir, "--json", "--theme", "forberedelse", "--own-only")
    assert [i["theme"] for i in own] == ["forberedelse"] * 4
    assert own[0]["title"] == "Fremtidens Dagtilbud – praksiskatalog"
