"""Sentence spans in Danish text: quotes, windows and reflection questions all cut text the same way."""

from __future__ import annotations

import re

# Where a sentence ends: terminal punctuation, optional closing quote, space, then a capital or digit.
SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“”(]?[A-ZÆØÅÉ0-9])")
BULLET = re.compile(r"^[•∆·▪●◦\-–*]\s+|^\d{1,2}[.)]\s+")
ABBREVIATIONS = ("fx", "f.eks", "bl.a", "jf", "ca", "mv", "osv", "dvs", "nr", "stk", "evt", "inkl", "pkt", "kap")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text: paragraphs and bullet lines, split at sentence ends."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _sentence_ends(line.group()):
            spans.append(_trim(text, start, line.start() + end))
            start = line.start() + end
        spans.append(_trim(text, start, line.end()))
    return [(s, e) for s, e in spans if e > s]


def _sentence_ends(line: str) -> list[int]:
    ends = []
    for m in SENTENCE_END.finditer(line):
        before = line[: m.start()].rsplit(None, 1)[-1].lower() if line[: m.start()].strip() else ""
        if before.rstrip(".").lstrip("([\"“'") in ABBREVIATIONS:  # "(bl.a. Broström, 2009)" goes on
            continue
        ends.append(m.end())
    return ends


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding space and a leading bullet, so the quote is the sentence itself."""
    while start < end and text[start].isspace():
        start += 1
    bullet = BULLET.match(text[start:end])
    if bullet:
        start += bullet.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of a text: runs of non-blank lines."""
    return [m.span() for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]
