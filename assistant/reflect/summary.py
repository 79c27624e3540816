"""The summary of a reflection session: what the team noticed (their own words, grouped by theme), what
the documents add (cited), prøvehandlinger drawn from the passages they touched (quoted, cited), the
agreements as typed, and the next step with its date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.models import Citation, ReflectionSession
from assistant.reflect.cards import says_something
from assistant.text.quotes import quoted
from assistant.text.sentences import split_sentences

MAX_TRIALS = 3
# A sentence that proposes something to do: a modal or an imperative-like verb of practice.
ACTION = re.compile(
    r"\b(?:kan|skal|bør|gælder det om|handler om at|er det vigtigt at|prøve|afprøve|inddrage|skabe|give|bruge|"
    r"arbejde med|sørge for|lytte|observere)\b",
    re.IGNORECASE,
)


@dataclass
class Summary:
    noticed: list[str] = field(default_factory=list)
    documents_add: list[Citation] = field(default_factory=list)
    trials: list[Citation] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    next_step: str = ""

    def trial_texts(self) -> list[str]:
        return [f"Afprøv: {quoted(c.quote)} ({c.short})" for c in self.trials]


MAX_ADDED = 4


def summarise(session: ReflectionSession, theme_label) -> Summary:
    """`theme_label(theme_id)` names a theme in Danish."""
    # Non-answers ("ved ikke", a question back, off-topic) are kept in the session but are not what was noticed.
    answered = [s for s in session.steps if s.answer and not s.skipped
                and (s.response is None or s.response.kind == "follow_up")]
    groups: dict[str, list[str]] = {}
    for step in answered:
        said = step.answer if not step.deepening_answer else f"{step.answer} {step.deepening_answer}"
        groups.setdefault(theme_label(step.question.theme), []).append(_flat(said))
    noticed = [f"{label}: " + " · ".join(f"“{a}”" for a in answers) for label, answers in groups.items()]
    touched = _unique([s.response.source for s in answered
                       if s.response and s.response.kind != "move_on" and s.response.source])
    contexts = _unique([s.context for s in answered if s.context])
    # What the documents add: the passages the follow-ups brought, then those the answered questions rest on
    added = _unique([*touched, *contexts])[:MAX_ADDED]
    return Summary(
        noticed=noticed, documents_add=added, trials=trials(touched + contexts),
        agreements=[line.strip(" -•") for text in (session.agreements, session.experiments)
                    for line in text.splitlines() if line.strip(" -•")],
        next_step=next_step(session),
    )


def trials(passages: list[Citation]) -> list[Citation]:
    """Sentences proposing something to do, from the passages the session touched, re-cited to that sentence."""
    found = []
    for c in passages:
        for s, e in split_sentences(c.chunk_text):
            sentence = c.chunk_text[s:e]
            if ACTION.search(sentence) and says_something(sentence):
                offset = c.start - c.chunk_text.find(c.quote) if c.quote in c.chunk_text else None
                if offset is None:
                    continue
                found.append(c.model_copy(update={"quote": sentence, "start": offset + s, "end": offset + e}))
                break
        if len(found) == MAX_TRIALS:
            break
    return found


def next_step(session: ReflectionSession) -> str:
    if not session.next_step:
        return ""
    when = f" ({session.next_date.day}.{session.next_date.month}.{session.next_date.year})" if session.next_date else ""
    return f"{session.next_step}{when}"


def _unique(citations: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in citations:
        if (c.chunk_id, c.start) not in seen:
            seen.add((c.chunk_id, c.start))
            out.append(c.renumbered(len(out) + 1))
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip("”“\"' ")
