"""Hybrid retrieval: BM25 and dense search fused by reciprocal rank fusion."""

from __future__ import annotations

import re
from typing import Any, Literal

import numpy as np

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.search.embedders import Embedder
from assistant.ingest.chunking import titled, windows_of
from assistant.text.lexical import LexicalIndex, Tokenizer
from assistant.models import Chunk, Hit, SourceDocument
from assistant.search.store import ChunkStore

Mode = Literal["bm25", "dense", "hybrid"]
CANDIDATES = 30  # depth of each ranked list fed into the fusion
ALIAS_SHARE = 0.75  # a word names a document when most chunks using it belong to that document


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to the items it ranks."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def search_text(chunk: Chunk) -> str:
    return titled(chunk.section, chunk.text)


class Searcher:
    """Searches the indexed chunks; loads them once from the store and keeps BM25 in memory.

    Matching happens at two grains: whole chunks, and sentence windows of about `window_words`
    words inside them (a chunk scores by its best window). Hybrid search fuses three rankings:
    dense over windows, BM25 over chunks and BM25 over windows."""

    def __init__(
        self, store: ChunkStore, embedder: Embedder, rrf_k: int = 60, compounds: bool = True, window_words: int = 40
    ):
        self.store = store
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.compounds = compounds
        self.window_words = window_words
        self.reload()

    def reload(self) -> None:
        """Re-read chunks from the store (after an ingest or upload)."""
        chunks, self.documents = self.store.load()
        self.chunks: dict[str, Chunk] = {c.id: c for c in chunks}
        self._order = [c.id for c in chunks]
        windows = [w for c in chunks for w in windows_of(c, self.window_words)]
        self._window_parent = [w.chunk.id for w in windows]
        self.lexical = LexicalIndex([search_text(c) for c in chunks], compounds=self.compounds)
        self.window_lexical = LexicalIndex([w.search_text() for w in windows], compounds=self.compounds)
        self.aliases = document_aliases(self.documents, chunks)
        self._window_vectors = self.store.window_vectors()

    def window_similarities(self, vector: np.ndarray, chunk_ids: list[str]) -> dict[str, list[tuple[int, int, float]]]:
        """Cosine similarity of the query to each sentence window of the given chunks, as
        (start, end, similarity) with offsets in the chunk text: the dense evidence for span selection,
        computed at ingest, so answering embeds nothing but the question."""
        spans, matrix = self._window_vectors
        result: dict[str, list[tuple[int, int, float]]] = {}
        for cid in chunk_ids:
            rows = spans.get(cid, [])
            if rows:
                sims = matrix[[i for i, _, _ in rows]] @ vector
                result[cid] = [(s, e, float(x)) for (_, s, e), x in zip(rows, sims)]
        return result

    def mentioned_documents(self, query: str) -> set[str]:
        """Documents the question names ("ifølge KL", "i Køges strategi")."""
        return {self.aliases[t] for t in Tokenizer()(query) if t in self.aliases}

    def _within(self, ranked: list[tuple[str, float]], docs: set[str] | None, n: int) -> list[tuple[str, float]]:
        return [(c, s) for c, s in ranked if not docs or self.chunks[c].doc_id in docs][:n]

    def bm25(self, query: str, n: int = CANDIDATES, docs: set[str] | None = None) -> list[tuple[str, float]]:
        ranked = [(self._order[i], s) for i, s in self.lexical.search(query, len(self._order))]
        return self._within(ranked, docs, n)

    def window_bm25(self, query: str, n: int = CANDIDATES, docs: set[str] | None = None) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        for i, score in self.window_lexical.search(query, self.window_lexical.size):
            best.setdefault(self._window_parent[i], score)
        return self._within(list(best.items()), docs, n)

    def dense(
        self, query: str, n: int = CANDIDATES, docs: set[str] | None = None, vector: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        return self.store.query(self.embedder.embed_query(query) if vector is None else vector, n, doc_ids=docs)

    def rankings(
        self, query: str, mode: Mode, docs: set[str] | None = None, vector: np.ndarray | None = None
    ) -> list[list[tuple[str, float]]]:
        # A question that names a document is answered from that document.
        docs = docs or self.mentioned_documents(query) or None
        lists = []
        if mode in ("dense", "hybrid"):
            lists.append(self.dense(query, docs=docs, vector=vector))
        if mode in ("bm25", "hybrid"):
            lists += [self.bm25(query, docs=docs), self.window_bm25(query, docs=docs)]
        return lists

    def search(
        self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None,
        vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """The k best chunks; `docs` limits the search to those documents (else to the ones the query
        names), `vector` is the query's embedding when the caller already has it."""
        lists = self.rankings(query, mode, docs, vector)
        ranked = sorted(rrf([[c for c, _ in ranking] for ranking in lists], self.rrf_k).items(), key=lambda kv: -kv[1])
        if len(lists) == 1:
            ranked = lists[0]
        dense_scores = dict(lists[0]) if mode != "bm25" else {}
        bm25_scores = dict(lists[-1]) if mode != "dense" else {}
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


def document_aliases(documents: dict[str, SourceDocument], chunks: list[Chunk]) -> dict[str, str]:
    """Stemmed words that name exactly one document: from its id, short name and publisher,
    either an acronym (KL, FOA) or found mostly in that document's text (so "rammer" is no alias)."""
    tokenize = Tokenizer()
    named: dict[str, set[str]] = {}
    acronyms: set[str] = set()
    for doc in documents.values():
        label = f"{doc.short} {doc.publisher}"
        acronyms |= {a.lower() for a in re.findall(r"\b[A-ZÆØÅ]{2,5}\b", label)}
        for token in tokenize(f"{doc.id.replace('-', ' ')} {label}"):
            if not token.isdigit():
                named.setdefault(token, set()).add(doc.id)
    owner = {t: next(iter(d)) for t, d in named.items() if len(d) == 1}
    inside: dict[str, int] = {}
    total: dict[str, int] = {}
    for chunk in chunks:
        for token in set(tokenize(chunk.text)) & owner.keys():
            total[token] = total.get(token, 0) + 1
            inside[token] = inside.get(token, 0) + (chunk.doc_id == owner[token])
    return {
        t: d for t, d in owner.items()
        if t in acronyms or inside.get(t, 0) >= ALIAS_SHARE * total.get(t, 0)
    }


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
