"""How an offline answer reads: a short lead line that says what the quotes show, then the quotes,
each with its [n]; lists as lists. Every factual word is a quote."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer.cues import EXAMPLE, EXAMPLE_SECTION, IMPORTANCE, REASON, defines
from assistant.answer.span import BULLET_LINE, BULLET_START, Span, quoted_person
from assistant.models import Answer, Citation
from assistant.text.quotes import quoted

if TYPE_CHECKING:
    from assistant.answer.offline import Evidence

REFUSAL = (
    "Det dækker dokumenterne ikke. Jeg har ikke fundet noget i kilderne, der besvarer spørgsmålet, "
    "og jeg gætter ikke."
)
REFUSAL_WITH_TOPICS = " Du kan spørge om noget af det, de handler om:"
NEAREST = "Dokumenterne svarer måske ikke direkte på det. Det nærmeste, de siger om det, er:"  # the gate is unsure, not sure of a "no"
LEAD = {
    "definition": "Sådan forklarer {doc} det:",
    "list": "{doc} nævner:",
    "number": "{doc} skriver:",
    "why": "{doc} begrunder det sådan:",
    "example": "Et eksempel fra {doc}:",
    "howto": "{doc} beskriver det sådan:",
    "important": "{doc} fremhæver:",
}
DEFAULT_LEAD = "{doc} skriver:"
PHOTO_CREDIT = re.compile(r"^(?:foto|fotograf|illustration)\s*:[^–—]*[–—]\s*", re.I)  # run into a heading by the PDF
# a heading that does not end its sentence: its list's items go on with it ("KL vil arbejde for, at")
OPEN_HEADING = re.compile(r"(?:\b(?:at|om|for|til|med|og|på|i)|[,:])\s*$", re.I)
ALSO = "{doc} skriver også:"
QUOTED_PERSON = "{person}, citeret af {doc}:"  # an expert's words in a report are the expert's, not the publisher's


def compose_answer(question: str, evidence: Evidence, spans: list[Span], search_query: str) -> Answer:
    citations: list[Citation] = []
    paragraphs: list[str] = []
    previous = None  # the voice of the last quote: its document, and the person it quotes, if any
    for span in spans:
        c = Citation.of(len(citations) + 1, span.chunk, span.hit.title, span.hit.short, span.start, span.end)
        citations.append(c)
        doc = speaker(c.short)
        person = quoted_person(span.chunk.text, span.start, span.end)
        if not span.continues and (doc, person) != previous:
            if evidence.coverage == "nearest" and previous is None:
                paragraphs.append(NEAREST)
            if person:
                paragraphs.append(QUOTED_PERSON.format(person=signed(person), doc=doc))
            elif not (evidence.coverage == "nearest" and previous is None):
                template = _lead_line(evidence.question, span) if previous is None else ALSO
                paragraphs.append(template.format(doc=doc))
        if span.continues and span.items and paragraphs:  # one list across chunks reads as one list
            paragraphs[-1] += "\n" + _render(span, c.n)
        else:
            paragraphs.append(_render(span, c.n))
        previous = (doc, person)
    return Answer(
        question=question, text="\n\n".join(paragraphs), citations=citations, mode="offline", answered=evidence.coverage == "answered",
        coverage=evidence.coverage, kind=evidence.question.kind, search_query=search_query,
    )


def _lead_line(question, span: Span) -> str:
    """The kind's lead line only when the quote is what it announces: "begrunder det sådan" before a reason,
    "Et eksempel" before an example, "Sådan forklarer" before a definition; else the plain "skriver"."""
    kind, text = question.kind, span.text
    fits = {
        "why": lambda: bool(REASON.search(text)),
        "important": lambda: bool(IMPORTANCE.search(text)),
        "example": lambda: bool(EXAMPLE.search(text) or EXAMPLE_SECTION.search(span.chunk.section)),
        "definition": lambda: not question.term or defines(question.term, text),
    }.get(kind, lambda: True)
    return LEAD.get(kind, DEFAULT_LEAD) if fits() else DEFAULT_LEAD


def signed(signature: str) -> str:
    """"Pernille Juhl, Professor · Roskilde Universitet" -> "Pernille Juhl (professor, Roskilde Universitet)"."""
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+·\s+", signature) if p.strip()]
    name, roles = parts[0], parts[1:]
    if not roles:
        return name
    roles[0] = roles[0][:1].lower() + roles[0][1:] if roles[0][1:2].islower() else roles[0]  # "Professor", not "PPR"
    return f"{name} ({', '.join(roles)})"


def speaker(short: str) -> str:
    """Who says it, as a lead line names it: "FOA" for "FOA: rundbordssamtaler 2025"."""
    head = short.split(":", 1)[0].strip()
    return head or short


def _render(span: Span, n: int) -> str:
    """A quote as a paragraph, or a lead and its items as a list; the citation marker closes it. Items of a
    list under a heading that begins their sentence ("KL vil arbejde for, at" / "der afsættes ekstra midler
    …") are shown under that heading, set as a heading (it is the document's, not the cited chunk's text):
    without it, a demand reads as a statement of fact."""
    text = span.chunk.text
    if not span.items:
        span = _with_bullets(span)
    heading = PHOTO_CREDIT.sub("", span.chunk.section).strip()
    opened = bool(OPEN_HEADING.search(heading)) and _one_line(span.text)[:1].islower()
    if not span.items and not opened:
        return f"{quoted(span.text)} [{n}]"
    if not span.items:
        return f"*{_one_line(heading)} …*\n- {quoted(span.text)} [{n}]"
    lines = []
    lead = text[span.start : span.items[0][0]].strip().rstrip("•∆·▪●◦-–*").strip()  # without the first bullet
    if lead:
        lines.append(quoted(lead))
    elif opened:
        lines.append(f"*{_one_line(heading)} …*")
    for s, e in span.items:
        item = BULLET_LINE.sub("", _one_line(text[s:e]))
        lines.append(f"- {quoted(item)}")
    lines[-1] += f" [{n}]"
    return "\n".join(lines)


def _with_bullets(span: Span) -> Span:
    """A span that runs over bullet lines is a list, shown as one, not "… • … • …" in a line."""
    text = span.chunk.text
    starts = [m.start() for m in BULLET_START.finditer(text, span.start, span.end)]
    if not starts:
        return span
    line = text.rfind("\n", 0, span.start) + 1
    if line < span.start and BULLET_START.match(text, line) and starts[0] > span.start:
        starts.insert(0, span.start)  # the span begins inside a bullet: that bullet is the first item
    bounds = starts + [span.end]
    items = tuple((a, a + len(text[a:b].rstrip())) for a, b in zip(bounds, bounds[1:]))
    return replace(span, items=items)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def refusal(question: str, topics: list[str], search_query: str) -> Answer:
    return Answer(
        question=question, text=REFUSAL + (REFUSAL_WITH_TOPICS if topics else ""), mode="offline",
        answered=False, coverage="not_covered", suggestions=topics, search_query=search_query,
    )
