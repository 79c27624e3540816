"""The inventory in its own Chroma collection, next to the chunks: stored after every ingest, loaded by
the reflection page, searched by meaning for a concern."""

from __future__ import annotations

import hashlib
import json

from assistant.models import ReflectionQuestion
from assistant.reflect.inventory import _unique, extract_all
from assistant.search.store import ChunkStore, IndexMismatchError, IndexMissingError


def embedding_text(q: ReflectionQuestion) -> str:
    """What concern search matches against: the question, its statement and its context."""
    return "\n".join(part for part in (q.text, q.statement, q.context) if part)


def own_text(q: ReflectionQuestion) -> str:
    """The question alone (its statement when it has one): the concern's second match."""
    return q.statement or q.text


def _fingerprint(q: ReflectionQuestion, order: int) -> str:
    return hashlib.sha1(json.dumps([order, q.model_dump()], ensure_ascii=False).encode()).hexdigest()


class QuestionIndex:
    """The inventory in its own Chroma collection, next to the chunks and embedded by the same embedder."""

    def __init__(self, assistant):
        self.assistant = assistant
        name = f"{assistant.settings.collection}-questions"
        self.store = ChunkStore(assistant.store.client, name, assistant.embedder)

    def sync(self, questions: list[ReflectionQuestion]) -> int:
        """Make the collection hold exactly these questions; returns how many were (re)written."""
        try:
            col = self.store.collection(create=True)
        except IndexMismatchError:
            self.store.drop()  # built with another embedder: the main index was rebuilt, so is this
            col = self.store.collection(create=True)
        questions = _unique(questions)  # a duplicate id would make Chroma's upsert raise and block every ingest
        existing = col.get(include=["metadatas"])
        stored = {cid: (m or {}).get("fingerprint") for cid, m in zip(existing["ids"], existing["metadatas"])}
        prints = {q.id: _fingerprint(q, i) for i, q in enumerate(questions)}
        changed = [(i, q) for i, q in enumerate(questions) if stored.get(q.id) != prints[q.id]]
        stale = [cid for cid in stored if cid not in prints]
        if changed:
            vectors = self.assistant.cache.embed_passages(self.assistant.embedder, [embedding_text(q) for _, q in changed])
            # Cached now so the first concern is not kept waiting for them (see `Suggester`).
            self.assistant.cache.embed_passages(self.assistant.embedder, [own_text(q) for _, q in changed])
            col.upsert(
                ids=[q.id for _, q in changed],
                embeddings=vectors,
                documents=[embedding_text(q) for _, q in changed],
                metadatas=[{**q.model_dump(), "order": i, "fingerprint": prints[q.id]} for i, q in changed],
            )
        if stale:
            col.delete(ids=stale)
        return len(changed)

    def load(self) -> list[ReflectionQuestion]:
        if not self.store.exists():
            raise IndexMissingError("No reflection questions yet: run `python ingest.py` to build the index.")
        got = self.store.collection().get(include=["metadatas"])
        fields = ReflectionQuestion.model_fields
        rows = sorted(got["metadatas"], key=lambda m: m["order"])
        return [ReflectionQuestion(**{k: v for k, v in m.items() if k in fields}) for m in rows]

    def query(self, text: str, n: int = 20) -> list[tuple[str, float]]:
        """Question ids nearest to a text (a concern), with cosine similarity, nearest first."""
        # Not ChunkStore.query: that one searches chunk windows, which this collection does not hold.
        col = self.store.collection()
        count = col.count()
        if count == 0:
            return []  # Chroma rejects n_results=0
        res = col.query(query_embeddings=[self.assistant.embedder.embed_query(text)], n_results=min(n, count),
                        include=["distances"])
        return [(qid, 1.0 - float(d)) for qid, d in zip(res["ids"][0], res["distances"][0])]


def store_inventory(assistant, prepared) -> None:
    """Called after every ingest: extract the questions and store what changed."""
    QuestionIndex(assistant).sync(extract_all(prepared, assistant.settings.prompts_dir))


def load_inventory(assistant) -> list[ReflectionQuestion]:
    return QuestionIndex(assistant).load()
