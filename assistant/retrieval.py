"""Hybrid retrieval: BM25 and dense search fused by reciprocal rank fusion."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from .embedders import Embedder
from .lexical import LexicalIndex
from .models import Chunk, Hit, SourceDocument
from .store import ChunkStore

Mode = Literal["bm25", "dense", "hybrid"]
CANDIDATES = 30  # depth of each ranked list fed into the fusion


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to the items it ranks."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def search_text(chunk: Chunk) -> str:
    """What is indexed: the section title gives a chunk its topic."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


class Searcher:
    """Searches the indexed chunks; loads them once from the store and keeps BM25 in memory."""

    def __init__(self, store: ChunkStore, embedder: Embedder, rrf_k: int = 60, compounds: bool = True):
        self.store = store
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.compounds = compounds
        self.reload()

    def reload(self) -> None:
        """Re-read chunks from the store (after an ingest or upload)."""
        chunks, self.documents = self.store.load()
        self.chunks: dict[str, Chunk] = {c.id: c for c in chunks}
        self._order = [c.id for c in chunks]
        self.lexical = LexicalIndex([search_text(c) for c in chunks], compounds=self.compounds)

    def bm25(self, query: str, n: int = CANDIDATES) -> list[tuple[str, float]]:
        return [(self._order[i], s) for i, s in self.lexical.search(query, n)]

    def dense(self, query: str, n: int = CANDIDATES) -> list[tuple[str, float]]:
        return self.store.query(self.embedder.embed_query(query), n)

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        dense = self.dense(query) if mode in ("dense", "hybrid") else []
        lexical = self.bm25(query) if mode in ("bm25", "hybrid") else []
        if mode == "hybrid":
            fused = rrf([[c for c, _ in dense], [c for c, _ in lexical]], self.rrf_k)
            ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        else:
            ranked = dense or lexical
        dense_scores, bm25_scores = dict(dense), dict(lexical)
        return [
            self._hit(cid, score, dense_scores.get(cid), bm25_scores.get(cid))
            for cid, score in ranked[:k]
            if cid in self.chunks
        ]

    def _hit(self, cid: str, score: float, dense: float | None, bm25: float | None) -> Hit:
        chunk = self.chunks[cid]
        doc = self.documents[chunk.doc_id]
        return Hit(chunk=chunk, title=doc.title, short=doc.short, score=score, dense_score=dense, bm25_score=bm25)

    def document(self, doc_id: str) -> SourceDocument:
        return self.documents[doc_id]

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return [self.chunks[c] for c in self._order if self.chunks[c].doc_id == doc_id]


def hit_to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.id,
        metadata={
            "doc_id": c.doc_id, "title": hit.title, "short": hit.short, "section": c.section,
            "chunk_id": c.id, "start": c.start, "end": c.end, "score": hit.score,
            "dense_score": hit.dense_score, "bm25_score": hit.bm25_score,
        },
    )


class AssistantRetriever(BaseRetriever):
    """The searcher as a langchain retriever, so chains can use it."""

    searcher: Any
    k: int = 5
    mode: Mode = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_to_document(h) for h in self.searcher.search(query, k=self.k, mode=self.mode)]
