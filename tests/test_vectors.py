"""The corpus vector fixture (`evals/vectors.py`) that spares a fresh clone's test run 90 s of embedding:
it must cover what an ingest embeds, and hold what the real model computes."""

from __future__ import annotations

import numpy as np

from evals.vectors import COMMAND, FIXTURE


def test_the_vector_fixture_covers_what_an_ingest_of_the_corpus_embeds(corpus_build):
    _, embedded = corpus_build
    assert embedded == 0, f"{embedded} corpus texts are missing from {FIXTURE.name}: run `{COMMAND}`"


def test_the_vector_fixture_holds_the_real_models_vectors(corpus_assistant):
    from assistant.search.embedders import EmbeddingCache

    data = np.load(FIXTURE)
    assert str(data["model"]) == corpus_assistant.embedder.id
    row = {h.decode(): i for i, h in enumerate(data["hashes"])}
    chunks = sorted(corpus_assistant.searcher.chunks.values(), key=lambda c: c.id)
    texts = [c.text[s:e] for c in chunks[::60] for s, e in _long_sentences(c.text)[:1]]
    texts = [t for t in texts if EmbeddingCache.key(t) in row]
    assert len(texts) >= 3
    fresh = corpus_assistant.embedder.embed_passages(texts)
    stored = data["vectors"][[row[EmbeddingCache.key(t)] for t in texts]]
    assert np.allclose((fresh * stored).sum(axis=1), 1.0, atol=1e-4)


def _long_sentences(text: str) -> list[tuple[int, int]]:
    from assistant.text.sentences import split_sentences

    return [(s, e) for s, e in split_sentences(text) if len(text[s:e].split()) >= 6]
