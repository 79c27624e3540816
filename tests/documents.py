"""Build small real user documents (PDF, DOCX, Markdown, text) for ingest tests."""

from __future__ import annotations

from pathlib import Path

import docx

from evals.badfiles import pdf_bytes


def write_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    """A minimal but valid one-page PDF with a text layer (the bad-file set's generator)."""
    path.write_bytes(pdf_bytes([lines], title))
    return path


def write_docx(path: Path, title: str, heading: str, paragraphs: list[str], bullets: list[str] = ()) -> Path:
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    for text in bullets:
        document.add_paragraph(text, style="List Bullet")
    document.save(path)
    return path
