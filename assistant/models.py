"""The shared vocabulary: the nouns every part of the assistant speaks."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True, frozen=True, defer_build=True)  # built on first use


class SourceDocument(_Model):
    """One document of the corpus, bundled or added by a user."""

    id: str
    """Stable id, e.g. `koege-strategi`; user documents get `user-<slug>`."""
    title: str
    """Full title, as shown in source lists."""
    short: str
    """Short name for citations."""
    publisher: str = ""
    """Who published it, when the document says."""
    path: str = ""
    """File the text came from, relative to the corpus directory when bundled."""
    user_added: bool = False
    """True for documents a user uploaded; only those can be removed in the UI."""
    content_hash: str = ""
    """Hash of the cleaned text: a changed hash means the document must be re-chunked."""


class Section(_Model):
    """A heading and the span of cleaned text it governs."""

    title: str
    """The heading as cleaned text."""
    start: int
    """Character offset in the cleaned text where the section's body starts."""
    end: int
    """Character offset where the section ends."""


class Chunk(_Model):
    """A passage of a cleaned document: the unit that is embedded, indexed and cited."""

    id: str
    """Stable id derived from document id and content."""
    doc_id: str
    """The document it comes from."""
    text: str
    """The passage, exactly `document_text[start:end]`."""
    section: str
    """Title of the section the chunk lies in."""
    position: int
    """Order of the chunk within its document, from 0."""
    start: int
    """Character offset of the chunk in the cleaned document text."""
    end: int
    """End offset (exclusive) in the cleaned document text."""

    def words(self) -> int:
        return len(self.text.split())


class Hit(_Model):
    """A chunk found by a search, with the scores that put it there."""

    chunk: Chunk
    """The chunk found."""
    title: str
    """Title of the chunk's document."""
    short: str = ""
    """Short name of the chunk's document."""
    score: float
    """Score of the search mode used (fused RRF score for hybrid)."""
    dense_score: float | None = None
    """Cosine similarity from the vector store, when dense search found it."""
    bm25_score: float | None = None
    """Best BM25 score of the chunk's sentence windows, when lexical search found it."""


class Citation(_Model):
    """A numbered source of an answer: the quoted passage and the chunk it comes from."""

    n: int
    """Citation number as shown in the answer text, `[n]`."""
    doc_id: str
    """The cited document."""
    title: str
    """Title of the cited document."""
    short: str
    """Short name of the cited document."""
    section: str
    """Section of the cited chunk."""
    chunk_id: str
    """The cited chunk."""
    quote: str
    """The cited passage, verbatim from the chunk."""
    chunk_text: str
    """The whole chunk the quote comes from."""
    start: int
    """Character offset of the quote in the cleaned document text."""
    end: int
    """End offset of the quote in the cleaned document text."""

    @classmethod
    def of(cls, n: int, chunk: Chunk, title: str, short: str, start: int, end: int) -> Citation:
        """The one way to cite: `chunk.text[start:end]` (offsets within the chunk), numbered `n`."""
        return cls(
            n=n, doc_id=chunk.doc_id, title=title, short=short or title, section=chunk.section, chunk_id=chunk.id,
            quote=chunk.text[start:end], chunk_text=chunk.text, start=chunk.start + start, end=chunk.start + end,
        )

    def label(self) -> str:
        where = readable_section(self.section)
        if where.casefold() in (self.short.casefold(), self.title.casefold()):
            where = ""  # a document whose first heading is its title: "Solsikkens politik, Solsikkens politik"
        return f"[{self.n}] {self.short}, {where}" if where else f"[{self.n}] {self.short}"

    def renumbered(self, n: int) -> Citation:
        return self.model_copy(update={"n": n})


class Action(_Model):
    """A step the user can take from an answer: open another page with a topic filled in."""

    page: Literal["personalemoede", "introduktion", "refleksion"]
    """The page to open."""
    label: str
    """Button text (Danish)."""
    topic: str = ""
    """Filled in on that page."""


class Answer(_Model):
    """What the assistant says to a question, with its sources."""

    question: str
    """The question as the user asked it (after PII redaction)."""
    text: str
    """Answer text with citation markers `[n]`."""
    citations: list[Citation] = Field(default_factory=list)
    """The numbered sources used in `text`."""
    mode: Literal["offline", "llm"] = "offline"
    """How the answer was produced."""
    answered: bool = True
    """False when the documents do not cover the question."""
    notices: list[str] = Field(default_factory=list)
    """Messages for the user (in Danish): LLM fallback, redacted personal data, uncited sentences."""
    suggestions: list[str] = Field(default_factory=list)
    """Related topics the documents do cover, offered when the question is not answered."""
    search_query: str = ""
    """The query that was actually searched (differs from the question for follow-ups)."""
    coverage: Literal["answered", "nearest", "not_covered"] = "answered"
    """Whether the documents answer it, only come near (said so in the text), or do not cover it."""
    kind: str = ""
    """What was asked: definition, list, number, why, howto, example, comparison, task, newcomer, general."""
    actions: list[Action] = Field(default_factory=list)
    """Places in the product that serve the request better (the meeting guide, the introduction path)."""
    docs: list[str] = Field(default_factory=list)
    """Documents the question was limited to (named in it, or carried over from the previous turn)."""


class ChatTurn(_Model):
    """One exchange of a conversation."""

    question: str
    """The user's question (redacted)."""
    answer: Answer
    """The assistant's answer."""
    subject: str = ""
    """The conversation's subject as words the user typed: the question that set the topic, and a follow-up's
    own question on it ("Hvad med dagplejen?"); what the dense side of the next follow-up reads."""


class ReflectionQuestion(_Model):
    """A reflection question from the documents, or derived from a statement in them."""

    id: str
    """Stable id derived from document and text."""
    text: str
    """The question, cleaned."""
    theme: str
    """Block or theme, e.g. `forberedelse`, `ledelse`, `forældresamarbejde`."""
    doc_id: str
    """The document it comes from."""
    title: str
    """Title of that document."""
    section: str
    """Section it stands in."""
    context: str
    """The passage that gives the question its context (verbatim document text)."""
    derived: bool = False
    """True for questions the assistant derived from a statement; the documents' own are False."""
    statement: str = ""
    """For derived questions: the document's statement the question is built on."""
    start: int = 0
    """Offset of the question (or statement) in the cleaned document text."""
    end: int = 0
    """End offset in the cleaned document text."""
    audience: Literal["staff", "leader", "municipality"] = "staff"
    """Who can act on the question: the staff team, the leader, or the municipality/organisation."""


class FollowUp(_Model):
    """What the facilitator says after an answer: one open question, or a response to a non-answer."""

    kind: Literal["follow_up", "clarify", "example", "move_on"]
    """`follow_up` builds on the answer; the others respond to a non-answer."""
    text: str
    """The Danish text shown (for `follow_up`: one open question in the person's words)."""
    source: Citation | None = None
    """The passage the text connects to."""
    focus: str = ""
    """The person's own words the follow-up picks up (empty for non-answers)."""


class ReflectionStep(_Model):
    """One question of a reflection session, and what the person did with it."""

    question: ReflectionQuestion
    """The question put to the person."""
    reason: str = ""
    """Why it was suggested (for sessions started from a concern)."""
    why: Citation | None = None
    """A short cited passage that shows why the question matters."""
    answer: str = ""
    """The person's answer (redacted)."""
    skipped: bool = False
    """True when the person skipped the question."""
    follow_up: Citation | None = None
    """A passage related to the answer, offered after it."""
    deepening: str = ""
    """A deepening question asked after the answer."""
    deepening_answer: str = ""
    """The person's answer to the deepening question (redacted)."""
    context: Citation | None = None
    """The statement or passage the question grows from (for derived questions always the statement)."""
    response: FollowUp | None = None
    """The facilitator's response to the answer: a follow-up, or a response to a non-answer."""


class ReflectionSession(_Model):
    """A reflection session's whole state, persisted so it can be resumed."""

    model_config = ConfigDict(use_attribute_docstrings=True, frozen=False, defer_build=True)

    id: str
    """Session id."""
    title: str
    """Name shown in the list of saved sessions."""
    theme: str = ""
    """Chosen theme, or empty for a session started from a concern."""
    concern: str = ""
    """The concern the person described, when started that way."""
    steps: list[ReflectionStep] = Field(default_factory=list)
    """The questions, in order."""
    current: int = 0
    """Index of the current step; equal to `len(steps)` when all are done."""
    finished: bool = False
    """True when the session has ended."""
    agreements: str = ""
    """Agreements the team made, filled in at the end."""
    experiments: str = ""
    """Small experiments to try ("prøvehandlinger"), filled in at the end."""
    next_step: str = ""
    """The next step the team agreed on."""
    next_date: date | None = None
    """When the next step happens."""
    created: datetime = Field(default_factory=datetime.now)
    """When the session started."""
    updated: datetime = Field(default_factory=datetime.now)
    """When it last changed."""


class IngestProblem(_Model):
    """A file that could not be ingested, and why (reason in Danish for the UI)."""

    path: str
    """The file."""
    reason: str
    """Why it could not be read."""


class IngestReport(_Model):
    """Summary of one ingest run."""

    documents: int = 0
    """Documents in the index after the run."""
    chunks: int = 0
    """Chunks in the index after the run."""
    added: int = 0
    """Chunks written in this run (new or changed documents; embeddings come from the cache when known)."""
    removed: int = 0
    """Chunks removed because their document changed or disappeared."""
    seconds: float = 0.0
    """Wall time of the run."""
    problems: list[IngestProblem] = Field(default_factory=list)
    """Files that could not be ingested."""
    ingested: list[str] = Field(default_factory=list)
    """Ids of the documents read in this run."""


PAGE_LABEL = re.compile(r"^(?:side|page)\s+\d+$", re.I)


def readable_section(section: str) -> str:
    """A section as a reader is shown it. Headings the PDF text ran together are joined with " – " (a photo
    credit, a web address or a figure's words before the heading itself): the last is the one nearest the
    text. A page number is no section."""
    last = section.rsplit(" – ", 1)[-1].strip()
    return "" if PAGE_LABEL.match(last) else last
