"""The cleaned text as the inventory reads it: paragraphs, questions, content-word stems and excerpts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.lexical import Tokenizer
from assistant.text.sentences import BULLET, paragraph_spans, split_sentences

QUOTES = "”“\"’‘«»„"
MAX_CONTEXT = 700
MIN_PROSE_WORDS = 20


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines of the cleaned text, with its offsets."""

    start: int
    end: int
    text: str

    @property
    def lines(self) -> list[tuple[int, int]]:
        return [(self.start + m.start(), self.start + m.end()) for m in re.finditer(r"[^\n]+", self.text)]

    def items(self, doc_text: str) -> list[tuple[int, int]]:
        """Bullet lines each on their own; otherwise the whole paragraph, as (start, end) without bullets."""
        if not any(BULLET.match(doc_text[s:e]) for s, e in self.lines):
            return [(self.start, self.end)]
        spans = []
        for s, e in self.lines:
            bullet = BULLET.match(doc_text[s:e])
            spans.append((s + (bullet.end() if bullet else 0), e))
        return spans

    def is_heading(self) -> bool:
        text = self.text.strip()
        return "\n" not in text and 0 < len(text) <= 160 and text[-1] not in ".!?:;," and not BULLET.match(text)

    def is_quote(self) -> bool:
        return self.text.lstrip()[:1] in QUOTES

    def is_prose(self) -> bool:
        return not self.is_heading() and not self.is_quote() and len(self.text.split()) >= MIN_PROSE_WORDS


def paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(s, e, text[s:e]) for s, e in paragraph_spans(text)]


def clean_question(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(QUOTES + " –-").strip()


def normalise(text: str) -> str:
    """Comparison form of a question: lower case, single spaces, no quotes or bullets."""
    return re.sub(r"\s+", " ", BULLET.sub("", text.strip())).strip(QUOTES + " –-.").lower()


def is_question(text: str) -> bool:
    """A paragraph or bullet of questions only ("...? Hvordan?" counts); not a quote, not prose ending in one."""
    text = text.strip()
    if not text or text[0] in QUOTES:
        return False
    return all(text[s:e].rstrip(QUOTES + " ").endswith("?") for s, e in split_sentences(text))


@lru_cache(maxsize=1)
def _tokenize() -> Tokenizer:
    return Tokenizer()


def stems(text: str) -> set[str]:
    """Content-word stems, the currency of overlap between a question and a passage."""
    return {s for s in _tokenize()(text) if len(s) >= 3}


def excerpt(text: str, focus: str, max_chars: int = MAX_CONTEXT) -> tuple[int, int]:
    """Offsets of the contiguous sentences of one paragraph of `text`, around the one sharing most words with `focus`."""
    spans = split_sentences(text)
    if not spans:
        return 0, len(text)
    wanted = stems(focus)
    best = max(range(len(spans)), key=lambda i: (len(wanted & stems(text[slice(*spans[i])])), -i))
    lo = hi = best
    while True:
        grown = False
        for cand in (hi + 1, lo - 1):
            if 0 <= cand < len(spans) and "\n\n" not in text[spans[min(lo, cand)][1] : spans[max(hi, cand)][0]]:
                new_lo, new_hi = min(lo, cand), max(hi, cand)
                if spans[new_hi][1] - spans[new_lo][0] <= max_chars:
                    lo, hi, grown = new_lo, new_hi, True
        if not grown:
            return spans[lo][0], spans[hi][1]
