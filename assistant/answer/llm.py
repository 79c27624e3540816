"""LLM mode: the model answers from numbered sources; its citations are checked, and the offline
answer takes over whenever the model cannot be reached, is too slow or answers without valid sources."""

from __future__ import annotations

import queue
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Generator, Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer.offline import Answerer, Evidence, suggestions
from assistant.text.sentences import split_sentences
from assistant.text.lexical import words
from assistant.models import Answer, ChatTurn, Citation, Hit
from assistant.settings import Settings

PROMPT_FILE = "answer.system.md"
PROVIDERS = {"ollama": "ollama", "openai": "openai", "azure": "azure_openai"}
MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
REFUSED = re.compile(r"dækker (?:dokumenterne|kilderne) ikke", re.IGNORECASE)
MIN_CLAIM_WORDS = 4  # shorter sentences ("Kort sagt:") are not claims that need a source

CONDENSE_PROMPT = (
    "Du omskriver brugerens seneste spørgsmål, så det kan forstås uden den forudgående samtale. "
    "Bevar emnet fra samtalen, når spørgsmålet bygger videre på det. Svar kun med det omskrevne "
    "spørgsmål på dansk, uden forklaring."
)

FALLBACK_ERROR = "Sprogmodellen kunne ikke bruges ({reason}), så svaret herunder er citater fundet direkte i dokumenterne."
FALLBACK_TIMEOUT = "Sprogmodellen nåede ikke at svare inden for {seconds:g} sekunder, så svaret herunder er citater fundet direkte i dokumenterne."
FALLBACK_INVALID = (
    "Sprogmodellens svar henviste ikke til nogen af kilderne og er derfor ikke vist. "
    "Svaret herunder er citater fundet direkte i dokumenterne."
)
REMOVED_MARKERS = "Sprogmodellen henviste til {markers}, som ikke er blandt kilderne; {which} er fjernet."
UNCITED = "Denne sætning i svaret har ingen kildehenvisning, så den er ikke dokumenteret af kilderne: »{sentence}«"


class LLMTimeout(TimeoutError):
    pass


def missing_settings(settings: Settings) -> list[str]:
    """The `RA_` variables the chosen provider needs and that are not set."""
    needed = {
        "ollama": ["llm_model"],
        # A local OpenAI-compatible server needs no key; OpenAI itself does.
        "openai": ["llm_model"] + ([] if settings.llm_base_url else ["llm_api_key"]),
        "azure": ["llm_model", "llm_base_url", "llm_api_key", "llm_api_version"],
    }.get(settings.llm_provider, [])
    return [f"RA_{name.upper()}" for name in needed if not getattr(settings, name)]


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model the settings describe; the provider packages are imported only here."""
    from langchain.chat_models import init_chat_model

    if settings.llm_provider not in PROVIDERS:
        raise ValueError(f"ingen sprogmodel valgt; sæt RA_LLM_PROVIDER til en af: {', '.join(PROVIDERS)}")
    if missing := missing_settings(settings):
        raise ValueError(f"sæt {' og '.join(missing)} for RA_LLM_PROVIDER={settings.llm_provider}")
    kwargs: dict[str, Any] = {"temperature": 0}
    if settings.llm_provider == "ollama":
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        kwargs["client_kwargs"] = {"timeout": settings.llm_timeout}
    elif settings.llm_provider == "openai":
        kwargs.update(base_url=settings.llm_base_url, api_key=settings.llm_api_key or "not-needed",
                      timeout=settings.llm_timeout, max_retries=1)
    else:
        kwargs.update(
            azure_endpoint=settings.llm_base_url, api_key=settings.llm_api_key, api_version=settings.llm_api_version,
            azure_deployment=settings.llm_model, timeout=settings.llm_timeout, max_retries=1,
        )
    return init_chat_model(settings.llm_model, model_provider=PROVIDERS[settings.llm_provider], **kwargs)


def system_prompt(settings: Settings) -> str:
    return (settings.prompts_dir / PROMPT_FILE).read_text(encoding="utf-8").strip()


def format_sources(hits: list[Hit]) -> str:
    blocks = []
    for n, hit in enumerate(hits, start=1):
        where = f"{hit.short or hit.title}, {hit.chunk.section}" if hit.chunk.section else hit.short or hit.title
        blocks.append(f"[{n}] {where}\n{hit.chunk.text}")
    return "\n\n".join(blocks)


def build_messages(system: str, question: str, hits: list[Hit]) -> list[BaseMessage]:
    user = f"Kilder:\n\n{format_sources(hits)}\n\nSpørgsmål: {question}\n\nSvar ud fra kilderne, med [n] efter hver sætning."
    return [SystemMessage(content=system), HumanMessage(content=user)]


class Deadline:
    """A time budget shared by every model call of one answer (a follow-up's rewriting and the answer)."""

    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.end - self.clock())


def stream_tokens(model: BaseChatModel, messages: list[BaseMessage], timeout: float | Deadline) -> Iterator[str]:
    """The model's tokens as they come; raises LLMTimeout when the whole answer has not arrived within
    `timeout` seconds (or by the Deadline), however steadily the tokens trickle in.

    The model runs in a worker thread because a blocked HTTP call cannot be interrupted from here; once
    abandoned, the worker stops reading, which closes the connection."""
    deadline = timeout if isinstance(timeout, Deadline) else Deadline(timeout)
    channel: queue.Queue = queue.Queue()
    done = object()
    abandoned = threading.Event()
    if deadline.remaining() <= 0:  # the budget went to an earlier call: do not start another request
        raise LLMTimeout(f"no complete answer within {deadline.seconds:g} s")

    def work() -> None:
        try:
            for chunk in model.stream(messages):
                if abandoned.is_set():
                    return
                channel.put(chunk.content if isinstance(chunk.content, str) else str(chunk.content))
            channel.put(done)
        except BaseException as exc:  # handed over to the caller's thread
            channel.put(exc)

    threading.Thread(target=work, daemon=True, name="llm-stream").start()
    while True:
        try:
            if deadline.remaining() <= 0:
                raise queue.Empty
            item = channel.get(timeout=deadline.remaining())
        except queue.Empty:
            abandoned.set()
            raise LLMTimeout(f"no complete answer within {deadline.seconds:g} s") from None
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        if item:
            yield item


@dataclass
class Checked:
    """An LLM answer after its citation markers were checked against the sources."""

    text: str
    used: list[int] = field(default_factory=list)
    """Source numbers cited, in order of first use."""
    removed: list[int] = field(default_factory=list)
    """Marker numbers that referred to no source."""
    uncited: list[str] = field(default_factory=list)
    """Sentences with no marker."""


def check(text: str, sources: int) -> Checked:
    """Drop markers that point to no source, renumber the rest 1..n by first use, find uncited sentences."""
    used: list[int] = []
    removed: list[int] = []

    def repl(m: re.Match[str]) -> str:
        valid = []
        for n in (int(x) for x in m.group(1).split(",")):
            if 1 <= n <= sources:
                valid.append(n)
                if n not in used:
                    used.append(n)
            elif n not in removed:
                removed.append(n)
        return "".join(f"[{used.index(n) + 1}]" for n in dict.fromkeys(valid))

    cleaned = MARKER.sub(repl, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned).strip()
    uncited = [
        cleaned[s:e] for s, e in split_sentences(cleaned)
        if not MARKER.search(cleaned[s:e]) and len(cleaned[s:e].split()) >= MIN_CLAIM_WORDS
    ]
    return Checked(cleaned, used, removed, uncited)


def removed_notice(removed: list[int]) -> str:
    """The notice for markers that pointed to no source; the noun agrees in number with how many."""
    markers = [f"[{n}]" for n in removed]
    listed = markers[0] if len(markers) == 1 else ", ".join(markers[:-1]) + " og " + markers[-1]
    which = "henvisningen" if len(markers) == 1 else "henvisningerne"
    return REMOVED_MARKERS.format(markers=listed, which=which)


def cited_passage(hit: Hit, claims: list[str]) -> tuple[int, int]:
    """Offsets in the chunk of the sentence that best matches what the answer says with it (the whole chunk
    when nothing matches)."""
    claim_words = {w for c in claims for w in words(c)}
    best, span = 0.0, (0, len(hit.chunk.text))
    for s, e in split_sentences(hit.chunk.text):
        sentence = set(words(hit.chunk.text[s:e]))
        overlap = len(sentence & claim_words) / max(1, len(sentence))
        if overlap > best:
            best, span = overlap, (s, e)
    return span


def citations(checked: Checked, sources: list[Hit]) -> list[Citation]:
    sentences = [checked.text[s:e] for s, e in split_sentences(checked.text)]
    result = []
    for new, old in enumerate(checked.used, start=1):
        hit = sources[old - 1]
        claims = [s for s in sentences if f"[{new}]" in s]
        start, end = cited_passage(hit, claims)
        result.append(Citation.of(new, hit.chunk, hit.title, hit.short, start, end))
    return result


def source_hits(evidence: Evidence, n: int) -> list[Hit]:
    """The chunks to show the model: those holding the best sentences first, then the search order."""
    return evidence.ranked[:n]


def history_text(history: list[ChatTurn], turns: int = 3) -> str:
    lines = []
    for turn in history[-turns:]:
        lines += [f"Bruger: {turn.question}", f"Assistent: {turn.answer.text[:400]}"]
    return "\n".join(lines)


class LLMAnswerer:
    """Answers with a chat model over the offline answerer's evidence, falling back to the offline answer."""

    def __init__(self, model: BaseChatModel, answerer: Answerer, settings: Settings, deadline: Deadline | None = None):
        self.model = model
        self.answerer = answerer
        self.settings = settings
        self._deadline = deadline

    @property
    def deadline(self) -> Deadline:
        """One budget for this answer, started by its first model call and shared by the ones after it."""
        if self._deadline is None:
            self._deadline = Deadline(self.settings.llm_timeout)
        return self._deadline

    def condense(self, history: list[ChatTurn], question: str) -> str:
        """The follow-up rewritten as a standalone question (raises on model failure)."""
        messages = [
            SystemMessage(content=CONDENSE_PROMPT),
            HumanMessage(content=f"Samtale:\n{history_text(history)}\n\nSeneste spørgsmål: {question}"),
        ]
        text = "".join(stream_tokens(self.model, messages, self.deadline)).strip()
        return " ".join(text.split()) or question

    def stream(
        self, question: str, search_query: str, docs: set[str] | None = None, understood=None, meaning: str | None = None,
    ) -> Generator[str, None, Answer]:
        """Yield the model's tokens; return the checked Answer (which may be the offline fallback)."""
        evidence = self.answerer.evidence(search_query, understood, docs=docs, meaning=meaning)
        if not evidence.covered:
            # The gate is calibrated: a weak match is refused without asking the model to improvise.
            answer = self.answerer.compose(question, evidence, search_query)
            yield answer.text
            return answer
        sources = source_hits(evidence, self.settings.retrieval_k)
        messages = build_messages(system_prompt(self.settings), question, sources)
        parts: list[str] = []
        try:
            for token in stream_tokens(self.model, messages, self.deadline):
                parts.append(token)
                yield token
        except LLMTimeout:
            return self._fallback(question, evidence, search_query, FALLBACK_TIMEOUT.format(seconds=self.settings.llm_timeout))
        except Exception as exc:  # any provider error (connection refused, HTTP error, bad key) means: go offline
            return self._fallback(question, evidence, search_query, FALLBACK_ERROR.format(reason=_reason(exc)))
        return self._checked(question, "".join(parts), sources, evidence, search_query)

    def _checked(self, question: str, text: str, sources: list[Hit], evidence: Evidence, search_query: str) -> Answer:
        checked = check(text, len(sources))
        notices = [removed_notice(checked.removed)] if checked.removed else []
        if not checked.used:
            if REFUSED.search(checked.text):
                return Answer(
                    question=question, text=checked.text, mode="llm", answered=False, notices=notices,
                    suggestions=suggestions(evidence.hits, self.answerer), search_query=search_query,
                )
            return self._fallback(question, evidence, search_query, FALLBACK_INVALID)
        notices += [UNCITED.format(sentence=_short(s)) for s in checked.uncited]
        return Answer(
            question=question, text=checked.text, citations=citations(checked, sources), mode="llm",
            answered=True, notices=notices,
            search_query=search_query,
        )

    def _fallback(self, question: str, evidence: Evidence, search_query: str, notice: str) -> Answer:
        answer = self.answerer.compose(question, evidence, search_query)
        return answer.model_copy(update={"notices": [notice, *answer.notices]})


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _short(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
