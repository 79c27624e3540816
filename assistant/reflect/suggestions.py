"""Questions suggested for a concern, ranked by meaning as well as words, each with a plain Danish reason
that quotes the passage it rests on.

Four rankings are fused (reciprocal rank): e5 similarity of the concern to the question with its context,
e5 similarity to the question alone, BM25 over question and context, and nearness to the passages hybrid
search finds for the concern. Derived questions a staff team cannot act on are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.models import Citation, Hit, ReflectionQuestion
from assistant.reflect.audience import for_staff
from assistant.reflect.cards import Cards
from assistant.reflect.paragraphs import normalise, stems
from assistant.reflect.question_index import QuestionIndex, embedding_text, own_text
from assistant.search.retrieval import rrf
from assistant.text.lexical import LexicalIndex
from assistant.text.quotes import quoted
from assistant.text.sentences import split_sentences

SUGGESTIONS = 5
NEAR_CHARS = 3000  # a question this close to a passage found for a concern is taken to reflect on it
RRF_K = 10  # fusion of short rankings: the top places should count
DENSE_TOP = 8
REASON_CHARS = 220


@dataclass(frozen=True)
class Suggestion:
    """A question suggested for a concern, the reason (in Danish) and the passage the reason quotes."""

    question: ReflectionQuestion
    reason: str
    score: float
    source: Citation | None = None


class Suggester:
    def __init__(self, assistant, cards: Cards):
        self.assistant = assistant
        self.cards = cards
        self._built_for = None

    def _indexes(self, questions: list[ReflectionQuestion]):
        """BM25 and question-only vectors, built once per inventory (a new list after each ingest)."""
        if self._built_for is not questions:
            self._lexical = LexicalIndex([embedding_text(q) for q in questions])
            texts = [own_text(q) for q in questions]
            self._vectors = np.asarray(self.assistant.cache.embed_passages(self.assistant.embedder, texts))
            self._built_for = questions
        return self._lexical, self._vectors

    def suggest(self, concern: str, k: int = SUGGESTIONS, audience: str = "staff") -> list[Suggestion]:
        questions = [q for q in self.assistant.inventory if audience != "staff" or for_staff(q.audience, q.derived)]
        by_id = {q.id: q for q in questions}
        lexical, vectors = self._indexes(self.assistant.inventory)
        positions = {q.id: i for i, q in enumerate(self.assistant.inventory)}
        query = np.asarray(self.assistant.embedder.embed_query(concern))
        own_sim = {q.id: float(vectors[positions[q.id]] @ query) for q in questions}
        dense_ctx = [qid for qid, _ in QuestionIndex(self.assistant).query(concern, 40) if qid in by_id][:DENSE_TOP]
        dense_own = sorted(own_sim, key=lambda i: -own_sim[i])[:DENSE_TOP]
        bm25 = [self.assistant.inventory[i].id for i, s in lexical.search(concern, len(positions)) if s > 0]
        hits = self.assistant.searcher.search(concern, k=8)
        near = {q.id: _nearness(q, hits) for q in questions}
        nearby = sorted((i for i in near if near[i] is not None), key=lambda i: near[i])
        fused = rrf([dense_ctx, dense_own, [i for i in bm25 if i in by_id], nearby], k=RRF_K)
        ranked, seen = [], set()
        for qid in sorted(fused, key=lambda i: -fused[i]):
            q = by_id[qid]
            if normalise(q.statement or q.text) in seen:
                continue
            seen.add(normalise(q.statement or q.text))
            source = self.cards.context(q)
            ranked.append(Suggestion(q, self.reason(concern, q, source), round(fused[qid], 5), source))
            if len(ranked) == k:
                break
        return ranked

    def reason(self, concern: str, q: ReflectionQuestion, source: Citation | None) -> str:
        """Why, in plain Danish: the sentence of the passage closest to the concern, quoted."""
        if source is None:
            return f"Spørgsmålet står i {q.title}."
        sentence = closest_sentence(source.quote, concern)
        where = "Spørgsmålet bygger på udsagnet" if q.derived else "Spørgsmålet hører til en passage"
        return f"{where} i {source.short}, der handler om det, I beskriver: {quoted(sentence)}"


def closest_sentence(text: str, focus: str) -> str:
    """The sentence of `text` sharing most words with `focus`, shortened at a word boundary."""
    spans = split_sentences(text) or [(0, len(text))]
    wanted = stems(focus)
    s, e = max(spans, key=lambda se: len(wanted & stems(text[se[0]:se[1]])))
    sentence = re.sub(r"\s+", " ", text[s:e]).strip()
    if len(sentence) > REASON_CHARS:
        sentence = sentence[:REASON_CHARS].rsplit(" ", 1)[0] + " …"
    return sentence


def _nearness(q: ReflectionQuestion, hits: list[Hit]) -> float | None:
    """How close the question stands to the best search hit in its document (rank plus distance)."""
    best = None
    for rank, hit in enumerate(hits):
        c = hit.chunk
        if c.doc_id != q.doc_id:
            continue
        distance = max(0, q.start - c.end, c.start - q.end)
        if distance <= NEAR_CHARS and (best is None or rank + distance / NEAR_CHARS < best):
            best = rank + distance / NEAR_CHARS
    return best
