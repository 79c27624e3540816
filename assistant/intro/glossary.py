"""The ordliste: words a newcomer meets in the documents, each explained by the documents' own sentences.

A term's explanation is found, never written: sentences where the term stands in a definition pattern
("X er …", "X betyder …", "ved X forstås …", "X handler om …"), ranked by how close they are to the
question "Hvad betyder X?" (hybrid retrieval of their chunk and e5 similarity of the sentence itself).
A term no sentence explains keeps only a quote that shows it in use, marked `explained=False`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from assistant.models import Chunk, Citation
from assistant.text.sentences import BULLET, split_sentences

GLOSSARY_FILE = "intro_glossary.toml"
# Danish inflection of the term as written in the list: læreplan|en|er|erne, perspektiv|et, positioner|ne.
INFLECTION = r"(?:en|et|er|erne|ene|ne|n|e|s|ens|ets|ernes)?"
# Definition cues. Explicit ones name the act of defining; a copula only counts when the term is the
# subject near the start of the sentence; a relative clause ("X, der …") describes the term it follows;
# a sentence may also be explained by the next one ("… X. Det betyder, at …").
EXPLICIT_AFTER = (
    r"betyder|defineres|forstås|dækker over|handler om|henviser til|refererer til|betegner|kendetegnes"
    r"|indebærer|vil sige|dvs\.|er et udtryk for|er en betegnelse|er et begreb|beskriver"
)
COPULA_AFTER = (
    r"er|var|kan beskrives som|kan forstås som|skal forstås som|skal ses som|bygger på|omfatter|består af|udgør"
    r"|indeholder|opstiller|rummer"
)
# A relative clause with its own pronoun subject ("X, som de var formuleret") tells what someone did with
# X, not what X is.
RELATIVE_AFTER = r",\s+(?:der|som|hvor)(?!\s+(?:de|vi|man|han|hun|jeg|du|I)\b)"
NEXT_EXPLAINS = re.compile(
    r"^(?:Det|Dette|Den|De)\s+(?:betyder|vil sige|handler om|indebærer|indeholder|består af|omfatter|rummer)\b"
)
EXPLICIT_BEFORE = r"(?:ved|med)\s+(?:begrebet\s+|termen\s+)?"
EXPLICIT_BEFORE_VERB = r"\s+(?:forstås|menes|mener vi|tænkes)"
# "Relationen mellem X og Y er": lower-case words only (`(?-i:)` keeps that case-sensitive), so a heading
# run into its sentence does not count.
COMPLEMENT = r"(?:\s+(?:i|mellem|på|for|af|med|hos|til|om)\s+(?-i:[^,.;:!?()A-ZÆØÅ]){1,60}?)?"
SUBJECT_WORDS = 6  # the term must start within this many words for "X er …" to read as a definition
# A term right after a preposition is part of another phrase ("Analyserne af vores læringsmiljø er …"),
# not the subject; determiners and possessives may stand between.
PREPOSITION = re.compile(
    r"(?:^|\s)(?:af|i|på|for|med|til|om|mellem|hos|fra|ved|under|over|gennem|efter|uden)"
    r"(?:\s+(?:den|det|de|en|et|vores|deres|sin|sit|sine|hans|hendes|dets|dens|alle|hele))*\s*$",
    re.I,
)
EXPLICIT, COPULA, RELATIVE = 3, 2, 1
TIER_WEIGHT = 0.02  # a plainer definition pattern outweighs a little e5 similarity
MAX_QUOTES = 2
SECOND_MARGIN = 0.03  # a second explaining sentence must be nearly as close to the question as the first
RETRIEVE_K = 30
RANK_WEIGHT = 0.05
MIN_WORDS = 5
MAX_LIST_LINES = 8  # a definition ending in ":" takes the list that follows with it


@dataclass(frozen=True)
class Term:
    """A glossary term from the data file, with the other ways the documents write it."""

    term: str
    variants: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Entry:
    """A term with the documents' sentences about it; `explained` is False when none defines it."""

    term: str
    quotes: list[Citation] = field(default_factory=list)
    explained: bool = False


@dataclass(frozen=True)
class Candidate:
    chunk: Chunk
    start: int
    end: int
    tier: int


def load_terms(prompts_dir: Path) -> list[Term]:
    data = tomllib.loads((prompts_dir / GLOSSARY_FILE).read_text(encoding="utf-8"))
    return [Term(t["term"], tuple(t.get("variants", ()))) for t in data["term"]]


def form_pattern(term: Term) -> str:
    """A regex for any form of the term, inflected, as whole words, spaces and hyphens flexible."""
    alternatives = sorted(term.forms, key=len, reverse=True)
    forms = "|".join(r"[\s\-]+".join(map(re.escape, f.split())) + INFLECTION for f in alternatives)
    return rf"(?<![\wæøå])(?:{forms})(?![\wæøå])"


@cache
def _mention(term: Term) -> re.Pattern:
    return re.compile(form_pattern(term), re.I)


@cache
def _definition(term: Term) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The term's definition patterns, compiled once: a glossary tests thousands of sentences per term, and
    so many distinct patterns overflow `re`'s own cache (a second per glossary went to recompiling)."""
    t = form_pattern(term)
    quoted = rf"[\"”“’']?{t}[\"”“’']?"
    gap = r"(?:\s*\([^)]*\))?,?\s+"  # an aside may stand between term and verb: "Leg (…) er"
    return tuple(re.compile(p, re.I) for p in (
        rf"{EXPLICIT_BEFORE}{quoted}{EXPLICIT_BEFORE_VERB}",
        rf"{quoted}{gap}(?:{EXPLICIT_AFTER})(?![\wæøå])",
        rf"{quoted}{COMPLEMENT}{gap}(?:{COPULA_AFTER})(?![\wæøå])",
        rf"{quoted}{RELATIVE_AFTER}(?![\wæøå])",
    ))


def mentions(term: Term, text: str) -> bool:
    return _mention(term).search(text) is not None


def definition_tier(term: Term, sentence: str) -> int:
    """EXPLICIT, COPULA, RELATIVE or 0: how plainly the sentence sets out to say what the term is."""
    explicit_before, explicit_after, copula, relative = _definition(term)
    if explicit_before.search(sentence) or explicit_after.search(sentence):
        return EXPLICIT
    m = copula.search(sentence)
    if m and _subject_at(sentence, m.start()):
        return COPULA
    if relative.search(sentence):
        return RELATIVE
    return 0


def is_statement(sentence: str) -> bool:
    """A full sentence, not a heading (no closing punctuation) or a question (which explains nothing)."""
    return len(sentence.split()) >= MIN_WORDS and sentence.rstrip(" ”\"’)")[-1:] in ".!:;"


def is_subject(term: Term, sentence: str) -> bool:
    """The term starts within the first words, where Danish puts the subject a next "Det …" refers to."""
    m = _mention(term).search(sentence)
    return m is not None and _subject_at(sentence, m.start())


def _subject_at(sentence: str, start: int) -> bool:
    before = sentence[:start]
    return len(before.split()) < SUBJECT_WORDS and not PREPOSITION.search(before)


def with_list(text: str, start: int, end: int) -> int:
    """The end of a sentence that introduces a list ("… er kendetegnet ved:"), extended over its bullet
    lines; a bullet that runs on into prose is taken up to its first sentence end."""
    if not text[start:end].rstrip().endswith(":"):
        return end
    base = end
    for line in list(re.finditer(r"[^\n]+", text[base:]))[:MAX_LIST_LINES]:
        item = line.group()
        if not BULLET.match(item.lstrip()):
            break
        first_end = split_sentences(item)[0][1]
        end = base + line.start() + first_end
        if item[first_end:].strip():
            break
    return end


class Glossary:
    """Finds the documents' explanation of each term over a searcher's chunks."""

    def __init__(self, searcher, embed_query, embed_passages):
        self.searcher = searcher
        self.embed_query = embed_query
        self.embed_passages = embed_passages

    @classmethod
    def of(cls, assistant) -> Glossary:
        return cls(
            assistant.searcher, assistant.embedder.embed_query,
            lambda texts: assistant.cache.embed_passages(assistant.embedder, texts),  # cached by content hash
        )

    def entries(self, terms: list[Term]) -> list[Entry]:
        return [self.entry(t) for t in terms]

    def entry(self, term: Term) -> Entry:
        candidates = self.candidates(term)
        if not candidates:
            return Entry(term.term, self.usage(term), explained=False)
        ranked = self.rank(term, candidates)
        chosen = [ranked[0]]
        for cand, score in ranked[1:]:
            if len(chosen) >= MAX_QUOTES or chosen[0][1] - score > SECOND_MARGIN:
                break
            if cand.chunk.id != chosen[0][0].chunk.id:
                chosen.append((cand, score))
        return Entry(term.term, [self.cite(i, c) for i, (c, _) in enumerate(chosen, start=1)], explained=True)

    def candidates(self, term: Term) -> list[Candidate]:
        """Every sentence of the corpus that has the term in a definition pattern, or that the next
        sentence explains ("Det betyder, at …"), which is then quoted with it."""
        found = []
        for chunk in self.searcher.chunks.values():
            if not mentions(term, chunk.text):
                continue
            spans = split_sentences(chunk.text)
            for i, (s, e) in enumerate(spans):
                sentence = chunk.text[s:e]
                tier = definition_tier(term, sentence)
                following = spans[i + 1] if i + 1 < len(spans) else None
                if following and is_subject(term, sentence) and NEXT_EXPLAINS.match(chunk.text[following[0]:]):
                    found.append(Candidate(chunk, s, following[1], max(tier, COPULA)))
                elif tier:
                    found.append(Candidate(chunk, s, with_list(chunk.text, s, e), tier))
        return found

    def rank(self, term: Term, candidates: list[Candidate]) -> list[tuple[Candidate, float]]:
        """Best first: explicit definitions before copulas, then closeness to "Hvad betyder X?"."""
        query = question(term)
        vector = self.embed_query(query)  # once: the search takes it too
        ranks = {h.chunk.id: r for r, h in enumerate(self.searcher.search(query, k=RETRIEVE_K, vector=vector))}
        vectors = self.embed_passages([c.chunk.text[c.start : c.end] for c in candidates])
        dense = np.asarray(vectors) @ vector
        scored = [
            (c, float(d) + TIER_WEIGHT * c.tier + RANK_WEIGHT / (1 + ranks.get(c.chunk.id, RETRIEVE_K)))
            for c, d in zip(candidates, dense)
        ]
        return sorted(scored, key=lambda x: -x[1])

    def usage(self, term: Term) -> list[Citation]:
        """No sentence explains the term: the best-matching sentence that at least uses it."""
        for hit in self.searcher.search(question(term), k=RETRIEVE_K):
            for s, e in split_sentences(hit.chunk.text):
                if mentions(term, hit.chunk.text[s:e]) and is_statement(hit.chunk.text[s:e]):
                    return [self.cite(1, Candidate(hit.chunk, s, e, 0))]
        return []

    def cite(self, n: int, c: Candidate) -> Citation:
        doc = self.searcher.documents[c.chunk.doc_id]
        return Citation.of(n, c.chunk, doc.title, doc.short, c.start, c.end)


def question(term: Term) -> str:
    return f"Hvad betyder {term.term}?"
