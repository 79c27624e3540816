"""Corpora N× the bundled one for the scale benchmark, made from the real text.

Copy k of a document keeps its words but not its order: paragraphs shuffled and the sentences of each
paragraph rotated by k, so its chunks and windows are new texts. Embedding 100× the corpus would take
hours (~18 passages/s), so the new windows' vectors are precomputed into the embedding cache: each gets
the vector of the real window it shares most words with (BM25 over the real windows) plus a little noise,
so copies sit near their originals without being duplicates. Ingest then finds every vector cached."""

from __future__ import annotations

import json
import random
import re
import tomllib
from pathlib import Path

import bm25s
import numpy as np

from assistant.ingest.indexing import prepare, read_all
from assistant.reflect.inventory import extract_all
from assistant.reflect.question_index import embedding_text

NOISE = 0.3  # norm of the noise added to a borrowed unit vector (cosine to the original ≈ 0.96)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


def variant(text: str, k: int) -> str:
    """The text with its paragraphs shuffled (the first, the title, stays) and sentences rotated by k."""
    first, *paragraphs = text.split("\n\n")
    random.Random(k).shuffle(paragraphs)
    rotated = []
    for para in paragraphs:
        sentences = SENTENCE_END.split(para)
        shift = k % len(sentences)
        rotated.append(" ".join(sentences[shift:] + sentences[:shift]))
    return "\n\n".join([first, *rotated])


def write_corpus(corpus_dir: Path, target: Path, scale: int) -> Path:
    """`scale` copies of every document in `corpus_dir` (copy 0 is the original), with a manifest."""
    target.mkdir(parents=True, exist_ok=True)
    entries = tomllib.loads((corpus_dir / "manifest.toml").read_text(encoding="utf-8"))["document"]
    lines = []
    for k in range(scale):
        for entry in entries:
            text = (corpus_dir / entry["file"]).read_text(encoding="utf-8")
            copy = {**entry, "file": f"{k:03d}-{entry['file']}"}
            if k:
                copy |= {"id": f"{entry['id']}-{k}", "title": f"{entry['title']} ({k})"}
            (target / copy["file"]).write_text(variant(text, k) if k else text, encoding="utf-8")
            lines += ["[[document]]"] + [f"{key} = {json.dumps(value, ensure_ascii=False)}"
                                         for key, value in copy.items()] + [""]
    (target / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return target


def seed_vectors(assistant, original_ids: set[str]) -> int:
    """Write approximate vectors for every text the ingest will embed that the originals do not share.
    Returns how many were written."""
    s = assistant.settings
    raw, _ = read_all(s.corpus_dir, s.data_dir)
    prepared = prepare(raw, s.chunk_min_words, s.chunk_max_words, s.window_words)
    texts_of = {
        p.doc.id: [w.search_text() for w in p.windows] for p in prepared
    }
    questions = extract_all(prepared, s.prompts_dir)
    originals = [t for d in original_ids for t in texts_of.get(d, [])]
    originals += [embedding_text(q) for q in questions if q.doc_id in original_ids]
    originals = list(dict.fromkeys(originals))
    known = set(originals)
    new = list(dict.fromkeys(t for d, ts in texts_of.items() if d not in original_ids for t in ts if t not in known))
    new += [t for t in dict.fromkeys(embedding_text(q) for q in questions) if t not in known and t not in new]
    if not new:
        return 0
    real = assistant.cache.embed_passages(assistant.embedder, originals)  # cached, or embedded once
    index = bm25s.BM25()
    index.index(bm25s.tokenize(originals, stopwords="da", show_progress=False), show_progress=False)
    nearest, _ = index.retrieve(bm25s.tokenize(new, stopwords="da", show_progress=False), k=1,
                                show_progress=False, n_threads=1)
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(len(new), real.shape[1])).astype(np.float32)
    vectors = real[nearest[:, 0]] + NOISE * noise / np.linalg.norm(noise, axis=1, keepdims=True)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assistant.cache.put(assistant.embedder.id, new, vectors)
    return len(new)
