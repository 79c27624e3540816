"""One generation of the search index, as the searcher holds it: chunks, BM25 indexes, word statistics
and window vectors. Built from the store and saved at ingest, loaded at start, never changed after:
a new generation is built beside the old one and swapped in whole (STYLE.md §13)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import TypeAdapter

from assistant.ingest.chunking import titled, windows_of
from assistant.models import Chunk, SourceDocument

if TYPE_CHECKING:  # `current()` is asked on every page run: it must not import chromadb or bm25s
    from assistant.search.store import ChunkStore
    from assistant.text.lexical import LexicalIndex

CHUNKS = TypeAdapter(list[Chunk])  # validated in pydantic-core: ~50× faster than a Python loop
DOCUMENTS = TypeAdapter(list[SourceDocument])

FORMAT = 2  # bump when the saved layout changes: older snapshots are then rebuilt from the store
CURRENT = "CURRENT"  # names the live generation: "<snapshot folder> <collection id>"
KEEP = 2  # snapshot folders kept: the live one and the one before (a reader may still be loading it)


def folder(data_dir: Path) -> Path:
    return data_dir / "search"


def current(data_dir: Path) -> str:
    """The live generation's marker, or "" when none was published (an index from before snapshots)."""
    try:
        return (folder(data_dir) / CURRENT).read_text()
    except OSError:
        return ""


@dataclass(frozen=True)
class Snapshot:
    """The searcher's whole state for one generation; replaced, never mutated."""

    marker: str
    chunks: dict[str, Chunk]
    order: list[str]
    """Chunk ids in document order: row i of the chunk BM25 index."""
    documents: dict[str, SourceDocument]
    by_doc: dict[str, list[str]]
    chunk_doc: np.ndarray
    """Document number (see `doc_number`) of each chunk row, for document filters as masks."""
    doc_number: dict[str, int]
    lexical: LexicalIndex
    window_lexical: LexicalIndex
    window_chunk: np.ndarray
    """Chunk row of each window row."""
    spans: dict[str, list[tuple[int, int, int]]]
    """Chunk id -> [(window row, start, end)] in text order."""
    vectors: np.ndarray
    """Window vectors (float32, saved as float16), one row per window."""
    embedded: np.ndarray
    """Whether each window row has a vector (a window the store had no vector for is no candidate)."""
    runs: np.ndarray
    """First window row of each run of one chunk's windows (they are stored chunk by chunk)."""
    aliases: dict[str, str]
    store: ChunkStore

    def nearest(self, vector: np.ndarray, n: int, docs: set[str] | None = None) -> list[tuple[str, float]]:
        """The n chunks whose best window is nearest to the vector, with that window's cosine similarity.
        Exact: Chroma's approximate search (HNSW) let the candidates differ between machines, which moved a
        dev question out of the top five on the CI machine; here they are the same everywhere."""
        best = np.full(len(self.order), -np.inf, dtype=np.float32)
        if len(self.runs):
            sims = self.vectors @ np.asarray(vector, np.float32)
            sims[~self.embedded] = -np.inf
            np.maximum.at(best, self.window_chunk[self.runs], np.maximum.reduceat(sims, self.runs))
        if (mask := self.doc_mask(docs)) is not None:
            best[~mask] = -np.inf
        top = np.argsort(-best, kind="stable")[:n]  # ties in document order
        return [(self.order[i], float(best[i])) for i in top if np.isfinite(best[i])]

    def doc_mask(self, docs: set[str] | None, rows: np.ndarray | None = None) -> np.ndarray | None:
        """Boolean mask over chunk rows, or over window rows when `rows` maps them to chunk rows."""
        if not docs:
            return None
        wanted = np.isin(self.chunk_doc, [self.doc_number[d] for d in docs if d in self.doc_number])
        return wanted if rows is None else wanted[rows]


def search_text(chunk: Chunk) -> str:
    return titled(chunk.section, chunk.text)


def build(store: ChunkStore, window_words: int, compounds: bool, aliases_of) -> dict:
    """The snapshot's parts from the store, in pages (chunks with their text, window vectors)."""
    chunks, documents = store.load()
    stored_spans, stored_vectors = store.window_vectors()
    row_of = {span: i for i, span in enumerate(stored_spans)}
    from assistant.text.lexical import LexicalIndex

    windows = [w for c in chunks for w in windows_of(c, window_words)]
    rows = np.array([row_of.get((w.chunk.id, w.start, w.end), -1) for w in windows], dtype=np.int64)
    vectors = np.zeros((len(windows), stored_vectors.shape[1]), dtype=np.float16)
    vectors[rows >= 0] = stored_vectors[rows[rows >= 0]]
    chunk_row = {c.id: i for i, c in enumerate(chunks)}
    return {
        "chunks": chunks, "documents": documents,
        "lexical": LexicalIndex([search_text(c) for c in chunks], compounds=compounds),
        "window_lexical": LexicalIndex([w.search_text() for w in windows], compounds=compounds),
        "windows": [(chunk_row[w.chunk.id], w.start, w.end) for w in windows],
        "vectors": vectors, "aliases": aliases_of(documents, chunks),
    }


def save(parts: dict, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    parts["lexical"].save(target / "bm25-chunks")
    parts["window_lexical"].save(target / "bm25-windows")
    np.save(target / "windows.npy", parts["vectors"])
    state = {
        "format": FORMAT, "aliases": parts["aliases"], "windows": parts["windows"],
    }
    (target / "chunks.json").write_bytes(CHUNKS.dump_json(parts["chunks"]))
    (target / "documents.json").write_bytes(DOCUMENTS.dump_json(list(parts["documents"].values())))
    (target / "state.json").write_text(json.dumps(state, ensure_ascii=False))  # last: marks it complete


def publish(store: ChunkStore, data_dir: Path, window_words: int, compounds: bool, aliases_of) -> str:
    """Build and save a new generation, then name it in CURRENT (written atomically: a reader sees the
    old name or the new one, and the new one only once its folder is complete). Returns the marker."""
    parts = build(store, window_words, compounds, aliases_of)
    name = _content_key(parts, f"{store.embedder.id} {window_words} {compounds}")
    root = folder(data_dir)
    target = root / name
    if not (target / "state.json").exists():
        tmp = root / f".{name}.{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        save(parts, tmp)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    marker = f"{name} {store.collection().id}"
    _write_atomically(root / CURRENT, marker)
    _prune(root, keep=name)
    return marker


def load(data_dir: Path, marker: str, store: ChunkStore) -> Snapshot:
    """The generation named by `marker`, read from its folder (BM25 memory-mapped)."""
    from assistant.text.lexical import LexicalIndex

    source = folder(data_dir) / marker.split()[0]
    state = json.loads((source / "state.json").read_text())
    if state.get("format") != FORMAT:
        raise FileNotFoundError(f"snapshot format {state.get('format')} is not {FORMAT}")
    documents = {d.id: d for d in DOCUMENTS.validate_json((source / "documents.json").read_bytes())}
    chunks = CHUNKS.validate_json((source / "chunks.json").read_bytes())
    return assemble(marker, state, chunks, documents, LexicalIndex.load(source / "bm25-chunks"),
                    LexicalIndex.load(source / "bm25-windows"), np.load(source / "windows.npy", mmap_mode="r"), store)


def from_parts(marker: str, parts: dict, store: ChunkStore) -> Snapshot:
    """A snapshot kept in memory only (the data folder is read-only)."""
    return assemble(marker, parts, parts["chunks"], parts["documents"], parts["lexical"], parts["window_lexical"],
                    parts["vectors"], store)


def assemble(marker, state, chunks, documents, lexical, window_lexical, vectors, store) -> Snapshot:
    order = [c.id for c in chunks]
    doc_number = {d: i for i, d in enumerate(documents)}
    by_doc: dict[str, list[str]] = {d: [] for d in documents}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c.id)
    vectors = np.asarray(vectors, dtype=np.float32)
    window_chunk = np.array([w[0] for w in state["windows"]], dtype=np.int64)
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for row, (chunk_row, start, end) in enumerate(state["windows"]):
        spans.setdefault(order[chunk_row], []).append((row, start, end))
    return Snapshot(
        marker=marker, chunks=dict(zip(order, chunks)), order=order, documents=documents, by_doc=by_doc,
        chunk_doc=np.array([doc_number.get(c.doc_id, -1) for c in chunks], dtype=np.int64),
        doc_number=doc_number, lexical=lexical, window_lexical=window_lexical,
        window_chunk=window_chunk, spans=spans, vectors=vectors, embedded=vectors.any(axis=1),
        runs=np.flatnonzero(np.diff(window_chunk, prepend=-1)), aliases=state["aliases"], store=store,
    )


def _content_key(parts: dict, settings: str) -> str:
    digest = hashlib.sha1(f"{FORMAT} {settings}".encode())
    for d in sorted(parts["documents"].values(), key=lambda d: d.id):
        digest.update(d.model_dump_json().encode())
    for c in parts["chunks"]:
        digest.update(c.id.encode())
    return digest.hexdigest()[:16]


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def _prune(root: Path, keep: str) -> None:
    """Drop old generations, keeping the newest few (by time of writing) and the live one."""
    generations = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
    for old in generations[KEEP:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
