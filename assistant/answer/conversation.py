"""A conversation: input checks, personal-data redaction, follow-ups resolved against earlier turns,
task requests, and offline or LLM answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Generator, Iterator

from assistant.answer.cues import UNIT
from assistant.answer.question import FOLLOW_UP_OPENERS, STRONG_BACK_REFERENCES, Question
from assistant.text.lexical import TOKEN
from assistant.answer.task import newcomer_answer, situation_action, task_answer, topic_of
from assistant.models import Answer, ChatTurn, ReflectionQuestion
from assistant.text.pii import redact, warning

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.answer.offline import Answerer, Quoted
    from assistant.settings import Settings

SHORT_QUESTION_WORDS = 10
MIN_HEAD = 5  # "bestyr(elsen)" shortens "forældrebestyrelsen"; shorter stems end too many words
# "i den sammenhæng", "i det tilfælde": the question is about what was just discussed, however long it is
CONTEXT_PHRASE = re.compile(r"\bi\s+(?:den|denne|det|dette)\s+(?:sammenhæng|forbindelse|tilfælde|situation|forløb)\b", re.I)
EMPTY = "Skriv et spørgsmål."
TOO_LONG = "Spørgsmålet er for langt ({chars} tegn). Det må højst være {limit} tegn."
NO_MODEL = "Sprogmodellen kunne ikke startes ({reason}), så svarene er citater fundet direkte i dokumenterne."
CONDENSE_FAILED = (
    "Sprogmodellen kunne ikke omskrive opfølgningsspørgsmålet, så der er i stedet søgt på det sammen med "
    "det forrige spørgsmål."
)


def looks_like_follow_up(question: str) -> bool:
    """Short questions that lean on the previous one: "Hvad med i dagplejen?", "Og hvordan gør de det?"."""
    from assistant.answer.question import understand

    return understand(question).follow_up


@dataclass(frozen=True)
class Resolved:
    """A question made standalone: what to search, within which documents, and what not to repeat."""

    query: str
    question: Question
    docs: frozenset[str] = frozenset()
    exclude: Quoted = frozenset()
    """Passages already quoted ("uddyb" asks for others): chunk id, start and end in the document, text."""
    meaning: str = ""
    """What the dense side embeds: the question as asked when it stands alone."""
    subject: str = ""
    """The conversation's subject as typed, kept with the turn (`ChatTurn.subject`)."""


class AnswerStream:
    """Tokens of an answer as they are produced; `answer` holds the final Answer once iteration ends.

    Render `answer.text` at the end: it can differ from the streamed tokens (removed markers, offline fallback)."""

    def __init__(self, tokens: Generator[str, None, Answer]):
        self._tokens = tokens
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        self.answer = yield from self._tokens

    def result(self) -> Answer:
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


REQUESTED_KINDS = ("example", "why", "outcome")
NUMBER_FIRST = re.compile(r"^(?:og\s+)?(?:hvor\s+(?:mange|ofte|tit|længe|meget|stor)|hvornår|hvilket\s+år)\b", re.I)
ELLIPTICAL = re.compile(r"^(?:og|men|hvad\s+med|hvordan\s+med)\b", re.I)


class ChatSession:
    """One conversation; history holds redacted questions and their answers.

    It is given the parts it needs: the offline answerer, the settings, the reflection questions (for
    task requests) and optionally a chat model."""

    def __init__(
        self,
        answerer: Answerer,
        settings: Settings,
        inventory: Callable[[], list[ReflectionQuestion]] = list,
        chat_model: BaseChatModel | None = None,
        history: list[ChatTurn] | None = None,
    ):
        self.answerer = answerer
        self.settings = settings
        self.inventory = inventory
        self.history: list[ChatTurn] = list(history or [])
        self._model = chat_model
        self._model_problem = ""
        if chat_model is None and settings.llm_enabled:
            from assistant.answer.llm import make_chat_model

            try:
                self._model = make_chat_model(settings)
            except Exception as exc:  # missing package or incomplete settings: stay offline, say so
                self._model_problem = NO_MODEL.format(reason=f"{type(exc).__name__}: {str(exc)[:120]}")

    @property
    def mode(self) -> str:
        return "llm" if self._model is not None else "offline"

    def ask(self, question: str, on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer a question; `on_token` receives the text as it is produced."""
        stream = self.stream(question)
        for token in stream:
            if on_token:
                on_token(token)
        assert stream.answer is not None
        return stream.answer

    def stream(self, question: str) -> AnswerStream:
        """Check and redact the question now (ValueError with a Danish message), answer while iterated."""
        question = (question or "").strip()
        if not any(ch.isalnum() for ch in question):  # "?" or "..." asks nothing, also not as a follow-up
            raise ValueError(EMPTY)
        if len(question) > self.settings.max_question_chars:
            raise ValueError(TOO_LONG.format(chars=len(question), limit=self.settings.max_question_chars))
        redaction = redact(question)
        notices = [n for n in (warning(redaction.findings), self._model_problem) if n]
        return AnswerStream(self._answer(redaction.text, notices))

    def reset(self) -> None:
        self.history.clear()

    # ------------------------------------------------------------ resolving a turn

    def resolve(self, text: str) -> Resolved:
        """The question made standalone with the conversation so far (offline, without a model)."""
        q = self.answerer.understand(text)
        named = frozenset(self.answerer.searcher.mentioned_documents(text))
        terms = self.answerer.terms(q)
        own_topic = [t.word for t in terms]
        previous = self.history[-1].answer if self.history else None
        opener = bool(FOLLOW_UP_OPENERS.match(q.text))
        words = set(TOKEN.findall(q.text.lower()))
        # "det" is too common to point back alone; "sådan et forløb", "disse", "samme" point back for certain
        points_back = bool(STRONG_BACK_REFERENCES & words)
        surely_back = (bool((STRONG_BACK_REFERENCES - {"det"}) & words) and len(words) <= SHORT_QUESTION_WORDS
                       or bool(CONTEXT_PHRASE.search(q.text)))
        # words the documents never use ("faldgruber") are no topic to search alone: they refine the last one
        unknown = bool(terms) and not any(self.answerer.known(t) for t in terms)
        # a short question on one word ("Hvor mange temaer er der?", "Hvem skal vi samarbejde med?") asks
        # about that word within the topic of the conversation; "Hvad er intentionstrængsel?" stands alone
        # the unit of a number question ("i procent", "hvor mange timer") is what kind of answer, not a topic
        subject = [w for w in own_topic if not (q.kind == "number" and UNIT.fullmatch(w))]
        narrow = len(subject) <= 1 and len(words) <= SHORT_QUESTION_WORDS // 2 + 1 and q.kind != "definition"
        written_out = self._lengthened(own_topic, previous.search_query) if previous is not None else own_topic
        shortened, own_topic = written_out != own_topic, written_out
        # an example, a reason or an outcome asked of "det", or of one word ("Giv et konkret eksempel på hvad vi
        # kunne ændre", "hvorfor skulle det være godt for de udsatte børn?"), is asked of what was just discussed
        requested = q.kind in REQUESTED_KINDS and (points_back or len(own_topic) <= 1)
        leans = previous is not None and bool(previous.search_query) and (
            opener or not own_topic or unknown or surely_back or points_back and len(own_topic) <= 1 or narrow
            or shortened or requested
        )
        if not leans:  # the dense side reads the question as typed: "en dreng der slår" is no bag of words (in the
            # corpus's spelling: the embedder reads "børn", not "born")
            return Resolved(" ".join(own_topic) or q.query(), q, named, meaning=q.wording, subject=q.wording)
        aliases = self.answerer.searcher.aliases
        carried = [w for w in previous.search_query.split() if self.answerer.tokenize.stem(w) not in aliases]
        topic = list(dict.fromkeys(own_topic + carried))
        # "Og FOA?" asks what the last question asked; a question with a topic of its own asks its own kind
        # "Hvad med de mindste?" after "Virkede det?" asks the same thing of another group: an ellipsis keeps the kind
        # asked for (a number only when nothing but a number was asked: "Hvordan …, hvor mange …?" asked more)
        repeats = ELLIPTICAL.match(q.text) and narrow and (
            previous.kind in REQUESTED_KINDS or previous.kind == "number" and NUMBER_FIRST.match(self.history[-1].question))
        inherit = (q.kind == "general" and (not own_topic or unknown or repeats)
                   and previous.kind not in ("task", "newcomer", ""))
        # an example, a reason or an outcome was asked by the last turn itself: "Og FOA?" goes on asking it, "Hvad
        # mener FOA om det?" asks about the subject again
        if previous.kind in REQUESTED_KINDS and not ELLIPTICAL.match(q.text):
            inherit = False
        kind = previous.kind if inherit else q.kind
        docs = named or (frozenset(previous.docs) if not q.elaborate or previous.docs else frozenset())
        if named and not q.elaborate:
            docs = named
        # a follow-up on the same documents asks for more than was said: passages already quoted in the
        # conversation are not quoted again ("Hvorfor er det vigtigt?"), though the evidence is judged with them;
        # a newly named document ("Hvad mener FOA om det?") may be quoted as it was before, unless the last
        # answer already quoted it: then it brings its other passages
        quoted_from = set(previous.docs) | {c.doc_id for c in previous.citations}
        said = [t.answer for t in self.history] if q.elaborate or not named - quoted_from else []
        exclude = frozenset((c.chunk_id, c.start, c.end, c.quote) for a in said for c in a.citations)
        focus = tuple(own_topic) if own_topic and not unknown else ()
        # the dense side reads the follow-up with the subject as it was typed ("det samme personale bliver hos
        # de samme børn"), not only the topic words: stop words such as "samme" carry meaning there
        subject = self.history[-1].subject or self.history[-1].question
        meaning = f"{q.wording} {subject}"
        # it leans on the last turn: a follow-up, however it is worded ("hvor lang tid varer sådan et forløb …")
        return Resolved(" ".join(topic), replace(q, kind=kind, topic=topic, focus=focus, follow_up=True), docs, exclude, meaning,
                        subject=meaning if focus else subject)

    def _lengthened(self, own_topic: list[str], previous_query: str) -> list[str]:
        """The question's words with a shortened compound written out: "bestyrelsen" after "forældrebestyrelsen"
        is that board, and the question is about it."""
        stem = self.answerer.tokenize.stem

        def whole(word: str) -> str:
            s = stem(word)
            return next((c for c in previous_query.split() if len(s) >= MIN_HEAD and len(stem(c)) >= len(s) + MIN_HEAD
                         and stem(c).endswith(s)), word)

        return [whole(w) for w in own_topic]

    def _answer(self, question: str, notices: list[str]) -> Generator[str, None, Answer]:
        resolved = self.resolve(question)
        q = resolved.question
        if q.kind == "task":
            topic = topic_of(q) or (self.history[-1].answer.search_query if self.history else "")
            answer = task_answer(q, topic, self.answerer, self.inventory())
            yield answer.text
        elif q.kind == "newcomer" and not topic_of(q):
            answer = newcomer_answer(q)
            yield answer.text
        elif self._model is None:
            answer = self._offline(question, resolved)
            yield answer.text
        else:
            answer = yield from self._llm_answer(question, resolved, notices)
        if q.kind not in ("task", "newcomer") and (reflect := situation_action(q)):
            answer = answer.model_copy(update={"actions": answer.actions + [reflect]})
        answer = answer.model_copy(update={"notices": notices + answer.notices, "docs": sorted(resolved.docs)})
        self.history.append(ChatTurn(question=question, answer=answer, subject=resolved.subject))
        return answer

    def _offline(self, question: str, resolved: Resolved) -> Answer:
        answer = self.answerer.answer(
            question, search_query=resolved.query, docs=set(resolved.docs) or None,
            exclude=resolved.exclude, understood=resolved.question, meaning=resolved.meaning or None,
        )
        if answer.coverage == "answered" or not self._asks_another_document(question, resolved):
            return answer
        # "Og hvad siger KL?" after "Hvad er vigtigt at overlevere?": when the newly named document does not
        # answer the last turn's narrower point, it is asked about the conversation's subject, the topic of an
        # earlier turn (latest first): answered if it answers that, else the nearest to it rather than a refusal
        nearest = None
        for turn in reversed(self.history[:-1]):
            topic = turn.answer.search_query.split()
            if not topic or topic == resolved.question.topic:
                continue
            earlier = self.answerer.answer(
                question, search_query=turn.answer.search_query, docs=set(resolved.docs),
                understood=replace(resolved.question, topic=topic), meaning=f"{question} {turn.subject or turn.question}",
            )
            if earlier.coverage == "answered":
                return earlier
            nearest = nearest or (earlier if earlier.coverage == "nearest" else None)
        return nearest if answer.coverage == "not_covered" and nearest else answer

    def _asks_another_document(self, question: str, resolved: Resolved) -> bool:
        """A follow-up with no topic of its own that names a document the last turn did not answer from."""
        named = self.answerer.searcher.mentioned_documents(question)
        return bool(self.history) and bool(named) and not self.answerer.terms(question) and not (
            named <= set(self.history[-1].answer.docs))

    def _llm_answer(self, question: str, resolved: Resolved, notices: list[str]) -> Generator[str, None, Answer]:
        from assistant.answer.llm import LLMAnswerer

        llm = LLMAnswerer(self._model, self.answerer, self.settings)
        query = resolved.query
        if self.history:
            try:
                query = llm.condense(self.history, question)
            except Exception:  # the answer step will report an unreachable model; search the offline resolution
                if resolved.question.follow_up:
                    notices.append(CONDENSE_FAILED)
        same = query == resolved.query  # a condensed question is read anew, and embedded as the model wrote it
        understood, meaning = (resolved.question, resolved.meaning or None) if same else (None, None)
        return (yield from llm.stream(question, query, docs=set(resolved.docs) or None, understood=understood,
                                      meaning=meaning))
