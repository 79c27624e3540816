"""The introduction written up for the talk with the leader: one `Outline`, rendered as Markdown or Word."""

from __future__ import annotations

from datetime import date
from typing import Callable

from assistant.export.outline import Block, Item, Outline, danish_date
from assistant.intro.path import Station
from assistant.intro.progress import Progress
from assistant.models import Citation

TITLE = "Min introduktion"
NOT_SEEN = "Ikke set endnu."
NO_ANSWER = "Ikke besvaret endnu."
CLOSING = "Tag gerne dine svar og spørgsmål med til introduktionssamtalen med din leder."


def summary(
    stations: list[Station], quotes: Callable[[str], list[Citation]], progress: Progress, today: date | None = None,
) -> Outline:
    """Every station with its question and the person's answer; the quotes of the stations they have seen."""
    seen = [s for s in stations if s.id in progress.seen]
    answered = [s for s in stations if progress.answers.get(s.id)]
    outline = Outline(
        title=TITLE,
        fields=[("Dato", danish_date(today or date.today())),
                ("Stationer", f"{len(seen)} af {len(stations)} set"),
                ("Besvarede spørgsmål", f"{len(answered)} af {len(stations)}")],
    )
    outline.blocks = [_block(s, quotes, progress) for s in stations]
    outline.blocks.append(Block("Til samtalen med din leder", [Item("note", CLOSING)]))
    return outline


def _block(station: Station, quotes: Callable[[str], list[Citation]], progress: Progress) -> Block:
    items = [Item("quote", citation=c) for c in quotes(station.id)] if station.id in progress.seen else [
        Item("note", NOT_SEEN)
    ]
    items.append(Item("question", station.question))
    items.append(Item("field", progress.answers.get(station.id) or NO_ANSWER, label="Mit svar"))
    return Block(station.title, items)


def filename(ext: str, today: date | None = None) -> str:
    return f"min-introduktion-{(today or date.today()):%Y-%m-%d}.{ext}"
