"""A reflection session written up: Markdown for the screen and download, Word (python-docx) to share."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.shared import Pt

from assistant.models import Citation, ReflectionSession, ReflectionStep
from assistant.settings import Settings

MONTHS = "januar februar marts april maj juni juli august september oktober november december".split()
NO_TEXT = "(ikke udfyldt)"


@dataclass(frozen=True)
class Source:
    """A passage cited in the session, numbered once for the whole write-up."""

    n: int
    citation: Citation


def sources(session: ReflectionSession) -> list[Source]:
    """Every cited passage (why and follow-up) once, numbered in order of appearance."""
    seen: dict[tuple, Source] = {}
    for step in session.steps:
        for c in _cited(step):
            key = (c.chunk_id, c.start, c.end)
            if key not in seen:
                seen[key] = Source(len(seen) + 1, c)
    return list(seen.values())


def _cited(step: ReflectionStep) -> list[Citation]:
    """What a step cites: its why-passage always, its follow-up when the question was answered."""
    return [c for c in (step.why, step.follow_up if step.answer else None) if c is not None]


def _number(session: ReflectionSession) -> dict[tuple, int]:
    return {(s.citation.chunk_id, s.citation.start, s.citation.end): s.n for s in sources(session)}


def documents(session: ReflectionSession) -> list[str]:
    """Titles of the documents the questions and passages come from, in order of appearance."""
    titles = []
    for step in session.steps:
        titles += [step.question.title] + [c.title for c in _cited(step)]
    return list(dict.fromkeys(t for t in titles if t))


@lru_cache
def _themes(prompts_dir: Path):
    """The themes of a prompts directory, read once rather than on every export."""
    from assistant.reflect.inventory import Themes

    return Themes.load(prompts_dir)


def theme_label(session: ReflectionSession, prompts_dir: Path | None = None) -> str:
    """The theme's Danish label, from the configured prompts directory unless one is given."""
    if not session.theme:
        return ""
    return _themes(prompts_dir or Settings().prompts_dir).label(session.theme)


def danish_date(session: ReflectionSession) -> str:
    d = session.created
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def filename(session: ReflectionSession, ext: str) -> str:
    slug = re.sub(r"[^a-z0-9æøå]+", "-", session.title.lower()).strip("-")[:60] or "refleksion"
    return f"refleksion-{slug}-{session.created:%Y-%m-%d}.{ext}"


def _status(step: ReflectionStep) -> str:
    return "Sprunget over." if step.skipped and not step.answer else "Ikke besvaret."


def _unquote(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip("”“\"' ")


# ---------------------------------------------------------------- Markdown


def to_markdown(session: ReflectionSession, prompts_dir: Path | None = None) -> str:
    numbers = _number(session)
    theme = theme_label(session, prompts_dir)
    lines = [f"# Refleksion: {session.title}", "", f"**Dato:** {danish_date(session)}  "]
    if session.theme:
        lines.append(f"**Tema:** {theme}  ")
    if session.concern:
        lines.append(f"**Udgangspunkt:** {session.concern}  ")
    lines.append(f"**Spørgsmål:** {sum(bool(s.answer) for s in session.steps)} af {len(session.steps)} besvaret")
    for i, step in enumerate(session.steps, start=1):
        q = step.question
        lines += ["", f"## {i}. {q.text}", ""]
        if q.derived:
            lines += [f"*Afledt spørgsmål, bygget på et udsagn i {q.title}: “{q.statement}”*", ""]
        if step.reason:
            lines += [f"*{step.reason}*", ""]
        if step.why:
            lines += [f"**Hvorfor spørgsmålet er vigtigt:** “{_unquote(step.why.quote)}” "
                      f"[{numbers[_key(step.why)]}]", ""]
        lines += [f"**Svar:** {step.answer}" if step.answer else f"**Svar:** *{_status(step)}*"]
        if step.answer and step.follow_up:
            c = step.follow_up
            lines += ["", f"**{c.short} beskriver:** “{_unquote(c.quote)}” [{numbers[_key(c)]}]"]
        if step.answer and step.deepening:
            lines += ["", f"**Uddybende spørgsmål:** {step.deepening}"]
            if step.deepening_answer:
                lines += ["", f"**Svar:** {step.deepening_answer}"]
    lines += ["", "## Aftaler", "", session.agreements or NO_TEXT]
    lines += ["", "## Prøvehandlinger", "", "*Små eksperimenter, vi vil afprøve i praksis:*", "",
              session.experiments or NO_TEXT]
    lines += ["", "## Kilder", ""]
    for s in sources(session):
        c = s.citation
        lines.append(f"{s.n}. {c.title}, {c.section}: “{_unquote(c.quote)}”" if c.section else
                     f"{s.n}. {c.title}: “{_unquote(c.quote)}”")
    lines += ["", "**Dokumenter:**", ""] + [f"- {t}" for t in documents(session)]
    return "\n".join(lines) + "\n"


def _key(c: Citation) -> tuple:
    return (c.chunk_id, c.start, c.end)


# ---------------------------------------------------------------- Word


def to_docx(session: ReflectionSession, prompts_dir: Path | None = None) -> bytes:
    numbers = _number(session)
    theme = theme_label(session, prompts_dir)
    doc = Document()
    doc.core_properties.title = f"Refleksion: {session.title}"
    doc.core_properties.subject = theme or session.concern
    doc.core_properties.language = "da-DK"
    doc.add_heading(f"Refleksion: {session.title}", level=0)
    _field(doc, "Dato", danish_date(session))
    if session.theme:
        _field(doc, "Tema", theme)
    if session.concern:
        _field(doc, "Udgangspunkt", session.concern)
    for i, step in enumerate(session.steps, start=1):
        q = step.question
        doc.add_heading(f"{i}. {q.text}", level=1)
        if q.derived:
            doc.add_paragraph().add_run(f"Afledt spørgsmål, bygget på et udsagn i {q.title}: “{q.statement}”").italic = True
        if step.why:
            _field(doc, "Hvorfor spørgsmålet er vigtigt", f"“{_unquote(step.why.quote)}” [{numbers[_key(step.why)]}]")
        if step.answer:
            _field(doc, "Svar", step.answer)
        else:
            _field(doc, "Svar", _status(step))
        if step.answer and step.follow_up:
            c = step.follow_up
            _field(doc, f"{c.short} beskriver", f"“{_unquote(c.quote)}” [{numbers[_key(c)]}]")
        if step.answer and step.deepening:
            _field(doc, "Uddybende spørgsmål", step.deepening)
            if step.deepening_answer:
                _field(doc, "Svar", step.deepening_answer)
    doc.add_heading("Aftaler", level=1)
    doc.add_paragraph(session.agreements or NO_TEXT)
    doc.add_heading("Prøvehandlinger", level=1)
    doc.add_paragraph(session.experiments or NO_TEXT)
    doc.add_heading("Kilder", level=1)
    for s in sources(session):
        c = s.citation
        where = f"{c.title}, {c.section}" if c.section else c.title
        doc.add_paragraph(f"[{s.n}] {where}: “{_unquote(c.quote)}”")
    doc.add_heading("Dokumenter", level=2)
    for title in documents(session):
        doc.add_paragraph(title, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _field(doc, label: str, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(f"{label}: ")
    run.bold = True
    p.add_run(text)
    p.paragraph_format.space_after = Pt(6)
