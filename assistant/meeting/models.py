"""The meeting's vocabulary: a guide (prepared) and a meeting (run), both saved as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Citation

Kind = Literal["followup", "opening", "reading", "round", "agreements", "closing", "other"]
LENGTHS = (30, 45, 60, 90)


class _Model(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True)


class AgendaItem(_Model):
    """One time-boxed point of the agenda."""

    title: str
    """The item's name as printed on the agenda (Danish)."""
    minutes: int
    """Time box in minutes."""
    kind: Kind = "other"
    """What the item does; decides what facilitator mode shows."""
    text: str = ""
    """The method or an instruction for the item (product text, not policy)."""


class GuideQuestion(_Model):
    """A reflection question for the rounds, with the passage it comes from."""

    text: str
    """The question."""
    derived: bool = False
    """True for questions derived from a statement; labelled as such."""
    statement: str = ""
    """For derived questions: the document's statement it is built on."""
    source: Citation | None = None
    """The cited passage the question stands in or is built on."""
    block: str = ""
    """The reflection block (section) the question comes from."""


class Opening(_Model):
    """The dialogkort opening: a cited statement and one to three open "vi" questions."""

    statement: Citation | None = None
    """The quoted statement."""
    questions: list[str] = Field(default_factory=list)
    """Open questions in "vi" form."""


class MeetingGuide(_Model):
    """A prepared staff meeting; edited by returning changed copies."""

    id: str = ""
    """Saved id; empty until saved."""
    topic: str
    """What the meeting is about, as the leader wrote it."""
    minutes: int
    """Length of the meeting."""
    group: str = ""
    """Who meets: stue, hele huset, dagplejere ..."""
    agenda: list[AgendaItem] = Field(default_factory=list)
    """The time-boxed points, in order."""
    opening: Opening = Field(default_factory=Opening)
    """The dialogkort opening."""
    readings: list[Citation] = Field(default_factory=list)
    """Two to four passages covering different aspects."""
    questions: list[GuideQuestion] = Field(default_factory=list)
    """The documents' reflection questions for the topic, own ones first."""
    round_method: str = ""
    """How the rounds are run."""
    agreement_template: list[str] = Field(default_factory=list)
    """The fields an agreement is made of (hvad, hvem, hvornår, opfølgning)."""
    previous: list["Agreement"] = Field(default_factory=list)
    """What was agreed at the last meeting, for the follow-up."""

    def total(self) -> int:
        return sum(item.minutes for item in self.agenda)


class Agreement(_Model):
    """An agreement made at the meeting."""

    what: str
    """Hvad vi gør."""
    who: str = ""
    """Hvem."""
    when: str = ""
    """Hvornår."""
    follow_up: str = ""
    """Hvordan vi følger op."""

    def line(self) -> str:
        parts = [self.what] + [f"{k}: {v}" for k, v in (("hvem", self.who), ("hvornår", self.when),
                                                       ("opfølgning", self.follow_up)) if v]
        return " – ".join(parts)


class Meeting(BaseModel):
    """A meeting being run from a guide: notes per agenda item and agreements, saved after each change."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    id: str
    """Meeting id."""
    guide: MeetingGuide
    """The guide the meeting follows."""
    notes: list[str] = Field(default_factory=list)
    """The group's notes, one per agenda item (redacted)."""
    agreements: list[Agreement] = Field(default_factory=list)
    """Agreements made (redacted)."""
    current: int = 0
    """Index of the agenda item on screen; `len(agenda)` when done."""
    finished: bool = False
    """True when the minutes have been made."""
    started: datetime = Field(default_factory=datetime.now)
    """When the meeting began."""


MeetingGuide.model_rebuild()
