"""A passage shown in quotation marks, the one way every page and export does it."""

from __future__ import annotations

OPENING_MARKS, CLOSING_MARKS = "”“\"»", "”“\"«"


def quoted(text: str) -> str:
    """The passage on one line in quotation marks, once: a passage that is itself a quotation in the document
    (”Det er unikt at arbejde i små grupper.”) keeps its own marks rather than getting a second pair, and so
    does the end of a quotation opened before the passage (… på en ny måde.”) or closed before its full stop
    (… i løbet af dagen”.)."""
    line = " ".join(text.split())
    opened = line[:1] in OPENING_MARKS
    closed = line.rstrip(".")[-1:] in CLOSING_MARKS and len(line) > 2
    return ("" if opened else "“") + line + ("" if closed else "”")
