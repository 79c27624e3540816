"""One outline, two renderers: every write-up (reflection summary, meeting handout and minutes,
introduction summary) is built as an `Outline` and rendered as Markdown and as Word.

Citations are numbered once per outline, in order of first appearance, and listed under "Kilder"."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant.models import Citation, readable_section
from assistant.text.pii import without_placeholders
from assistant.text.quotes import quoted

MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()
ItemKind = Literal["text", "field", "bullet", "numbered", "quote", "question", "note"]


@dataclass
class Item:
    """One line of a block. `label` is shown bold before the text for `field` items;
    a `quote` item is the citation's quote and needs no text."""

    kind: ItemKind = "text"
    text: str = ""
    label: str = ""
    citation: Citation | None = None


@dataclass
class Block:
    """A headed section of the outline."""

    heading: str
    items: list[Item] = field(default_factory=list)
    level: int = 1


@dataclass
class Outline:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    """Label/value lines under the title (Dato, Tema, ...)."""
    blocks: list[Block] = field(default_factory=list)
    sources_heading: str = "Kilder"

    def citations(self) -> list[Citation]:
        """Every cited passage once, numbered in order of appearance."""
        seen: dict[tuple, Citation] = {}
        for block in self.blocks:
            for item in block.items:
                c = item.citation
                if c is not None and _key(c) not in seen:
                    seen[_key(c)] = c.renumbered(len(seen) + 1)
        return list(seen.values())


def _key(c: Citation) -> tuple:
    return (c.chunk_id, c.start, c.end)


def danish_date(d: date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def slug(text: str, fallback: str) -> str:
    """A file name part from the text; a placeholder for removed personal data is left out ("navn-fjernet")."""
    return re.sub(r"[^a-z0-9æøå]+", "-", without_placeholders(text, " ").lower()).strip("-")[:60] or fallback


def _quoted(c: Citation, n: int) -> str:
    return f"{quoted(c.quote)} [{n}]"


def _where(c: Citation) -> str:
    where = readable_section(c.section)
    return f"{c.title}, {where}" if where and where.casefold() != c.title.casefold() else c.title


# ---------------------------------------------------------------- Markdown


def to_markdown(outline: Outline) -> str:
    numbers = {_key(c): c.n for c in outline.citations()}
    lines = [f"# {outline.title}", ""]
    lines += [f"**{label}:** {value}  " for label, value in outline.fields]
    for block in outline.blocks:
        lines += ["", f"{'#' * (block.level + 1)} {block.heading}", ""]
        for i, item in enumerate(block.items, start=1):
            lines.append(_md_item(item, i, numbers))
    cited = outline.citations()
    if cited:
        lines += ["", f"## {outline.sources_heading}", ""]
        lines += [f"{c.n}. {_where(c)}: {quoted(c.quote)}" for c in cited]
    return "\n".join(lines).rstrip() + "\n"


def _md_item(item: Item, i: int, numbers: dict[tuple, int]) -> str:
    cite = f" [{numbers[_key(item.citation)]}]" if item.citation is not None else ""
    if item.kind == "quote" and item.citation is not None:
        return f"> {quoted(item.citation.quote)} [{numbers[_key(item.citation)]}]\n"
    text = f"{item.text}{cite}"
    return {
        "field": f"**{item.label}:** {text}  ",
        "bullet": f"- {text}",
        "numbered": f"{i}. {text}",
        "question": f"- *{text}*",
        "note": f"*{text}*\n",
    }.get(item.kind, f"{text}\n")


# ---------------------------------------------------------------- Word


def to_docx(outline: Outline) -> bytes:
    from docx import Document
    from docx.shared import Pt

    numbers = {_key(c): c.n for c in outline.citations()}
    doc = Document()
    doc.core_properties.title = outline.title
    doc.core_properties.language = "da-DK"
    doc.add_heading(outline.title, level=0)
    for label, value in outline.fields:
        _field(doc, label, value)
    for block in outline.blocks:
        doc.add_heading(block.heading, level=min(block.level, 3))
        for item in block.items:
            _docx_item(doc, item, numbers)
    cited = outline.citations()
    if cited:
        doc.add_heading(outline.sources_heading, level=1)
        for c in cited:
            doc.add_paragraph(f"[{c.n}] {_where(c)}: {quoted(c.quote)}")
    for p in doc.paragraphs:
        p.paragraph_format.space_after = Pt(6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_item(doc, item: Item, numbers: dict[tuple, int]) -> None:
    cite = f" [{numbers[_key(item.citation)]}]" if item.citation is not None else ""
    if item.kind == "quote" and item.citation is not None:
        doc.add_paragraph(_quoted(item.citation, numbers[_key(item.citation)]), style="Quote")
    elif item.kind == "field":
        _field(doc, item.label, item.text + cite)
    elif item.kind in ("bullet", "question"):
        run = doc.add_paragraph(style="List Bullet").add_run(item.text + cite)
        run.italic = item.kind == "question"
    elif item.kind == "numbered":
        doc.add_paragraph(item.text + cite, style="List Number")
    else:
        run = doc.add_paragraph().add_run(item.text + cite)
        run.italic = item.kind == "note"


def _field(doc, label: str, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}: ").bold = True
    p.add_run(text)
