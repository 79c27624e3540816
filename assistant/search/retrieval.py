"""Hybrid retrieval: BM25 and dense search fused by reciprocal rank fusion."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable, Literal

import numpy as np

from assistant.models import Chunk, Hit, SourceDocument
from assistant.search import snapshot
from assistant.search.embedders import Embedder
from assistant.search.snapshot import Snapshot
from assistant.search.store import ChunkStore
from assistant.text.lexical import Tokenizer, plain

Mode = Literal["bm25", "dense", "hybrid"]
CANDIDATES = 30  # depth of each ranked list fed into the fusion
ALIAS_SHARE = 0.75  # a word names a document when most chunks using it belong to that document
WINDOWS_PER_CHUNK = 8  # BM25 windows read per wanted chunk: a chunk has at most about this many


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to the items it ranks."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class Searcher:
    """Searches the indexed chunks. Its state (chunks, BM25 indexes, window vectors, the Chroma
    collection) is one immutable `Snapshot` of the index's current generation; when an ingest (here or
    in another process) publishes a new generation, the next search loads it beside the old one and swaps
    it in with one assignment, so searches in flight finish on the state they started with.

    Matching happens at two grains: whole chunks, and sentence windows of about `window_words`
    words inside them (a chunk scores by its best window). Hybrid search fuses three rankings:
    dense over windows (exact, over the snapshot's vectors), BM25 over chunks and BM25 over windows."""

    def __init__(
        self, store: ChunkStore, embedder: Embedder, rrf_k: int = 60, compounds: bool = True, window_words: int = 40,
        data_dir: Path | None = None, reopen: Callable[[], ChunkStore] | None = None,
    ):
        self.store = store
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.compounds = compounds
        self.window_words = window_words
        self.data_dir = data_dir
        self._reopen = reopen or (lambda: store)
        self._loading = threading.Lock()
        self._state: Snapshot = self._open(self._marker(), store)

    # -- the generation in use ------------------------------------------------------------------------

    def _marker(self) -> str:
        return snapshot.current(self.data_dir) if self.data_dir and self.compounds else ""

    def _open(self, marker: str, store: ChunkStore) -> Snapshot:
        """The snapshot named by `marker`; an index without one (built before snapshots) gets one now,
        kept in memory only when the data folder is read-only."""
        if marker:
            try:
                return snapshot.load(self.data_dir, marker, store)
            except (OSError, ValueError, KeyError):
                pass  # missing or from an older format: built again below
        if self.data_dir and self.compounds:
            try:
                marker = snapshot.publish(store, self.data_dir, self.window_words, self.compounds, document_aliases)
                return snapshot.load(self.data_dir, marker, store)
            except OSError:
                pass
        parts = snapshot.build(store, self.window_words, self.compounds, document_aliases)
        return snapshot.from_parts("", parts, store)

    @property
    def state(self) -> Snapshot:
        """The current generation. One thread loads a new one while the others keep the old."""
        state, marker = self._state, self._marker()
        if marker and marker != state.marker and self._loading.acquire(blocking=False):
            try:
                self._swap(marker)
            finally:
                self._loading.release()
        return self._state

    def reload(self) -> None:
        """Load the index's current generation now (after an ingest in this process)."""
        with self._loading:
            self._swap(self._marker(), always=True)

    def _swap(self, marker: str, always: bool = False) -> None:
        if always or marker != self._state.marker:
            self._state = self._open(marker, self._reopen())  # the one assignment readers can observe

    @property
    def chunks(self) -> dict[str, Chunk]:
        return self.state.chunks

    @property
    def documents(self) -> dict[str, SourceDocument]:
        return self.state.documents

    @property
    def aliases(self) -> dict[str, str]:
        return self.state.aliases

    # -- search ---------------------------------------------------------------------------------------

    def window_similarities(self, vector: np.ndarray, chunk_ids: list[str]) -> dict[str, list[tuple[int, int, float]]]:
        """Cosine similarity of the query to each sentence window of the given chunks, as
        (start, end, similarity) with offsets in the chunk text: the dense evidence for span selection,
        computed at ingest, so answering embeds nothing but the question."""
        state = self.state
        result: dict[str, list[tuple[int, int, float]]] = {}
        for cid in chunk_ids:
            rows = state.spans.get(cid, [])
            if rows:
                sims = state.vectors[[i for i, _, _ in rows]] @ vector
                result[cid] = [(s, e, float(x)) for (_, s, e), x in zip(rows, sims)]
        return result

    def chunk_vectors(self, chunk_ids: list[str]) -> np.ndarray:
        """One unit vector per chunk, the mean of its window vectors: computed at ingest, so comparing whole
        chunks (novelty in a meeting's readings) embeds nothing."""
        state = self.state
        rows = []
        for cid in chunk_ids:
            windows = [i for i, _, _ in state.spans.get(cid, [])]
            v = state.vectors[windows].mean(axis=0) if windows else \
                np.zeros(state.vectors.shape[1], dtype=np.float32)
            rows.append(v / (np.linalg.norm(v) or 1.0))
        return np.stack(rows) if rows else np.zeros((0, state.vectors.shape[1]), dtype=np.float32)

    def containing(self, phrase: str, docs: set[str] | None = None) -> list[Hit]:
        """The chunks that hold a phrase word for word (case and spacing aside): a phrase the user put in quotes
        ("'sådan har vi altid gjort'") is sought as written, stop words and all."""
        state = self.state
        wanted = plain(phrase)
        return [self._hit(state, cid, 0.0, None, None) for cid in state.order
                if (docs is None or state.chunks[cid].doc_id in docs) and wanted in plain(state.chunks[cid].text)]

    def mentioned_documents(self, query: str) -> set[str]:
        """Documents the question names ("ifølge KL", "i Køges strategi")."""
        aliases = self.state.aliases
        stems = Tokenizer()(CLOCK.sub(" ", query))
        # a name typed as two words ("inspirations kataloget") names the document its compound does
        pairs = [joined for a, b in zip(stems, stems[1:]) for joined in typed_apart(a, b)]
        return {doc for t in stems + pairs if (doc := named_document(t, aliases))}

    def bm25(self, query: str, n: int = CANDIDATES, docs: set[str] | None = None,
             state: Snapshot | None = None) -> list[tuple[str, float]]:
        state = state or self.state
        return [(state.order[i], s) for i, s in state.lexical.search(query, n, mask=state.doc_mask(docs))]

    def window_bm25(self, query: str, n: int = CANDIDATES, docs: set[str] | None = None,
                    state: Snapshot | None = None) -> list[tuple[str, float]]:
        state = state or self.state
        best: dict[str, float] = {}
        mask = state.doc_mask(docs, state.window_chunk)
        for i, score in state.window_lexical.search(query, n * WINDOWS_PER_CHUNK, mask=mask):
            best.setdefault(state.order[state.window_chunk[i]], score)
        return list(best.items())[:n]

    def dense(
        self, query: str, n: int = CANDIDATES, docs: set[str] | None = None, vector: np.ndarray | None = None,
        state: Snapshot | None = None,
    ) -> list[tuple[str, float]]:
        state = state or self.state
        vector = self.embedder.embed_query(query) if vector is None else vector
        return state.nearest(vector, n, docs)

    def rankings(
        self, query: str, mode: Mode, docs: set[str] | None = None, vector: np.ndarray | None = None,
        state: Snapshot | None = None,
    ) -> list[list[tuple[str, float]]]:
        state = state or self.state
        # A question that names a document is answered from that document.
        docs = docs or {state.aliases[t] for t in Tokenizer()(query) if t in state.aliases} or None
        lists = []
        if mode in ("dense", "hybrid"):
            lists.append(self.dense(query, docs=docs, vector=vector, state=state))
        if mode in ("bm25", "hybrid"):
            lists += [self.bm25(query, docs=docs, state=state), self.window_bm25(query, docs=docs, state=state)]
        return lists

    def search(
        self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None,
        vector: np.ndarray | None = None, dense_extra: int = 0,
    ) -> list[Hit]:
        """The k best chunks; `docs` limits the search to those documents (else to the ones the query
        names), `vector` is the query's embedding when the caller already has it. With `dense_extra`, the
        dense ranking's best chunks that the fusion left out of the k follow them (up to that many)."""
        state = self.state  # one generation for the whole search
        lists = self.rankings(query, mode, docs, vector, state)
        ranked = sorted(rrf([[c for c, _ in ranking] for ranking in lists], self.rrf_k).items(), key=lambda kv: -kv[1])
        if len(lists) == 1:
            ranked = lists[0]
        dense_scores = dict(lists[0]) if mode != "bm25" else {}
        bm25_scores = dict(lists[-1]) if mode != "dense" else {}
        chosen = ranked[:k]
        if dense_extra and dense_scores:
            fused, top = dict(ranked), {cid for cid, _ in chosen}
            chosen += [(cid, fused[cid]) for cid, _ in lists[0][:dense_extra] if cid not in top]
        return [
            self._hit(state, cid, score, dense_scores.get(cid), bm25_scores.get(cid))
            for cid, score in chosen
            if cid in state.chunks
        ]

    @staticmethod
    def _hit(state: Snapshot, cid: str, score: float, dense: float | None, bm25: float | None) -> Hit:
        chunk = state.chunks[cid]
        doc = state.documents[chunk.doc_id]
        return Hit(chunk=chunk, title=doc.title, short=doc.short, score=score, dense_score=dense, bm25_score=bm25)

    def document(self, doc_id: str) -> SourceDocument:
        return self.state.documents[doc_id]

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        state = self.state
        return [state.chunks[c] for c in state.by_doc.get(doc_id, [])]


def typed_apart(a: str, b: str) -> tuple[str, str]:
    """The compounds two words typed apart may stand for: "inspirations kataloget" for "inspirationskatalog"."""
    return a + b, a + "s" + b


# what a document is called by its kind: "rundbordsrapporten", "Køgestrategien", "KL-udspillet"
DOCUMENT_KINDS = ("rapport", "opsamling", "strategi", "katalog", "udspil", "publikation", "notat", "dokument",
                  "pjece", "hæfte")


CLOCK = re.compile(r"\bkl\.?\s*\d", re.I)  # "samling kl. 9" is the time of day, not KL


def named_document(stem: str, aliases: dict[str, str]) -> str | None:
    """The document a word's stem names, if any; "KLs", "FOAs": the genitive written without an apostrophe
    names the document too, and so does a compound of a name and a kind of document ("rundbordsrapporten")."""
    if found := aliases.get(stem) or (aliases.get(stem[:-1]) if stem.endswith("s") else None):
        return found
    for kind in DOCUMENT_KINDS:
        at = stem.find(kind, 2)
        if at < 0 or len(stem) - at - len(kind) > 3:  # the kind ends the word, give or take an ending
            continue
        head = stem[:at].rstrip("-")
        for name in (head, head[:-1]):  # "rundbords-", "køge-" (stemmed "køg")
            if len(name) >= 2 and (found := aliases.get(name)):
                return found
    return None


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
