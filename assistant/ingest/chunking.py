"""Structure-aware chunking: chunks stay inside a section and end at sentence boundaries."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from assistant.models import Chunk, Section
from assistant.text.sentences import split_sentences

# Paragraphs first, then lines (bullets), then sentences; words only as a last resort.
SEPARATORS = [r"\n\n", r"\n", r"(?<=[.!?”])\s+(?=[A-ZÆØÅ”\"•])", r"\s+"]
TINY_SECTION_WORDS = 30


def word_count(text: str) -> int:
    return len(text.split())


def chunk_id(doc_id: str, text: str, occurrence: int = 0) -> str:
    """Stable id from content: unchanged text keeps its id across ingests."""
    digest = hashlib.sha1(f"{doc_id}\n{text}".encode()).hexdigest()[:16]
    return f"{doc_id}:{digest}" + (f"-{occurrence}" if occurrence else "")


def split_section(text: str, max_words: int) -> list[str]:
    """Split a section's text into balanced pieces of at most about `max_words` words."""
    words = word_count(text)
    if words <= max_words:
        return [text.strip()]
    from langchain_text_splitters import RecursiveCharacterTextSplitter  # slow to import; ingest only

    pieces = math.ceil(words / max_words)
    target = math.ceil(words / pieces * 1.05)
    splitter = RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=min(target, max_words),
        chunk_overlap=0,
        length_function=word_count,
    )
    return [p.strip() for p in splitter.split_text(text) if p.strip()]


def chunk_document(
    doc_id: str,
    text: str,
    sections: list[Section],
    min_words: int = 80,
    max_words: int = 250,
) -> list[Chunk]:
    """Chunks of a cleaned document; each records its section and its span in `text`."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section in fold_small_sections(sections, text):
        body = text[section.start : section.end]
        cursor = 0
        spans: list[tuple[int, int]] = []
        for piece in split_section(body, max_words):
            at = body.find(piece, cursor)
            spans.append((section.start + at, section.start + at + len(piece)))
            cursor = at + len(piece)
        for start, end in _merge_short_tail(spans, text, min_words, max_words):
            piece = text[start:end]
            occurrence = seen.get(piece, 0)
            seen[piece] = occurrence + 1
            chunks.append(
                Chunk(
                    id=chunk_id(doc_id, piece, occurrence),
                    doc_id=doc_id,
                    text=piece,
                    section=section.title,
                    position=len(chunks),
                    start=start,
                    end=end,
                )
            )
    return chunks


def fold_small_sections(sections: list[Section], text: str) -> list[Section]:
    """Fold sections of a few words (box labels, figure captions) into the next section."""
    out: list[Section] = []
    pending_start: int | None = None
    for i, section in enumerate(sections):
        start = pending_start if pending_start is not None else section.start
        pending_start = None
        small = word_count(text[section.start : section.end]) < TINY_SECTION_WORDS
        if small and i + 1 < len(sections):
            pending_start = start
            continue
        out.append(Section(title=section.title, start=start, end=section.end))
    return out


def _merge_short_tail(
    spans: list[tuple[int, int]], text: str, min_words: int, max_words: int
) -> list[tuple[int, int]]:
    """Join a too-short last piece to the one before when the result stays near the limit."""
    if len(spans) >= 2:
        (a_start, _), (_, b_end) = spans[-2], spans[-1]
        if word_count(text[spans[-1][0] : b_end]) < min_words // 2 and word_count(
            text[a_start:b_end]
        ) <= max_words * 1.2:
            spans = spans[:-2] + [(a_start, b_end)]
    return spans


@dataclass(frozen=True)
class Window:
    """A few sentences of a chunk: what is embedded and matched; hits are reported as chunks."""

    chunk: Chunk
    index: int
    start: int
    end: int

    @property
    def id(self) -> str:
        """Derived from the span, so a change of window boundaries changes the ids (and re-indexes)."""
        return f"{self.chunk.id}#{self.start}-{self.end}"

    @property
    def text(self) -> str:
        return self.chunk.text[self.start : self.end]

    def search_text(self) -> str:
        return titled(self.chunk.section, self.text)


def titled(section: str, text: str) -> str:
    """What is indexed and embedded: the section title gives a passage its topic."""
    return f"{section}\n{text}" if section else text


def windows_of(chunk: Chunk, size: int = 40) -> list[Window]:
    return [Window(chunk, i, s, e) for i, (s, e) in enumerate(window_spans(chunk.text, size))]


def window_spans(text: str, size: int = 40) -> list[tuple[int, int]]:
    """Sentence-aligned spans of about `size` words: the units of dense and lexical matching.

    Small windows let a focused sentence or two win against long chunks that merely share words;
    a chunk's match score is its best window's."""
    windows, start, words = [], None, 0
    for s, e in split_sentences(text):
        start = s if start is None else start
        words += word_count(text[s:e])
        if words >= size:
            windows.append((start, e))
            start, words = None, 0
    if start is not None:
        if windows and words < size // 3:
            windows[-1] = (windows[-1][0], len(text.rstrip()))  # a short tail joins the last window
        else:
            windows.append((start, len(text.rstrip())))
    return windows
