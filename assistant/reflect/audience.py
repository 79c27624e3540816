"""Who a reflection question is for: the staff team, the leader, or the municipality/organisation.

Decided by who the sentence names as acting. A derived question acts on its statement: "KL vil arbejde
for, at ..." is an organisation's political demand (a staff team cannot act on it), "Det er afgørende,
at lederne ..." is the leader's task, "..., at dagtilbuddene ..." the staff's. An own question is for
whoever it names as its subject ("Hvordan understøtter ledelsen ...?").
"""

from __future__ import annotations

import re
from typing import Literal

Audience = Literal["staff", "leader", "municipality"]

# An organisation or authority stating what it will work for: a demand on others, not a practice.
DEMAND = re.compile(r"^[\wæøåÆØÅ´' -]{1,60} (?:vil|skal) arbejde for,? at\b")
# "..., at lederne ..." / "Hvordan understøtter ledelsen ...": the subject names the actor.
LEADER = re.compile(r"\b(?:lederen|lederne|ledelsen|ledere)\b", re.IGNORECASE)
AUTHORITY = re.compile(r"\b(?:kommunen|kommunerne|forvaltningen|staten|ministeriet|ministeren|KL)\b")
# The subject of a commitment: the words after "at" in its lead-in ("Det er afgørende, at lederne ...").
SUBJECT = re.compile(r",\s*at\s+((?:\S+\s+){0,3})")


def audience_of(text: str, statement: str = "") -> Audience:
    if statement:
        if DEMAND.match(statement):
            return "municipality"
        subject = SUBJECT.search(statement)
        actor = subject.group(1) if subject else statement[:60]
        return _named(actor) or "staff"
    # An own question: the actor is named before the first comma ("Hvordan sikrer lederen, at ...").
    head = text.split(",")[0]
    return _named(head) or "staff"


def _named(text: str) -> Audience | None:
    if AUTHORITY.search(text):
        return "municipality"
    if LEADER.search(text):
        return "leader"
    return None


def for_staff(audience: str, derived: bool) -> bool:
    """Whether a staff team is offered the question: own questions always (they may discuss a leader's
    question), derived ones only where the staff can act on the statement."""
    return not derived or audience == "staff"
