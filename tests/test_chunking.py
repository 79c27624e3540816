"""Chunks stay inside sections, respect sentence boundaries, record spans, and have stable ids."""

import pytest

from assistant.ingest.chunking import chunk_document, chunk_id, split_section
from assistant.text.cleaning import Vocabulary, clean_document
from conftest import CORPUS


@pytest.fixture(scope="module")
def documents():
    raws = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    vocab = Vocabulary.from_texts(raws.values())
    return {name: clean_document(raw, vocab) for name, raw in raws.items()}


@pytest.fixture(scope="module")
def chunks(documents):
    return {name: chunk_document(name, d.text, d.sections) for name, d in documents.items()}


def test_chunk_text_is_its_span_of_the_cleaned_text(documents, chunks):
    for name, doc in documents.items():
        for c in chunks[name]:
            assert doc.text[c.start : c.end] == c.text


def test_chunks_stay_inside_one_section(documents, chunks):
    for name, doc in documents.items():
        for c in chunks[name]:
            section = next(s for s in doc.sections if s.start <= c.end - 1 < s.end)
            assert c.section == section.title
            assert section.start <= c.end <= section.end or c.start < section.start  # folded tiny sections


def test_chunk_sizes(chunks):
    sizes = [c.words() for cs in chunks.values() for c in cs]
    assert max(sizes) <= 300
    assert sum(80 <= s <= 250 for s in sizes) / len(sizes) >= 0.7
    assert sorted(sizes)[len(sizes) // 2] >= 100


def test_chunks_end_at_sentence_boundaries(chunks):
    ends = [c.text.rstrip()[-1] for cs in chunks.values() for c in cs if c.words() > 60]
    assert sum(e in ".!?:”\")" for e in ends) / len(ends) >= 0.9


def test_long_section_is_split_evenly():
    sentence = "Børnene leger i små grupper med en voksen. "
    pieces = split_section(sentence * 100, max_words=250)  # 800 words
    sizes = [len(p.split()) for p in pieces]
    assert len(pieces) == 4 and max(sizes) - min(sizes) <= 60
    assert all(p.endswith(".") for p in pieces)


def test_ids_are_stable_and_content_derived(documents):
    doc = documents["kl-sammen-om-de-bedste-rammer"]
    first = chunk_document("kl", doc.text, doc.sections)
    again = chunk_document("kl", doc.text, doc.sections)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    assert chunk_id("kl", "tekst") != chunk_id("kl", "tekst.") != chunk_id("foa", "tekst")


def test_positions_are_in_document_order(chunks):
    for cs in chunks.values():
        assert [c.position for c in cs] == list(range(len(cs)))
        assert all(a.start < b.start for a, b in zip(cs, cs[1:]))
