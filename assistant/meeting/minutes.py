"""A meeting run from its guide, and the two write-ups: the handout before and the minutes after.

Notes and agreements pass through the personal-data guard before they are kept: a staff meeting
talks about children. Both write-ups are `Outline`s, rendered as Markdown and as Word."""

from __future__ import annotations

import uuid
from datetime import date

from assistant.export.outline import Block, Item, Outline, danish_date
from assistant.meeting.models import Agreement, Meeting, MeetingGuide
from assistant.meeting.store import MeetingStore
from assistant.text.pii import redact, warning


class MeetingRun:
    """The facilitator's state machine: one agenda item at a time, saved after every change."""

    def __init__(self, store: MeetingStore, meeting: Meeting):
        self.store = store
        self.meeting = meeting

    @classmethod
    def start(cls, store: MeetingStore, guide: MeetingGuide) -> "MeetingRun":
        meeting = Meeting(id=uuid.uuid4().hex[:12], guide=guide, notes=[""] * len(guide.agenda))
        store.save_meeting(meeting)
        return cls(store, meeting)

    @property
    def item(self):
        agenda = self.meeting.guide.agenda
        return agenda[self.meeting.current] if self.meeting.current < len(agenda) else None

    def note(self, text: str) -> list[str]:
        """Keeps the notes for the current item (redacted); returns the Danish notices."""
        if self.item is None:
            return []
        r = redact(text)
        self.meeting.notes[self.meeting.current] = r.text
        self.store.save_meeting(self.meeting)
        return [warning(r.findings)] if r.findings else []

    def agree(self, what: str, who: str = "", when: str = "", follow_up: str = "") -> list[str]:
        """Adds an agreement (each field redacted); an empty "hvad" is refused with a Danish message."""
        if not what.strip():
            raise ValueError("Skriv hvad I aftaler.")
        fields = {k: redact(v.strip()) for k, v in (("what", what), ("who", who), ("when", when),
                                                     ("follow_up", follow_up))}
        self.meeting.agreements.append(Agreement(**{k: r.text for k, r in fields.items()}))
        self.store.save_meeting(self.meeting)
        findings = [f for r in fields.values() for f in r.findings]
        return [warning(findings)] if findings else []

    def next(self) -> None:
        self.meeting.current = min(self.meeting.current + 1, len(self.meeting.guide.agenda))
        self.store.save_meeting(self.meeting)

    def back(self) -> None:
        self.meeting.current = max(self.meeting.current - 1, 0)
        self.store.save_meeting(self.meeting)

    def finish(self) -> Outline:
        self.meeting.finished = True
        self.meeting.current = len(self.meeting.guide.agenda)
        self.store.save_meeting(self.meeting)
        return minutes(self.meeting)


# ---------------------------------------------------------------- write-ups


def _fields(guide: MeetingGuide, day: date) -> list[tuple[str, str]]:
    fields = [("Dato", danish_date(day)), ("Emne", guide.topic), ("Varighed", f"{guide.minutes} minutter")]
    return fields + ([("Deltagere", guide.group)] if guide.group else [])


def _agenda_block(guide: MeetingGuide) -> Block:
    return Block("Dagsorden", [Item("numbered", f"{a.title} ({a.minutes} min.)") for a in guide.agenda])


def _content_blocks(guide: MeetingGuide) -> list[Block]:
    blocks = []
    if guide.previous:
        blocks.append(Block("Sidste gang aftalte vi", [Item("bullet", a.line()) for a in guide.previous]))
    if guide.opening.statement is not None:
        items = [Item("quote", citation=guide.opening.statement)]
        items += [Item("question", q) for q in guide.opening.questions]
        blocks.append(Block("Åbning: dialogkort", items))
    if guide.readings:
        blocks.append(Block("Læsning", [Item("quote", citation=c) for c in guide.readings]))
    if guide.questions:
        items = []
        for q in guide.questions:
            items.append(Item("question", q.text, citation=q.source))
            if q.derived:
                items.append(Item("note", f"Afledt af udsagnet: “{q.statement}”"))
        blocks.append(Block("Spørgsmål til drøftelse", items))
    if guide.round_method:
        blocks.append(Block("Sådan tager vi runderne", [Item("text", guide.round_method)]))
    return blocks


def handout(guide: MeetingGuide, day: date | None = None) -> Outline:
    """The guide as a handout to print or send out before the meeting."""
    template = Block("Aftaleskabelon", [Item("field", "", label=f) for f in guide.agreement_template])
    return Outline(title=f"Personalemøde: {guide.topic}", fields=_fields(guide, day or date.today()),
                   blocks=[_agenda_block(guide), *_content_blocks(guide), template])


def minutes(meeting: Meeting, day: date | None = None) -> Outline:
    """The referat: agenda, the group's notes per item, agreements and the cited passages."""
    guide = meeting.guide
    notes = [Item("field", n, label=a.title) for a, n in zip(guide.agenda, meeting.notes) if n.strip()]
    agreements = [Item("bullet", a.line()) for a in meeting.agreements] or [Item("note", "Ingen aftaler skrevet ned.")]
    blocks = [_agenda_block(guide), Block("Noter", notes or [Item("note", "Ingen noter.")]),
              Block("Aftaler", agreements), *_content_blocks(guide)]
    return Outline(title=f"Referat: {guide.topic}", fields=_fields(guide, day or meeting.started.date()),
                   blocks=blocks)
