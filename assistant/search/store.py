"""The Chroma vector store: chunks with their metadata, embedded by our own embedder."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import numpy as np


def _import_chromadb_without_override_checks() -> None:
    """chromadb's classes verify at import, by reading their bytecode, that every `@override` matches its
    base class's signature: a third of a second on every start for a check chromadb's own CI makes. The
    methods are only marked (what `EnforceOverrides` asks at class creation), then the library is restored."""
    import sys

    if "chromadb" in sys.modules:
        return
    import overrides

    def mark(method=None, **_):
        def marked(m):
            m.__override__ = True
            return m
        return marked(method) if method is not None else marked

    saved = overrides.override, overrides.overrides
    overrides.override = overrides.overrides = mark
    try:
        import chromadb  # noqa: F401
    finally:
        overrides.override, overrides.overrides = saved


_import_chromadb_without_override_checks()

from chromadb.api.types import EmbeddingFunction  # noqa: E402
from chromadb.utils.embedding_functions import register_embedding_function  # noqa: E402

from assistant.search.embedders import Embedder  # noqa: E402
from assistant.models import Chunk, SourceDocument  # noqa: E402

if TYPE_CHECKING:
    from assistant.ingest.chunking import Window


PAGE = 5000  # records per paged read
SEARCH_EF = 400  # HNSW breadth at build and search: an index of fewer records (the reflection questions) is
# searched exhaustively, so exactly; the chunks' windows are searched exactly in the snapshot
PERSIST_EVERY = 100  # records between writes of the HNSW index to disk. Chroma's default, 1000, leaves a corpus
# of fewer records never written: every process re-inserts them all from Chroma's log on its first query (0.2 s
# at each start for the bundled corpus); at 100 at most 99 are re-inserted, and ingest measured no slower.


class IndexMismatchError(RuntimeError):
    """The index was built with another embedder than the one configured."""


class IndexMissingError(RuntimeError):
    """No index has been built yet."""


class _Unconfigured(Embedder):
    """Stands in when Chroma rebuilds the function from stored config; we always pass our own."""

    def embed_batch(self, texts, kind):
        raise IndexMismatchError("Open the index through the assistant, which supplies its embedder.")


@register_embedding_function
class ChromaEmbedding(EmbeddingFunction):
    """Adapter so Chroma never falls back to its default (downloading) embedding function."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 - Chroma's name
        return list(self.embedder.embed_passages(list(input)))

    def embed_query(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002
        return list(self.embedder.embed_batch(list(input), "query"))

    @staticmethod
    def name() -> str:
        return "refleksionsassistenten"

    def get_config(self) -> dict:
        return {"embedder": self.embedder.id}

    @staticmethod
    def build_from_config(config: dict) -> "ChromaEmbedding":
        return ChromaEmbedding(_Unconfigured())

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]


def make_client(settings, fresh: bool = False):
    """A Chroma client; `fresh` drops Chroma's per-path cache of the embedded store, so a new client sees
    what another process (a CLI ingest) wrote since this one opened it."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    if fresh:
        _forget_system(str(settings.chroma_path))
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def _forget_system(path: str) -> None:
    """Embedded Chroma keeps one system per path and process, with the HNSW index it loaded; forget ours
    without stopping it (clients and collections handed out before keep working), so the next client
    loads the index afresh. Chroma has no public call for one path (`clear_system_cache` forgets all)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)


def remove_unreferenced_segments(client) -> int:
    """Embedded Chroma leaves a deleted collection's HNSW folder on disk (chroma-core/chroma#5259): every
    rebuild would leave the whole vector index behind. Remove the folders no segment of Chroma's own
    catalogue names; a server's storage is the server's to manage. Returns the number removed."""
    settings = client.get_settings()
    root = Path(settings.persist_directory or "")
    catalogue = root / "chroma.sqlite3"
    if not settings.is_persistent or settings.chroma_server_host or not catalogue.exists():
        return 0
    with contextlib.closing(sqlite3.connect(f"file:{catalogue}?mode=ro", uri=True)) as db:
        live = {row[0] for row in db.execute("SELECT id FROM segments")}
    removed = 0
    for folder in root.iterdir():
        try:
            named = folder.is_dir() and str(uuid.UUID(folder.name)) == folder.name
        except ValueError:
            named = False
        if named and folder.name not in live:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def pages(col, include: list[str], where: dict | None = None, size: int | None = None):
    """A collection read in pages: one `get` of everything fails above 32,766 records (SQL variables)."""
    offset, size = 0, size or PAGE
    while True:
        got = col.get(where=where, include=include, limit=size, offset=offset)
        if not got["ids"]:
            return
        yield got
        offset += len(got["ids"])


class ChunkStore:
    """Chunks of all documents in one Chroma collection; document metadata rides on each chunk."""

    def __init__(self, client, name: str, embedder: Embedder):
        self.client = client
        self.name = name
        self.embedder = embedder
        self._collection = None

    def exists(self) -> bool:
        return self.name in [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    def ready(self) -> bool:
        """An index with content: an ingest interrupted before its first write leaves none."""
        try:
            return self.exists() and self.collection().count() > 0
        except Exception:  # noqa: BLE001 - our handle's collection was dropped by a rebuild in another process
            self._collection = None
            return self.exists() and self.collection().count() > 0

    def collection(self, create: bool = False):
        if self._collection is None:
            if not self.exists():
                if not create:
                    raise IndexMissingError("No index yet: run `python ingest.py` to build it.")
                self._collection = self.client.create_collection(
                    self.name,
                    embedding_function=ChromaEmbedding(self.embedder),
                    metadata={"hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF, "hnsw:construction_ef": SEARCH_EF,
                              "hnsw:batch_size": PERSIST_EVERY, "hnsw:sync_threshold": PERSIST_EVERY,
                              "embedder": self.embedder.id},
                )
            else:
                col = self.client.get_collection(self.name, embedding_function=ChromaEmbedding(self.embedder))
                built_with = (col.metadata or {}).get("embedder")
                if built_with != self.embedder.id:
                    raise IndexMismatchError(
                        f"The index was built with embedder {built_with!r} but the settings use "
                        f"{self.embedder.id!r}. Re-ingest with `python ingest.py --rebuild`."
                    )
                self._collection = col
        return self._collection

    def drop(self) -> None:
        if self.exists():
            self.client.delete_collection(self.name)
        self._collection = None
        remove_unreferenced_segments(self.client)

    def upsert(
        self, chunks: list[Chunk], windows: list["Window"], vectors: np.ndarray, docs: dict[str, SourceDocument]
    ) -> None:
        """Write chunks and their windows; a chunk's vector is the normalised mean of its windows'."""
        col = self.collection(create=True)
        ids, texts, metas, embeddings = [], [], [], []
        by_chunk: dict[str, list[int]] = {}
        for i, w in enumerate(windows):
            by_chunk.setdefault(w.chunk.id, []).append(i)
            ids.append(w.id)
            texts.append(w.text)
            metas.append(_metadata(w.chunk, docs[w.chunk.doc_id]) | {"kind": "window", "chunk_id": w.chunk.id})
            embeddings.append(vectors[i])
        for c in chunks:
            mean = vectors[by_chunk[c.id]].mean(axis=0)
            ids.append(c.id)
            texts.append(c.text)
            metas.append(_metadata(c, docs[c.doc_id]) | {"kind": "chunk", "chunk_id": c.id})
            embeddings.append(mean / np.linalg.norm(mean))
        for i in range(0, len(ids), 1000):
            col.upsert(ids=ids[i : i + 1000], embeddings=np.stack(embeddings[i : i + 1000]),
                       documents=texts[i : i + 1000], metadatas=metas[i : i + 1000])

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), PAGE):  # in pages, like every read: SQL variables are limited
            self.collection().delete(ids=ids[i : i + PAGE])

    def stored(self) -> tuple[list[str], dict[str, str]]:
        """Every record id (chunks and windows) and each document's content hash, read in pages."""
        ids = [i for got in pages(self.collection(), include=[]) for i in got["ids"]]
        hashes = {m["doc_id"]: m.get("content_hash") for got in pages(self.collection(), ["metadatas"],
                  where={"kind": "chunk"}) for m in got["metadatas"]}
        return ids, hashes

    def load(self) -> tuple[list[Chunk], dict[str, SourceDocument]]:
        """All chunks and the documents they belong to, in document order."""
        chunks: list[Chunk] = []
        docs: dict[str, SourceDocument] = {}
        for got in pages(self.collection(), ["documents", "metadatas"], where={"kind": "chunk"}):
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                chunks.append(
                    Chunk(id=cid, doc_id=meta["doc_id"], text=text, section=meta["section"],
                          position=meta["position"], start=meta["start"], end=meta["end"])
                )
                docs.setdefault(meta["doc_id"], _document(meta))
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks, docs

    def window_vectors(self) -> tuple[list[tuple[str, int, int]], np.ndarray]:
        """All window vectors, read in pages: (chunk id, start, end) per row, and the matrix.
        Spans come from the window ids (`<chunk id>#<start>-<end>`)."""
        spans: list[tuple[str, int, int]] = []
        rows: list[np.ndarray] = []
        for got in pages(self.collection(), ["embeddings"], where={"kind": "window"}):
            spans += [window_span(wid) for wid in got["ids"]]
            rows.append(np.asarray(got["embeddings"], dtype=np.float32))
        return spans, (np.concatenate(rows) if rows else np.zeros((0, 384), dtype=np.float32))


def window_span(window_id: str) -> tuple[str, int, int]:
    """`<chunk id>#<start>-<end>` -> (chunk id, start, end)."""
    cid, _, span = window_id.rpartition("#")
    start, _, end = span.partition("-")
    return cid, int(start), int(end)


def _document(meta: dict) -> SourceDocument:
    return SourceDocument(
        id=meta["doc_id"], title=meta["title"], short=meta["short"], publisher=meta.get("publisher", ""),
        path=meta.get("path", ""), user_added=meta.get("user_added", False),
        content_hash=meta.get("content_hash", ""),
    )


def _metadata(chunk: Chunk, doc: SourceDocument) -> dict:
    return {
        "doc_id": chunk.doc_id, "section": chunk.section, "position": chunk.position,
        "start": chunk.start, "end": chunk.end, "title": doc.title, "short": doc.short,
        "publisher": doc.publisher, "path": doc.path, "user_added": doc.user_added,
        "content_hash": doc.content_hash,
    }
