"""The Chroma vector store: chunks with their metadata, embedded by our own embedder."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import numpy as np
from chromadb.api.types import EmbeddingFunction
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.search.embedders import Embedder
from assistant.models import Chunk, SourceDocument

if TYPE_CHECKING:
    from assistant.ingest.chunking import Window


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


def make_client(settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


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
        return self.exists() and self.collection().count() > 0

    def collection(self, create: bool = False):
        if self._collection is None:
            if not self.exists():
                if not create:
                    raise IndexMissingError("No index yet: run `python ingest.py` to build it.")
                self._collection = self.client.create_collection(
                    self.name,
                    embedding_function=ChromaEmbedding(self.embedder),
                    metadata={"hnsw:space": "cosine", "embedder": self.embedder.id},
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
        if ids:
            self.collection().delete(ids=ids)

    def load(self) -> tuple[list[Chunk], dict[str, SourceDocument]]:
        """All chunks and the documents they belong to, in document order."""
        got = self.collection().get(where={"kind": "chunk"}, include=["documents", "metadatas"])
        chunks: list[Chunk] = []
        docs: dict[str, SourceDocument] = {}
        for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
            chunks.append(
                Chunk(id=cid, doc_id=meta["doc_id"], text=text, section=meta["section"],
                      position=meta["position"], start=meta["start"], end=meta["end"])
            )
            docs.setdefault(meta["doc_id"], SourceDocument(
                id=meta["doc_id"], title=meta["title"], short=meta["short"], publisher=meta.get("publisher", ""),
                path=meta.get("path", ""), user_added=meta.get("user_added", False),
                content_hash=meta.get("content_hash", ""),
            ))
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks, docs

    def window_vectors(self) -> tuple[dict[str, list[tuple[int, int, int]]], np.ndarray]:
        """All window vectors, read once in pages: chunk id -> [(row, start, end)] and the matrix.
        Spans come from the window ids (`<chunk id>#<start>-<end>`)."""
        col = self.collection()
        spans: dict[str, list[tuple[int, int, int]]] = {}
        rows: list[np.ndarray] = []
        total, page = col.count(), 5000
        for offset in range(0, total, page):
            got = col.get(where={"kind": "window"}, include=["embeddings"], limit=page, offset=offset)
            for wid, vec in zip(got["ids"], got["embeddings"]):
                cid, _, span = wid.rpartition("#")
                start, _, end = span.partition("-")
                spans.setdefault(cid, []).append((len(rows), int(start), int(end)))
                rows.append(np.asarray(vec, dtype=np.float32))
        for cid in spans:
            spans[cid].sort(key=lambda r: r[1])
        return spans, (np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32))

    def query(self, vector: np.ndarray, n: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        """Chunks whose best window is nearest to the vector, with that window's cosine similarity."""
        col = self.collection()
        if col.count() == 0:
            return []
        where: dict = {"kind": "window"}
        if doc_ids:
            where = {"$and": [where, {"doc_id": {"$in": sorted(doc_ids)}}]}
        res = col.query(query_embeddings=[vector], n_results=min(n * 4, col.count()), where=where,
                        include=["distances", "metadatas"])
        best: dict[str, float] = {}
        for meta, distance in zip(res["metadatas"][0], res["distances"][0]):
            best.setdefault(meta["chunk_id"], 1.0 - float(distance))
        return list(best.items())[:n]


def _metadata(chunk: Chunk, doc: SourceDocument) -> dict:
    return {
        "doc_id": chunk.doc_id, "section": chunk.section, "position": chunk.position,
        "start": chunk.start, "end": chunk.end, "title": doc.title, "short": doc.short,
        "publisher": doc.publisher, "path": doc.path, "user_added": doc.user_added,
        "content_hash": doc.content_hash,
    }
