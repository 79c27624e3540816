"""A question as a dialogkort: the statement or passage it grows from, and why it matters, both cited.

The why-passage comes from `answerer.passages` with a why-query and must be a sentence that says why:
a whole sentence (not a caption, title or fragment) sharing content words with the question.
Section names shown with a citation skip photo credits, bylines and lead-in fragments.
"""

from __future__ import annotations

import re

from assistant.models import Chunk, Citation, ReflectionQuestion
from assistant.reflect.paragraphs import excerpt, stems

WHY_CHARS = 350
MIN_WHY_WORDS = 8
# Parts of a section title that are not headings: photo credits, bylines ("Navn · Lektor"),
# a list's lead-in ("KL vil arbejde for, at") and dates or addresses.
NOT_HEADING = re.compile(
    r"^(?:Foto|Fotograf|Illustration|Billede|Kilde)\b|·|,\s*at$|\b(?:at|for)$|^\w+ \d{4}$|\d+-\d+$|\d{1,2}\. \w+ \d{4}$",
    re.IGNORECASE,
)
WHY_QUERY = "Hvorfor er det vigtigt for børnene at {topic}"


def heading_of(title: str) -> str:
    """The parts of a section title that are headings ("Foto: X – 06 / SAMARBEJDET ..." → "06 / SAMARBEJDET ...")."""
    parts = [p.strip() for p in title.split(" – ")]
    return " – ".join(p for p in parts if p and not NOT_HEADING.search(p))


class Cards:
    """Builds the cited context and why-passage of questions over the assistant's searcher and answerer."""

    def __init__(self, assistant):
        self.assistant = assistant
        self._why: dict[tuple, Citation | None] = {}

    def cite(self, chunk: Chunk, s: int, e: int, n: int = 1) -> Citation:
        doc = self.assistant.searcher.document(chunk.doc_id)
        citation = Citation.of(n, chunk, doc.title, doc.short, s, e)
        return citation.model_copy(update={"section": self.section(chunk)})

    def section(self, chunk: Chunk) -> str:
        """The chunk's section as a heading; a byline or caption defers to the section before it."""
        chunks = self.assistant.searcher.chunks_of(chunk.doc_id)
        before = [c for c in chunks if c.position <= chunk.position]
        for c in reversed(before):
            heading = heading_of(c.section)
            if heading:
                return heading
        return ""

    def context(self, question: ReflectionQuestion) -> Citation | None:
        """The statement (derived) or passage (own) the question grows from, verbatim and cited."""
        chunks = self.assistant.searcher.chunks_of(question.doc_id)
        if question.derived:
            chunk = next((c for c in chunks if c.start <= question.start < c.end), None)
            if chunk is None:
                return None
            return self.cite(chunk, question.start - chunk.start, min(question.end, chunk.end) - chunk.start)
        if not question.context:
            return None
        s, e = excerpt(question.context, question.text, WHY_CHARS)
        quote = question.context[s:e]
        for chunk in chunks:
            at = chunk.text.find(quote)
            if at >= 0:
                return self.cite(chunk, at, at + len(quote))
        return None

    def why(self, question: ReflectionQuestion, avoid: set[str] = frozenset()) -> Citation | None:
        """A passage that says why the question matters, or None when no passage does; remembered per
        index generation (a meeting guide asks it for every question, a search each)."""
        key = (self.assistant.searcher.state.marker, question.text, question.statement, frozenset(avoid))
        if key not in self._why:
            self._why[key] = self._find_why(question, avoid)
        return self._why[key]

    def _find_why(self, question: ReflectionQuestion, avoid: set[str]) -> Citation | None:
        topic = question.statement or question.text
        wanted = stems(question.text + " " + question.statement)
        for c in self.assistant.answerer.passages(WHY_QUERY.format(topic=topic.rstrip("?.")), n=5):
            if c.chunk_id in avoid or not says_something(c.quote) or not wanted & stems(c.quote):
                continue
            return self.resectioned(c.renumbered(2))
        return None

    def resectioned(self, c: Citation) -> Citation:
        """A citation from another room (the answerer) with its section named as a heading."""
        chunk = self.assistant.searcher.chunks.get(c.chunk_id)
        return c.model_copy(update={"section": self.section(chunk)}) if chunk else c


def says_something(quote: str) -> bool:
    """A whole statement: enough words, a capital start, a full stop, no question; not a caption or heading."""
    text = quote.strip().strip("”“\"' ")
    return (len(text.split()) >= MIN_WHY_WORDS and text[:1].isupper() and text.endswith((".", "!"))
            and "?" not in text and not NOT_HEADING.search(text.split(" ")[0] + " ") and "·" not in text)
