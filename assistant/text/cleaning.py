"""Turn text extracted from PDFs into clean paragraphs, headings and bullet lists.

Extraction leaves line-break hyphenation, split ligatures ("refl eksion"), running headers and
footers, page numbers, letter-spaced titles and hard-wrapped lines. Ambiguous joins are decided
with the corpus's own vocabulary: a split is healed only when the joined word occurs elsewhere
in the corpus (or its fragments do not), never from a hand-written list.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Literal

from assistant.models import Section

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")
TERMINAL = ".!?:;”\"'’)"
BULLET = re.compile(r"^\s*[•∆·▪●◦\-–*]\s+")
# a photo credit or a figure's source, a short line of its own: "Foto: Simon Klein Knudsen", "Kilde: Anne Mette
# Møller 2021" (they titled the next section, or ended a chunk mid-text)
CREDIT = re.compile(r"^(?:foto|fotos|fotograf|illustration|illustrationer|grafik|layout|tryk|kilde|kilder)\s*:"
                    r"(?:\s*\S+){1,8}\s*$", re.I)
# a web address is no heading: "Rapporten findes på www.sm.dk"
NOT_A_TITLE = re.compile(r"\bwww\.|https?://", re.I)
CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "men", "&"}
LIGATURE_ENDINGS = ("fi", "fl", "ff")


@dataclass
class Vocabulary:
    """Word counts of a corpus, taken where extraction cannot have split a word."""

    counts: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        vocab = cls()
        for text in texts:
            vocab.add(text)
        return vocab

    def add(self, text: str) -> None:
        for line in normalize_chars(text).split("\n"):
            words = [w.lower() for w in WORD.findall(line)]
            # Words at a line's edges may be halves of a broken word; a word after a
            # ligature-like fragment may be the other half. Count only the rest.
            for i, word in enumerate(words[1:-1], start=1):
                if not words[i - 1].endswith(LIGATURE_ENDINGS) and not word.endswith(LIGATURE_ENDINGS):
                    self.counts[word] += 1
            for a, b in zip(words, words[1:]):
                self.bigrams[(a, b)] += 1
            for token in line.split():
                if "-" in token.strip("-–") and not token.endswith("-"):
                    self.counts[token.strip(".,;:()”\"").lower()] += 1

    def known(self, word: str) -> bool:
        return self.counts[word.lower()] > 0

    def known_stem(self, word: str) -> bool:
        """True when the word, or a longer word starting with it, occurs in the corpus."""
        word = word.lower()
        return self.known(word) or any(w.startswith(word) for w in self.counts)


def normalize_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\ufffd", "").replace("\u00a0", " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n ")
    return text.replace("\t", " ")


# ---------------------------------------------------------------- word-level repairs


def join_ligatures(text: str, vocab: Vocabulary) -> str:
    """`kvalifi cere` -> `kvalificere`, `fl ok` -> `flok`, when the corpus knows the result."""

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        joined = left + right
        if vocab.known(joined) or not vocab.known(right):
            return joined
        return m.group(0)

    return re.sub(r"\b([A-Za-zÆØÅæøå]*f[il]) ([a-zæøå]+)\b", repl, text)


def join_letter_spacing(text: str, vocab: Vocabulary) -> str:
    """`D A G T IL B U D` -> `DAGTILBUD`; `PE JLEMÆRKE` -> `PEJLEMÆRKE`."""
    text = re.sub(
        r"\b(?:[A-ZÆØÅ]{1,2} ){2,}[A-ZÆØÅ]{1,2}\b",
        lambda m: m.group(0).replace(" ", ""),
        text,
    )

    def repl(m: re.Match[str]) -> str:
        joined = m.group(1) + m.group(2)
        if not vocab.known(m.group(1)) and vocab.known_stem(joined):
            return joined
        return m.group(0)

    return re.sub(r"\b([A-ZÆØÅ]{1,3}) ([A-ZÆØÅ]{3,})\b", repl, text)


def join_lines(lines: list[str], vocab: Vocabulary) -> str:
    """Join hard-wrapped lines of one paragraph, healing words broken at line ends. A line that ends in a
    space ended a word ("det pædagogiske personale ⏎ møder barnet"): its last word is not joined to the next."""
    out, spaced = "", False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        out = _join_pair(out, line, vocab, spaced) if out else line
        spaced = raw != raw.rstrip()
    return out


def _join_pair(left: str, right: str, vocab: Vocabulary, spaced: bool = False) -> str:
    head_match = re.search(r"([\wÆØÅæøå-]+)$", left)
    tail_match = re.match(r"([\wÆØÅæøå]+)", right)
    if not head_match or not tail_match:
        return f"{left} {right}"
    head, tail = head_match.group(1), tail_match.group(1)
    spaced_break = re.search(r"([\wÆØÅæøå]+) -$", left)
    if head == "-" and spaced_break and right[0].islower() and vocab.known(spaced_break.group(1) + tail):
        return left[:-2] + right  # "udvidet sam - ⏎ arbejde": a word broken with a spaced hyphen
    if head.endswith("-") and len(head) > 1:
        stem = head[:-1]
        # "sam- men" is "sammen", though "men" is a conjunction: the corpus uses the whole word more than the part
        joins = vocab.counts[(stem + tail).lower()] > vocab.counts[stem.lower()]
        if tail.lower() in CONJUNCTIONS and not joins or not right[0].islower() and not stem.isupper():
            return f"{left} {right}"  # "støtte- og specialpædagoger", "Børne- Unge"
        if stem.split("-")[-1].isupper() or stem[-1].isdigit() or vocab.known(f"{stem}-{tail}"):
            return left + right  # "FN-konventionen", "0-6-årsalderen": a real hyphen
        return left[:-1] + right  # "kom- munerne" -> "kommunerne"
    if not spaced and _is_split_word(head, tail, vocab):
        return left + right  # "dagpleje pædagogen" -> "dagplejepædagogen" (lost soft hyphen)
    return f"{left} {right}"


def _is_split_word(head: str, tail: str, vocab: Vocabulary) -> bool:
    if not head.isalpha() or not tail.isalpha() or not tail[0].islower():
        return False
    if not vocab.known(head + tail):
        return False
    if not vocab.known(head) or not vocab.known(tail):
        return True
    # Both halves are words: join only long halves that never stand side by side.
    return len(head) >= 4 and len(tail) >= 3 and vocab.bigrams[(head.lower(), tail.lower())] == 0


# ---------------------------------------------------------------- page furniture


def furniture_lines(lines: list[str]) -> set[int]:
    """Indexes of running headers/footers, page numbers and similar page furniture."""
    drop: set[int] = set()
    keys: dict[str, list[int]] = {}
    for i, raw in enumerate(lines):
        s = raw.strip()
        if (
            re.fullmatch(r"\d{1,3}", s)
            or re.fullmatch(r"\d{1,3}\s+[^|\n]{1,60}\|[^|\n]{1,60}|[^|\n]{1,60}\|[^|\n]{1,60}\s\d{1,3}", s)
            or re.fullmatch(r"\d{1,3}[A-ZÆØÅ][A-ZÆØÅ \-–]{5,}|[A-ZÆØÅ][A-ZÆØÅ \-–]{5,}[A-ZÆØÅ]\d{1,3}", s)
        ) or CREDIT.match(s):  # page numbers, "OPSAMLING ... | FOA 29" (a page number, not any table row),
            # "30PRAKSISKATALOG – ...", a credit
            drop.add(i)
            continue
        key = re.sub(r"^\d+\s+|\s+\d+$", "", s)
        if len(key.split()) >= 2 and len(key.split()) <= 12 and not re.search(r"[,.:;!?”]", key):
            keys.setdefault(key, []).append(i)
    for key, where in keys.items():
        if len(where) >= 3:
            for i in where[1:]:
                if not _after_quote(lines, i):
                    drop.add(i)
    return drop


def _previous_line(lines: list[str], i: int) -> str:
    return next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")


def _after_quote(lines: list[str], i: int) -> bool:
    return _previous_line(lines, i).endswith(("”", '"'))


def is_byline(lines: list[str], i: int) -> bool:
    """"Name · Title · Place" under a quote: the quote's signature, not a heading of what follows."""
    return " · " in lines[i] and _previous_line(lines, i).rstrip(".").endswith(("”", '"'))


# ---------------------------------------------------------------- blocks


@dataclass
class Block:
    kind: Literal["heading", "paragraph", "bullet"]
    lines: list[str]
    text: str = ""


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalpha())


def is_upper_heading(s: str) -> bool:
    letters = _letters(s)
    return len(letters) >= 3 and letters.isupper() and len(s.split()) <= 12


def is_numbered_heading(s: str) -> bool:
    return bool(re.match(r"^\d{2}\s*/", s))


def _is_title_line(lines: list[str], i: int, prev_ended: bool) -> bool:
    s = lines[i].strip()
    words = s.split()
    if not s or not prev_ended or len(words) > 10 or len(s) > 70:
        return False
    if not s[0].isupper() or s[-1] in ".,;:!?–-" or BULLET.match(s) or _after_quote(lines, i) or NOT_A_TITLE.search(s):
        return False
    nxt = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
    return not nxt or not nxt[0].islower()


def _ended(line: str) -> str:
    """A paragraph line without its indent, keeping one trailing space when the line ended a word."""
    s = line.strip()
    return s + " " if line != line.rstrip() else s


def parse_blocks(raw: str, vocab: Vocabulary) -> list[Block]:
    lines = normalize_chars(raw).split("\n")
    drop = furniture_lines(lines)
    blocks: list[Block] = []
    current: Block | None = None
    prev_ended = True
    byline = False
    for i, line in enumerate(lines):
        s = line.strip()
        page_start = line.startswith(" ") and not line.startswith("  ") and bool(s)
        if i in drop or not s:
            if not s:
                current = None
            continue
        continues = byline and current is not None and " · " in s  # a signature may run over two lines
        if continues or is_byline(lines, i):  # a signature closes the quote above it
            if continues:
                current.lines.append(s)
            else:
                current = Block("paragraph", [s])
                blocks.append(current)
            byline, prev_ended = True, True
            continue
        byline = False
        if current is not None and current.kind == "heading" and (
            is_upper_heading(s) and is_upper_heading(current.lines[-1]) or is_numbered_heading(current.lines[-1])
        ):
            current.lines.append(s)  # a heading set over several lines
            continue
        if is_upper_heading(s) or is_numbered_heading(s) or _is_title_line(lines, i, prev_ended or page_start):
            current = Block("heading", [s])
            blocks.append(current)
        elif BULLET.match(s):
            current = Block("bullet", [BULLET.sub("", _ended(line))])
            blocks.append(current)
        elif current is None or current.kind == "heading" or page_start and prev_ended:
            current = Block("paragraph", [_ended(line)])
            blocks.append(current)
        else:
            current.lines.append(_ended(line))
        prev_ended = s[-1] in TERMINAL
    for block in blocks:
        text = join_lines(block.lines, vocab)
        text = join_letter_spacing(join_ligatures(text, vocab), vocab)
        block.text = re.sub(r"\s+", " ", text).strip()
    return _merge_broken_paragraphs([b for b in blocks if b.text], vocab)


def _merge_broken_paragraphs(blocks: list[Block], vocab: Vocabulary) -> list[Block]:
    """A paragraph cut by a blank line or page break continues in lower case: rejoin it."""
    merged: list[Block] = []
    for block in blocks:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and block.kind == "paragraph"
            and prev.kind in ("paragraph", "bullet")
            and prev.text[-1] not in TERMINAL
            and (block.text[0].islower() or block.text[0].isdigit())
        ):
            prev.text = _join_pair(prev.text, block.text, vocab)
            continue
        merged.append(block)
    return merged


# ---------------------------------------------------------------- the cleaned document


@dataclass
class CleanedText:
    """Cleaned text of a document and the sections its headings define."""

    text: str
    sections: list[Section]


def clean_document(raw: str, vocab: Vocabulary, default_section: str = "") -> CleanedText:
    """Clean extracted text; headings become their own lines and open sections."""
    parts: list[str] = []
    sections: list[Section] = []
    pos = 0
    title = default_section
    body_start = 0
    prev_kind = ""
    for block in parse_blocks(raw, vocab):
        if block.kind == "heading" and prev_kind == "heading":
            # Consecutive headings (chapter then sub-heading) form one title.
            title = f"{title} – {block.text}" if title != default_section else block.text
            sep = "\n"
        else:
            if block.kind == "heading":
                sections.append(Section(title=title, start=body_start, end=pos))
                title = block.text
            sep = "\n" if block.kind == "bullet" and prev_kind == "bullet" else "\n\n"
        text = f"• {block.text}" if block.kind == "bullet" else block.text
        if parts:
            parts.append(sep)
            pos += len(sep)
        parts.append(text)
        pos += len(text)
        if block.kind == "heading":
            body_start = pos
        prev_kind = block.kind
    sections.append(Section(title=title, start=body_start, end=pos))
    return CleanedText(text="".join(parts), sections=[s for s in sections if s.end > s.start])
