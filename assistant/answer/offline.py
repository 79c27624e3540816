"""The offline answer: the documents' own sentences that best answer a question, each cited."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np

from assistant.text.lexical import Decompounder, Tokenizer, _stemmer, words
from assistant.models import Answer, Citation, Hit
from assistant.search.retrieval import Searcher
from assistant.text.sentences import split_sentences

MIN_WORDS = 5
HEADING_WORDS = 12  # a line without final punctuation is taken for a heading unless it is this long
TERMINAL = ".!?:;\"”’)"
# Words that shape a question but carry no topic; they must not count as evidence.
QUESTION_WORDS = frozenset(
    "hvad hvordan hvorfor hvilke hvilken hvilket hvem hvornår hvor mange meget kan skal må vi jeg man "
    "gøre gør får få står siger sige betyder handler dokumenterne ifølge egentlig lige".split()
)

INTRO = "Det skriver dokumenterne om det:"
REFUSAL = (
    "Det dækker dokumenterne ikke. Jeg har ikke fundet noget i kilderne, der besvarer spørgsmålet, "
    "og jeg gætter ikke."
)
REFUSAL_WITH_TOPICS = " Dokumenterne handler blandt andet om de emner, der er foreslået herunder."

RETRIEVE_K = 15  # chunks searched; their sentences compete for the answer
SHORTLIST = 20  # sentences embedded per question (embedding is the slow part)
LEXICAL_WEIGHT = 0.35
RANK_WEIGHT = 0.05
MIN_SENTENCES, MAX_SENTENCES = 3, 4
MAX_PER_CHUNK = 1  # quote several passages rather than neighbouring sentences of one
MARGIN, WIDE_MARGIN = 0.1, 0.25  # how far below the best sentence a fourth, or any, may score and be quoted
DUPLICATE_OVERLAP = 0.6
PREFIX_CHARS = 6  # shortest stem that may match a longer word by prefix

# The refusal gate, calibrated on evals/questions.jsonl and evals/unanswerable.jsonl (python -m evals.answers):
# strength = share of the question's words in one top chunk
#          + slopes * (cosine of the best sentence / best chunk window - DENSE_CENTRE)
#          - UNKNOWN_PENALTY * share of the question's words the corpus never uses.
# e5 cosines sit in a narrow band around 0.88, hence the steep slopes. Recalibrate when retrieval changes.
COVERAGE_HITS = 5
DENSE_CENTRE, SENTENCE_SLOPE, CHUNK_SLOPE = 0.88, 1.0, 9.0
UNKNOWN_PENALTY = 0.2
MIN_STRENGTH = 0.297


@dataclass(frozen=True)
class Term:
    """A content word of a question."""

    word: str
    stem: str
    parts: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Sentence:
    """A sentence of a retrieved chunk, with its offsets in the chunk."""

    hit: Hit
    rank: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.hit.chunk.text[self.start : self.end]

    @property
    def doc_start(self) -> int:
        return self.hit.chunk.start + self.start


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    dense: float
    lexical: float
    score: float


@dataclass(frozen=True)
class Evidence:
    """Scored sentences of the hits, best first, and whether they are strong enough to answer."""

    query: str
    hits: list[Hit]
    sentences: list[Scored]
    covered: bool
    strength: float


def is_statement(sentence: str) -> bool:
    """A sentence worth quoting: long enough, not a heading (short lines without a full stop), and not
    itself a question (the documents' own questions do not answer anything)."""
    n = len(sentence.split())
    end = sentence.rstrip(" \"”’)")[-1:]
    return n >= MIN_WORDS and end != "?" and (sentence.rstrip()[-1:] in TERMINAL or n >= HEADING_WORDS)


class _Tokenizer(Tokenizer):
    def stem(self, word: str) -> str:
        return _stemmer().stemWord(word)


class Answerer:
    """Retrieves chunks, scores their sentences against the question and quotes the best ones."""

    def __init__(
        self,
        searcher: Searcher,
        embed_query: Callable[[str], np.ndarray],
        embed_passages: Callable[[list[str]], np.ndarray],
        k: int = RETRIEVE_K,
    ):
        self.searcher = searcher
        self.embed_query = embed_query
        self.embed_passages = embed_passages
        self.k = k
        texts = [c.text for c in searcher.chunks.values()]
        self.tokenize = _Tokenizer(Decompounder({w for t in texts for w in words(t)}))
        self.idf = self._idf(texts)
        self._vectors: dict[str, np.ndarray] = {}  # sentence embeddings; bounded by the corpus's sentences

    def _idf(self, texts: list[str]) -> dict[str, float]:
        df = Counter(t for text in texts for t in set(self.tokenize(text)))
        n = len(texts)
        return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def _unknown_idf(self) -> float:
        """A term the corpus never uses weighs like the rarest term: it is what the question is about."""
        return max(self.idf.values(), default=1.0)

    # ------------------------------------------------------------ retrieval and scoring

    def retrieve(self, query: str) -> list[Hit]:
        return self.searcher.search(query, k=self.k, mode="hybrid")

    def terms(self, question: str) -> list[Term]:
        """The question's content words, each with its stem, compound parts and weight."""
        terms = {}
        for word in words(question):
            if word in QUESTION_WORDS or len(word) < 2:
                continue
            stem = self.tokenize.stem(word)
            parts = tuple(self.tokenize.stem(p) for p in self.tokenize.decompounder.parts(word))
            terms[stem] = Term(word, stem, parts, self._weight(stem, parts))
        return list(terms.values())

    def _weight(self, stem: str, parts: tuple[str, ...]) -> float:
        if stem in self.idf:
            return self.idf[stem]
        if parts and all(p in self.idf for p in parts):
            return max(self.idf[p] for p in parts)
        return self._unknown_idf()

    def known(self, term: Term) -> bool:
        return term.stem in self.idf or bool(term.parts) and all(p in self.idf for p in term.parts)

    def lexical(self, terms: list[Term], text: str, partial: bool = False) -> float:
        """Share of the question's words (IDF-weighted) that the text contains, whole or as compound parts;
        with `partial`, a word sharing a long prefix with the text's words counts half
        (`forberedelsestid` ~ `forberedelse`, which the compound splitter cannot split off)."""
        if not terms:
            return 0.0
        found = set(self.tokenize(text))
        matched = 0.0
        for t in terms:
            if t.stem in found or t.parts and all(p in found for p in t.parts):
                matched += t.weight
            elif partial and any(_shares_prefix(t.stem, f) for f in found):
                matched += t.weight / 2
        return matched / sum(t.weight for t in terms)

    def evidence(self, query: str, hits: list[Hit] | None = None) -> Evidence:
        """Score the sentences of the retrieved chunks; decide whether they cover the question."""
        hits = self.retrieve(query) if hits is None else hits
        terms = self.terms(query)
        candidates = self._shortlist(hits, terms)
        if not candidates:
            return Evidence(query, hits, [], False, 0.0)
        dense = self._passage_vectors([s.text for s, _ in candidates]) @ self.embed_query(query)
        scored = sorted(
            (self._score(s, float(d), lex) for (s, lex), d in zip(candidates, dense)),
            key=lambda x: (-x.score, x.sentence.rank, x.sentence.start),
        )
        strength = self._strength(scored, hits, terms)
        return Evidence(query, hits, scored, strength >= MIN_STRENGTH, strength)

    def _shortlist(self, hits: list[Hit], terms: list[Term]) -> list[tuple[Sentence, float]]:
        """The sentences worth embedding: lexically closest first, nudged by the chunk's rank."""
        sentences = [
            Sentence(hit, rank, s, e)
            for rank, hit in enumerate(hits)
            for s, e in split_sentences(hit.chunk.text)
            if is_statement(hit.chunk.text[s:e])
        ]
        # A question may name the document ("i Køges dagtilbudsstrategi", "ifølge KL"): its title counts as context.
        with_lexical = [
            (s, self.lexical(terms, f"{s.text}\n{s.hit.title}\n{s.hit.short}", partial=True)) for s in sentences
        ]
        with_lexical.sort(key=lambda x: (-(x[1] + RANK_WEIGHT * _prior(x[0].rank)), x[0].rank, x[0].start))
        return with_lexical[:SHORTLIST]

    def _score(self, sentence: Sentence, dense: float, lexical: float) -> Scored:
        score = dense + LEXICAL_WEIGHT * lexical + RANK_WEIGHT * _prior(sentence.rank)
        return Scored(sentence, dense, lexical, score)

    def _strength(self, scored: list[Scored], hits: list[Hit], terms: list[Term]) -> float:
        """How well the evidence covers the question (see the calibration note at the top)."""
        coverage = max(self.lexical(terms, f"{h.chunk.section}\n{h.chunk.text}") for h in hits[:COVERAGE_HITS])
        best_sentence = max(s.dense for s in scored)
        best_chunk = max((h.dense_score or 0.0 for h in hits), default=0.0)
        unknown = sum(t.weight for t in terms if not self.known(t)) / max(1e-9, sum(t.weight for t in terms))
        return (
            coverage
            + SENTENCE_SLOPE * (best_sentence - DENSE_CENTRE)
            + CHUNK_SLOPE * (best_chunk - DENSE_CENTRE)
            - UNKNOWN_PENALTY * unknown
        )

    def _passage_vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self.embed_passages(missing)))
        return np.stack([self._vectors[t] for t in texts])

    # ------------------------------------------------------------ the answer

    def passages(self, query: str, n: int = 3) -> list[Citation]:
        """The best answering spans for a query, best first, each from a different chunk and not repeating
        each other: what the meeting guide, the introduction path and reflection quote. Empty when the
        documents do not cover the query."""
        evidence = self.evidence(query)
        if not evidence.covered:
            return []
        chosen: list[Scored] = []
        for s in evidence.sentences:
            if len(chosen) >= n:
                break
            if any(s.sentence.hit.chunk.id == c.sentence.hit.chunk.id or _similar(s, c) for c in chosen):
                continue
            chosen.append(s)
        return [citation(i, s.sentence) for i, s in enumerate(chosen, start=1)]

    def answer(self, question: str, search_query: str | None = None, hits: list[Hit] | None = None) -> Answer:
        """The offline answer to a question (searched as `search_query` when given)."""
        query = search_query or question
        return self.compose(question, self.evidence(query, hits), query)

    def compose(self, question: str, evidence: Evidence, search_query: str = "") -> Answer:
        if not evidence.covered:
            return self.refusal(question, evidence.hits, search_query or question)
        chosen = reading_order(select(evidence.sentences))
        citations = [citation(n, s.sentence) for n, s in enumerate(chosen, start=1)]
        lines = [f"- {c.quote} [{c.n}]" for c in citations]
        return Answer(
            question=question, text=INTRO + "\n\n" + "\n".join(lines), citations=citations,
            mode="offline", answered=True, search_query=search_query or question,
        )

    def refusal(self, question: str, hits: list[Hit], search_query: str = "") -> Answer:
        topics = suggestions(hits)
        return Answer(
            question=question, text=REFUSAL + (REFUSAL_WITH_TOPICS if topics else ""), mode="offline",
            answered=False, suggestions=topics, search_query=search_query or question,
        )


def _shares_prefix(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= PREFIX_CHARS and longer.startswith(shorter)


def _prior(rank: int) -> float:
    return 1.0 / (1 + rank)


def select(scored: list[Scored]) -> list[Scored]:
    """Up to three good sentences, and a fourth when nearly as good as the best, not repeating each other."""
    chosen: list[Scored] = []
    per_chunk: Counter[str] = Counter()
    for s in scored:
        if len(chosen) >= MAX_SENTENCES:
            break
        below = chosen[0].score - s.score if chosen else 0.0
        if below > WIDE_MARGIN or len(chosen) >= MIN_SENTENCES and below > MARGIN:
            break
        chunk_id = s.sentence.hit.chunk.id
        if per_chunk[chunk_id] >= MAX_PER_CHUNK or any(_similar(s, c) for c in chosen):
            continue
        chosen.append(s)
        per_chunk[chunk_id] += 1
    return chosen


def _similar(a: Scored, b: Scored) -> bool:
    """Near-duplicates: the documents repeat themselves (summaries, boxes, bullet recaps)."""
    wa, wb = set(words(a.sentence.text)), set(words(b.sentence.text))
    return len(wa & wb) / max(1, len(wa | wb)) > DUPLICATE_OVERLAP


def reading_order(chosen: list[Scored]) -> list[Scored]:
    """Documents in the order of their best sentence; sentences within a document as they stand there."""
    docs = list(dict.fromkeys(c.sentence.hit.chunk.doc_id for c in chosen))
    return sorted(chosen, key=lambda c: (docs.index(c.sentence.hit.chunk.doc_id), c.sentence.doc_start))


def citation(n: int, sentence: Sentence) -> Citation:
    return Citation.of(n, sentence.hit.chunk, sentence.hit.title, sentence.hit.short, sentence.start, sentence.end)


def suggestions(hits: list[Hit], n: int = 4) -> list[str]:
    """Section titles of the nearest chunks: topics the documents do cover."""
    titles = [_topic(h.chunk.section) for h in hits]
    return list(dict.fromkeys(t for t in titles if t))[:n]


def _topic(section: str) -> str:
    """A section title that reads as a topic; dated meeting headings and sentence fragments are skipped."""
    title = " ".join(section.split())
    if not 1 <= len(title.split()) <= 8 or any(ch.isdigit() for ch in title) or title[-1:] in ",;-–":
        return ""
    return title.capitalize() if title.isupper() else title
