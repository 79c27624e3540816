"""Guided reflection: a session that walks a person or team through the documents' questions.

The `Facilitator` is the state machine (plain Python, no UI): start from a theme or a concern,
one question at a time with a cited passage that shows why it matters, a grounded follow-up
and a deepening question after each answer, skip/back/edit/end early, and a closing with
agreements and prøvehandlinger. Every change is saved by the `SessionStore` (SQLite under the
data directory) so a session can be resumed later, also by a team on a shared computer.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import date

from assistant.models import Citation, FollowUp, ReflectionQuestion, ReflectionSession, ReflectionStep
from assistant.reflect.audience import for_staff
from assistant.reflect.cards import Cards
from assistant.reflect.followups import Responder
from assistant.reflect.paragraphs import stems
from assistant.reflect.themes import Themes
from assistant.reflect.sessions import SessionStore
from assistant.reflect.suggestions import SUGGESTIONS, Suggester, Suggestion
from assistant.reflect.summary import Summary, summarise
from assistant.text.quotes import quoted

__all__ = ["Facilitator", "SessionStore", "Suggestion", "ThemeChoice", "offer", "single_open_question"]

MIN_OWN = 3  # a theme with fewer of the documents' own questions is topped up with derived ones
# A generated follow-up must be one open question.
OPEN_QUESTION = re.compile(
    r"^(?:Hvad|Hvordan|Hvilke[nt]?|Hvornår|Hvorfor|Hvor|Hvem|På hvilke[nt]? måde|I hvilke[nt]? (?:grad|omfang))\b"
)
MAX_QUESTION_WORDS = 40


@dataclass(frozen=True)
class ThemeChoice:
    """A theme a session can start from, with how many questions it has."""

    id: str
    label: str
    own: int
    derived: int


class Facilitator:
    """Runs reflection sessions over the assistant's question inventory and index."""

    def __init__(self, assistant, store: SessionStore | None = None, chat_model=None):
        """`chat_model` overrides the LLM the settings choose; without either, deepening questions are offline."""
        self.assistant = assistant
        self.store = store or SessionStore.for_settings(assistant.settings)
        self.chat_model = chat_model
        if chat_model is None and assistant.settings.llm_enabled:
            from assistant.answer.llm import make_chat_model

            try:
                self.chat_model = make_chat_model(assistant.settings)
            except Exception:  # noqa: BLE001 - missing package or incomplete settings: stay offline
                self.chat_model = None
        prompts = assistant.settings.prompts_dir
        self.themes = Themes.load(prompts)
        self.deepening = tomllib.loads((prompts / "reflection_deepening.toml").read_text(encoding="utf-8"))
        self.cards = Cards(assistant)
        self.suggester = Suggester(assistant, self.cards)
        self.responder = Responder.load(assistant, self.cards)

    @property
    def mode(self) -> str:
        return "llm" if self.chat_model is not None else "offline"

    @property
    def inventory(self) -> list[ReflectionQuestion]:
        return self.assistant.inventory

    # ------------------------------------------------------------ starting

    def theme_choices(self) -> list[ThemeChoice]:
        """Themes that have questions, in the order of `prompts/reflection_themes.toml`."""
        choices = []
        for theme in self.themes.themes:
            qs = [q for q in self.inventory if q.theme == theme.id]
            if qs:
                own = sum(not q.derived for q in qs)
                choices.append(ThemeChoice(theme.id, theme.label, own, len(qs) - own))
        return choices

    def questions(self, theme: str, include_derived: bool | None = None) -> list[ReflectionQuestion]:
        """A theme's questions: the documents' own first; derived ones when asked, or when own ones are few."""
        own = [q for q in self.inventory if q.theme == theme and not q.derived]
        # Derived questions are offered only where a staff team can act on their statement.
        derived = [q for q in self.inventory if q.theme == theme and q.derived and for_staff(q.audience, True)]
        if include_derived is None:
            include_derived = len(own) < MIN_OWN
        return own + derived if include_derived else own

    def start_from_theme(
        self, theme: str, title: str = "", include_derived: bool | None = None, limit: int | None = None
    ) -> ReflectionSession:
        questions = self.questions(theme, include_derived)[:limit]
        label = self.themes.label(theme)
        if not questions:
            raise ValueError(f"Der er ingen refleksionsspørgsmål om temaet “{label}”.")
        session = ReflectionSession(
            id=uuid.uuid4().hex[:12], title=title or label, theme=theme,
            steps=[self._step(q) for q in questions],
        )
        self.store.save(session)
        return session

    def suggest(self, concern: str, k: int = SUGGESTIONS, audience: str = "staff") -> list[Suggestion]:
        """The questions most relevant to a concern, with reasons quoting their passage. A staff team gets
        the documents' own questions and the derived ones it can act on; a leader also those for leaders."""
        return self.suggester.suggest(self.redact(concern)[0], k, audience=audience)

    def start_from_concern(
        self, concern: str, k: int = SUGGESTIONS, question_ids: list[str] | None = None, title: str = "",
        audience: str = "staff",
    ) -> ReflectionSession:
        """Start with the suggested questions (or those of them the person chose, by id)."""
        concern = self.redact(concern)[0]
        suggestions = self.suggest(concern, k=max(k, len(question_ids or [])), audience=audience)
        if question_ids:
            chosen = {s.question.id: s for s in suggestions}
            by_id = {q.id: q for q in self.inventory}
            suggestions = [chosen.get(i) or Suggestion(by_id[i], "", 0.0) for i in question_ids]
        short = concern if len(concern) <= 40 else concern[:40].rstrip() + "…"
        session = ReflectionSession(
            id=uuid.uuid4().hex[:12], title=title or short, concern=concern,
            steps=[self._step(s.question, s.reason) for s in suggestions],
        )
        self.store.save(session)
        return session

    def load(self, session_id: str) -> ReflectionSession:
        return self.store.load(session_id)

    # ------------------------------------------------------------ moving through the questions

    def current(self, session: ReflectionSession) -> ReflectionStep | None:
        """The step to show, or None when all questions are done."""
        return session.steps[session.current] if session.current < len(session.steps) else None

    def answer(self, session: ReflectionSession, text: str) -> list[str]:
        """Record an answer to the current question; returns notices (e.g. redacted personal data)."""
        if self.current(session) is None:
            raise ValueError("Der er ikke flere spørgsmål i denne session.")
        return self.edit(session, session.current, text)

    def edit(self, session: ReflectionSession, index: int, text: str) -> list[str]:
        """Set (or change) the answer to step `index`, with the facilitator's response to it."""
        answer, notices = self.redact(text)
        step = session.steps[index]
        response = self._respond(session, index, answer) if answer.strip() else None
        session.steps[index] = step.model_copy(update={
            "answer": answer, "skipped": False, "response": response,
            "follow_up": response.source if response else None, "deepening": response.text if response else "",
            "deepening_answer": step.deepening_answer if response and step.response == response else "",
        })
        self.store.save(session)
        return notices

    def answer_deepening(self, session: ReflectionSession, text: str, index: int | None = None) -> list[str]:
        index = session.current if index is None else index
        answer, notices = self.redact(text)
        session.steps[index] = session.steps[index].model_copy(update={"deepening_answer": answer})
        self.store.save(session)
        return notices

    def next(self, session: ReflectionSession) -> ReflectionStep | None:
        """Go on to the next question; an unanswered question counts as skipped."""
        step = self.current(session)
        if step is not None and not step.answer:
            session.steps[session.current] = step.model_copy(update={"skipped": True})
        session.current = min(session.current + 1, len(session.steps))
        self.store.save(session)
        return self.current(session)

    def skip(self, session: ReflectionSession) -> ReflectionStep | None:
        """Skip the current question: an answer given to it is cleared, so a skipped question stays unanswered."""
        step = self.current(session)
        if step is not None:
            session.steps[session.current] = step.model_copy(update={
                "skipped": True, "answer": "", "response": None, "follow_up": None, "deepening": "",
                "deepening_answer": "",
            })
            session.current += 1
        self.store.save(session)
        return self.current(session)

    def back(self, session: ReflectionSession) -> ReflectionStep | None:
        session.current = max(session.current - 1, 0)
        session.finished = False
        self.store.save(session)
        return self.current(session)

    def go_to(self, session: ReflectionSession, index: int) -> ReflectionStep | None:
        session.current = max(0, min(index, len(session.steps)))
        self.store.save(session)
        return self.current(session)

    def end(self, session: ReflectionSession) -> None:
        """End early: the remaining questions stay unanswered; agreements can still be written."""
        session.current = len(session.steps)
        session.finished = True
        self.store.save(session)

    def keep_agreements(self, session: ReflectionSession, agreements: str = "", experiments: str = "",
                        next_step: str = "", next_date: date | None = None) -> list[str]:
        """Save the agreements as they are typed (without ending the session): nothing typed is lost."""
        session.agreements, notices = self.redact(agreements)
        session.experiments, more = self.redact(experiments)
        session.next_step, most = self.redact(next_step)
        session.next_date = next_date
        self.store.save(session)
        return list(dict.fromkeys(notices + more + most))

    def finish(self, session: ReflectionSession, agreements: str = "", experiments: str = "",
               next_step: str = "", next_date: date | None = None) -> list[str]:
        """Close the session with the team's agreements, prøvehandlinger and next step."""
        notices = self.keep_agreements(session, agreements, experiments, next_step, next_date)
        session.current = len(session.steps)
        session.finished = True
        self.store.save(session)
        return notices

    # ------------------------------------------------------------ grounding

    def redact(self, text: str) -> tuple[str, list[str]]:
        """The personal data guard of the chat, applied before anything is stored."""
        from assistant.text.pii import redact, warning

        result = redact(text)
        notice = warning(result.findings) if result.findings else ""
        return result.text, [notice] if notice else []

    def _step(self, question: ReflectionQuestion, reason: str = "") -> ReflectionStep:
        context = self.cards.context(question)
        why = self.cards.why(question, avoid={context.chunk_id} if context else set())
        return ReflectionStep(question=question, reason=reason, context=context, why=why)

    def why(self, question: ReflectionQuestion) -> Citation | None:
        return self.cards.why(question)

    def summary(self, session: ReflectionSession) -> Summary:
        return summarise(session, self.themes.label)

    def _respond(self, session: ReflectionSession, index: int, answer: str) -> FollowUp:
        response = self.responder.respond(session, index, answer)
        if response.kind == "follow_up" and self.chat_model is not None:
            return self._phrased(session.steps[index], answer, response) or response
        return response

    def _phrased(self, step: ReflectionStep, answer: str, offline: FollowUp) -> FollowUp | None:
        """The LLM's wording of the follow-up, kept only when it is one open question using the person's words."""
        from langchain_core.messages import HumanMessage, SystemMessage

        from assistant.answer.llm import stream_tokens

        llm = self.deepening["llm"]
        passage = offline.source
        prompt = llm["user"].format(
            question=step.question.text, answer=answer, source=passage.short if passage else step.question.title,
            passage=passage.quote if passage else step.question.context,
        )
        messages = [SystemMessage(llm["system"]), HumanMessage(prompt)]
        try:
            reply = "".join(stream_tokens(self.chat_model, messages, self.assistant.settings.llm_timeout))
        except Exception:  # noqa: BLE001 - any LLM failure or timeout falls back to the offline follow-up
            return None
        question = single_open_question(reply)
        if question is None or not stems(offline.focus) & stems(question):
            return None
        return offline.model_copy(update={"text": question})


def single_open_question(text: str) -> str | None:
    """The text as one open Danish question, or None when it is not exactly that."""
    text = text.strip().strip("”“\"'’‘").strip()
    if "\n" in text or text.count("?") != 1 or not text.endswith("?"):
        return None
    if not OPEN_QUESTION.match(text) or len(text.split()) > MAX_QUESTION_WORDS:
        return None
    return text


def offer(citation: Citation) -> str:
    """How a follow-up passage is offered: 'Praksiskataloget beskriver: “...” [2]'."""
    return f"{citation.short} beskriver: {quoted(citation.quote)} [{citation.n}]"
