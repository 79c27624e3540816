"""A reflection session written up as one `Outline`, rendered as Markdown (screen, download) and Word (to share)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.export.outline import Block, Item, Outline, danish_date, slug
from assistant.export.outline import to_docx as outline_docx
from assistant.export.outline import to_markdown as outline_markdown
from assistant.models import ReflectionSession, ReflectionStep
from assistant.reflect.summary import summarise
from assistant.settings import Settings

NO_TEXT = "(ikke udfyldt)"
DATE_IN_TITLE = re.compile(r"\s*[–-]?\s*\d{1,2}\.\d{1,2}\.\d{4}\s*")


@lru_cache
def _themes(prompts_dir: Path):
    """The themes of a prompts directory, read once rather than on every export."""
    from assistant.reflect.themes import Themes

    return Themes.load(prompts_dir)


def theme_label(session: ReflectionSession, prompts_dir: Path | None = None) -> str:
    return _themes(prompts_dir or Settings().prompts_dir).label(session.theme) if session.theme else ""


def filename(session: ReflectionSession, ext: str) -> str:
    """`refleksion-<title>-<date>.<ext>`, the date once even when the title carries it (older sessions)."""
    title = DATE_IN_TITLE.sub(" ", session.title)
    return f"refleksion-{slug(title, 'refleksion')}-{session.created:%Y-%m-%d}.{ext}"


def outline(session: ReflectionSession, prompts_dir: Path | None = None) -> Outline:
    themes = _themes(prompts_dir or Settings().prompts_dir)
    summary = summarise(session, themes.label)
    fields = [("Dato", danish_date(session.created))]
    fields += [("Tema", theme_label(session, prompts_dir))] if session.theme else []
    fields += [("Udgangspunkt", session.concern)] if session.concern else []
    answered = sum(bool(s.answer) for s in session.steps)
    fields.append(("Spørgsmål", f"{answered} af {len(session.steps)} besvaret"))
    blocks = [
        Block("Det lagde vi mærke til", [Item("bullet", n) for n in summary.noticed] or [Item("text", NO_TEXT)]),
        Block("Det siger dokumenterne", [Item("quote", citation=c) for c in summary.documents_add] or [Item("text", NO_TEXT)]),
        Block("Forslag til prøvehandlinger", [Item("quote", citation=c) for c in summary.trials]
              or [Item("text", NO_TEXT)]),
        Block("Aftaler", [Item("bullet", a) for a in summary.agreements] or [Item("text", NO_TEXT)]),
        Block("Næste skridt", [Item("text", summary.next_step or NO_TEXT)]),
    ]
    blocks += [_step_block(i, step) for i, step in enumerate(session.steps, start=1)]
    return Outline(title=f"Refleksion: {session.title}", fields=fields, blocks=blocks)


def _step_block(i: int, step: ReflectionStep) -> Block:
    q = step.question
    items = []
    if q.derived:
        items.append(Item("note", f"Afledt spørgsmål, bygget på et udsagn i {q.title}: “{q.statement}”"))
    if step.context:
        items.append(Item("quote", citation=step.context))
    if step.why:
        items += [Item("field", "", label="Hvorfor spørgsmålet er vigtigt"), Item("quote", citation=step.why)]
    status = "Sprunget over." if step.skipped else "Ikke besvaret."
    items.append(Item("field", step.answer or status, label="Svar"))
    if step.answer and step.response:
        items.append(Item("field", step.response.text, label="Opfølgning", citation=step.response.source))
        if step.deepening_answer:
            items.append(Item("field", step.deepening_answer, label="Svar"))
    return Block(f"{i}. {q.text}", items, level=2)


def to_markdown(session: ReflectionSession, prompts_dir: Path | None = None) -> str:
    return outline_markdown(outline(session, prompts_dir))


def to_docx(session: ReflectionSession, prompts_dir: Path | None = None) -> bytes:
    return outline_docx(outline(session, prompts_dir))
