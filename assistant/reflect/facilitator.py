"""Guided reflection: a session that walks a person or team through the documents' questions.

The `Facilitator` is the state machine (plain Python, no UI): start from a theme or a concern,
one question at a time with a cited passage that shows why it matters, a grounded follow-up
and a deepening question after each answer, skip/back/edit/end early, and a closing with
agreements and prøvehandlinger. Every change is saved by the `SessionStore` (SQLite under the
data directory) so a session can be resumed later, also by a team on a shared computer.
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.reflect.inventory import QuestionIndex, Themes, embedding_text, excerpt, normalise, stems
from assistant.text.lexical import LexicalIndex
from assistant.models import Chunk, Citation, Hit, ReflectionQuestion, ReflectionSession, ReflectionStep
from assistant.search.retrieval import rrf

MIN_OWN = 3  # a theme with fewer of the documents' own questions is topped up with derived ones
WHY_CHARS = 350
FOLLOW_UP_CHARS = 350
SUGGESTIONS = 5
NEAR_CHARS = 3000  # a question this close to a passage found for a concern is taken to reflect on it
# Words too common to show as the reason a question was suggested.
GENERIC = frozenset("mange meget ikke altid aldrig rigtig godt gode nogle andre hvordan hvad synes".split())
RRF_K = 10  # fusion of short rankings: the top places should count
DENSE_TOP = 5
# A generated deepening question must be one open question.
OPEN_QUESTION = re.compile(
    r"^(?:Hvad|Hvordan|Hvilke[nt]?|Hvornår|Hvorfor|Hvor|Hvem|På hvilke[nt]? måde|I hvilke[nt]? (?:grad|omfang))\b"
)
MAX_QUESTION_WORDS = 40


class SessionStore:
    """Reflection sessions as JSON rows in `reflection.sqlite`; a new connection per call, so threads may share it."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS sessions "
                "(id TEXT PRIMARY KEY, title TEXT, updated TEXT, finished INTEGER, data TEXT)"
            )

    @classmethod
    def for_settings(cls, settings) -> "SessionStore":
        return cls(settings.data_dir / "reflection.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(self, session: ReflectionSession) -> None:
        session.updated = datetime.now()
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                (session.id, session.title, session.updated.isoformat(), int(session.finished),
                 session.model_dump_json()),
            )

    def load(self, session_id: str) -> ReflectionSession:
        with self._connect() as db:
            row = db.execute("SELECT data FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise KeyError(session_id)
        return ReflectionSession.model_validate_json(row[0])

    def list(self) -> list[ReflectionSession]:
        """All saved sessions, most recently changed first."""
        with self._connect() as db:
            rows = db.execute("SELECT data FROM sessions ORDER BY updated DESC").fetchall()
        return [ReflectionSession.model_validate_json(r[0]) for r in rows]

    def delete(self, session_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


@dataclass(frozen=True)
class ThemeChoice:
    """A theme a session can start from, with how many questions it has."""

    id: str
    label: str
    own: int
    derived: int


@dataclass(frozen=True)
class Suggestion:
    """A question suggested for a concern, with the reason (in Danish) it was suggested."""

    question: ReflectionQuestion
    reason: str
    score: float


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

    def _lexical(self, questions: list[ReflectionQuestion]) -> LexicalIndex:
        """BM25 over the inventory, built once per inventory (a new list after each ingest)."""
        if getattr(self, "_lexical_for", None) is not questions:
            self._lexical_index = LexicalIndex([embedding_text(q) for q in questions])
            self._lexical_for = questions
        return self._lexical_index

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
        derived = [q for q in self.inventory if q.theme == theme and q.derived]
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
            id=uuid.uuid4().hex[:12], title=title or f"{label} – {datetime.now():%d.%m.%Y}", theme=theme,
            steps=[self._step(q) for q in questions],
        )
        self.store.save(session)
        return session

    def suggest(self, concern: str, k: int = SUGGESTIONS) -> list[Suggestion]:
        """The questions most relevant to a concern, by three rankings fused: dense search over the
        questions and their context, BM25 over the same, and nearness to the passages that hybrid
        search finds for the concern (a question next to a passage about it reflects on that passage)."""
        concern = self.redact(concern)[0]
        questions = self.inventory
        by_id = {q.id: q for q in questions}
        # e5 similarities between a short concern and long question contexts are close together: only the
        # top of the dense ranking carries signal, so it votes with its first few places only.
        dense = [qid for qid, _ in QuestionIndex(self.assistant).query(concern, DENSE_TOP) if qid in by_id]
        bm25 = [questions[i].id for i, score in self._lexical(questions).search(concern, len(questions)) if score > 0]
        hits = self.assistant.searcher.search(concern, k=8)
        near = {q.id: _nearness(q, hits) for q in questions}
        nearby = sorted((qid for qid in near if near[qid][0] is not None), key=lambda qid: near[qid][0])
        fused = rrf([dense, bm25, nearby], k=RRF_K)
        ranked, seen = [], set()
        for qid in sorted(fused, key=lambda i: -fused[i]):
            q = by_id[qid]
            if normalise(q.text) not in seen:  # derived questions may share a template's wording
                seen.add(normalise(q.text))
                ranked.append(Suggestion(q, self._reason(concern, q, near[qid][1]), round(fused[qid], 5)))
        return ranked[:k]

    def _reason(self, concern: str, q: ReflectionQuestion, hit) -> str:
        """Why a question was suggested, in Danish: its theme, shared words, and a matching passage."""
        parts = [f"Foreslået, fordi spørgsmålet handler om {self.themes.label(q.theme).lower()}"]
        shared = _shared_words(concern, " ".join((q.text, q.statement, q.context)))
        if shared:
            parts.append(f", og teksten bag det nævner {_join(shared)}")
        if hit is not None:
            parts.append(f"; det står tæt på afsnittet “{hit.chunk.section}”, som er blandt de passager, "
                         "der passer bedst til din beskrivelse")
        kind = "afledt af et udsagn i" if q.derived else "fra"
        parts.append(f" ({kind} {self.assistant.searcher.document(q.doc_id).short}).")
        return "".join(parts)

    def start_from_concern(
        self, concern: str, k: int = SUGGESTIONS, question_ids: list[str] | None = None, title: str = ""
    ) -> ReflectionSession:
        """Start with the suggested questions (or those of them the person chose, by id)."""
        concern = self.redact(concern)[0]
        suggestions = self.suggest(concern, k=max(k, len(question_ids or [])))
        if question_ids:
            chosen = {s.question.id: s for s in suggestions}
            by_id = {q.id: q for q in self.inventory}
            suggestions = [chosen.get(i) or Suggestion(by_id[i], "", 0.0) for i in question_ids]
        short = concern if len(concern) <= 40 else concern[:40].rstrip() + "…"
        session = ReflectionSession(
            id=uuid.uuid4().hex[:12], title=title or f"{short} – {datetime.now():%d.%m.%Y}", concern=concern,
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
        """Set (or change) the answer to step `index`, with a new follow-up passage and deepening question."""
        answer, notices = self.redact(text)
        step = session.steps[index]
        follow_up = self._follow_up(step, answer) if answer.strip() else None
        deepening = self._deepening(step, answer, follow_up, index) if answer.strip() else ""
        session.steps[index] = step.model_copy(update={
            "answer": answer, "skipped": False, "follow_up": follow_up, "deepening": deepening,
            "deepening_answer": "" if deepening != step.deepening else step.deepening_answer,
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
        step = self.current(session)
        if step is not None:
            session.steps[session.current] = step.model_copy(update={"skipped": True})
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

    def finish(self, session: ReflectionSession, agreements: str = "", experiments: str = "") -> list[str]:
        """Close the session with the team's agreements and prøvehandlinger."""
        session.agreements, notices = self.redact(agreements)
        session.experiments, more = self.redact(experiments)
        session.current = len(session.steps)
        session.finished = True
        self.store.save(session)
        return list(dict.fromkeys(notices + more))

    # ------------------------------------------------------------ grounding

    def redact(self, text: str) -> tuple[str, list[str]]:
        """The personal data guard of the chat, applied before anything is stored."""
        from assistant.text.pii import redact, warning

        result = redact(text)
        notice = warning(result.findings) if result.findings else ""
        return result.text, [notice] if notice else []

    def _step(self, question: ReflectionQuestion, reason: str = "") -> ReflectionStep:
        return ReflectionStep(question=question, reason=reason, why=self.why(question))

    def why(self, question: ReflectionQuestion) -> Citation | None:
        """A short passage from the question's own document that shows why it matters."""
        chunks = self.assistant.searcher.chunks_of(question.doc_id)
        if question.derived:
            chunk = next((c for c in chunks if c.start <= question.start < c.end), None)
            if chunk is None:
                return None
            s, e = question.start - chunk.start, min(question.end, chunk.end) - chunk.start
            return self._cite(chunk, s, e, 1)
        if not question.context:
            return None
        s, e = excerpt(question.context, question.text, WHY_CHARS)
        quote = question.context[s:e]
        for chunk in chunks:
            at = chunk.text.find(quote)
            if at >= 0:
                return self._cite(chunk, at, at + len(quote), 1)
        return None

    def _follow_up(self, step: ReflectionStep, answer: str) -> Citation | None:
        """A passage related to what the person wrote, other than the one already shown."""
        seen = {step.why.chunk_id} if step.why else set()
        query = f"{answer}\n{step.question.text}"
        q = step.question
        for hit in self.assistant.searcher.search(query, k=8):
            c = hit.chunk
            if c.id in seen or c.doc_id == q.doc_id and c.start <= q.start < c.end:
                continue
            s, e = excerpt(c.text, f"{answer} {q.text}", FOLLOW_UP_CHARS)
            if "?" not in c.text[s:e]:  # a passage, not another block of questions
                return self._cite(c, s, e, 2)
        return None

    def _cite(self, chunk: Chunk, s: int, e: int, n: int) -> Citation:
        doc = self.assistant.searcher.document(chunk.doc_id)
        return Citation.of(n, chunk, doc.title, doc.short, s, e)

    def _deepening(self, step: ReflectionStep, answer: str, passage: Citation | None, index: int) -> str:
        if self.chat_model is not None:
            generated = self._generate(step, answer, passage)
            if generated:
                return generated
        return self._template(step.question.theme, answer, index)

    def _template(self, theme: str, answer: str, index: int) -> str:
        """The offline deepening question: the theme's template closest to the answer, varying by step."""
        offline = self.deepening["offline"]
        options = offline.get(theme) or offline["default"]
        wanted = stems(answer)
        return max(
            enumerate(options), key=lambda io: (len(wanted & stems(io[1])), -((io[0] - index) % len(options)))
        )[1]

    def _generate(self, step: ReflectionStep, answer: str, passage: Citation | None) -> str | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        llm = self.deepening["llm"]
        prompt = llm["user"].format(
            question=step.question.text, answer=answer,
            source=passage.short if passage else step.question.title,
            passage=passage.quote if passage else step.question.context,
        )
        from assistant.answer.llm import stream_tokens

        messages = [SystemMessage(llm["system"]), HumanMessage(prompt)]
        try:
            reply = "".join(stream_tokens(self.chat_model, messages, self.assistant.settings.llm_timeout))
        except Exception:  # noqa: BLE001 - any LLM failure or timeout falls back to the offline template
            return None
        return single_open_question(reply)


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
    quote = re.sub(r"\s+", " ", citation.quote).strip("”“\"' ")
    return f"{citation.short} beskriver: “{quote}” [{citation.n}]"


def _nearness(q: ReflectionQuestion, hits: list[Hit]) -> tuple[float | None, Hit | None]:
    """How close the question stands to the best search hit in its document (rank plus distance), and that hit."""
    best: tuple[float | None, Hit | None] = (None, None)
    for rank, hit in enumerate(hits):
        c = hit.chunk
        if c.doc_id != q.doc_id:
            continue
        distance = max(0, q.start - c.end, c.start - q.end)
        if distance <= NEAR_CHARS and (best[0] is None or rank + distance / NEAR_CHARS < best[0]):
            best = (rank + distance / NEAR_CHARS, hit)
    return best


def _shared_words(concern: str, text: str) -> list[str]:
    """The concern's own words whose stems occur in the text, as the person wrote them."""
    found = stems(text)
    words = [w for w in re.findall(r"[A-Za-zÆØÅæøå]+", concern) if len(w) >= 4 and w.lower() not in GENERIC]
    return list(dict.fromkeys(w.lower() for w in words if stems(w) & found))


def _join(words: list[str]) -> str:
    quoted = [f"“{w}”" for w in words[:3]]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " og " + quoted[-1]
