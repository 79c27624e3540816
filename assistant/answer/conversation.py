"""A conversation: input checks, personal-data redaction, follow-up questions, offline or LLM answers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Generator, Iterator

from assistant.answer.llm import LLMAnswerer, make_chat_model
from assistant.models import Answer, ChatTurn
from assistant.text.pii import redact, warning

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.core import Assistant

EMPTY = "Skriv et spørgsmål."
TOO_LONG = "Spørgsmålet er for langt ({chars} tegn). Det må højst være {limit} tegn."
NO_MODEL = "Sprogmodellen kunne ikke startes ({reason}), så svarene er citater fundet direkte i dokumenterne."
CONDENSE_FAILED = (
    "Sprogmodellen kunne ikke omskrive opfølgningsspørgsmålet, så der er i stedet søgt på det sammen med "
    "det forrige spørgsmål."
)

FOLLOW_UP_OPENERS = ("hvad med", "og ", "hvordan med", "hvad så", "men ", "også ", "hvad hvis", "gælder det", "hvorfor det", "hvordan det")
BACK_REFERENCES = frozenset("det den de dem dette disse deres dets sådan samme også".split())
SHORT_QUESTION_WORDS = 6


def looks_like_follow_up(question: str) -> bool:
    """Short questions that lean on the previous one: "Hvad med i dagplejen?", "Og hvordan gør de det?"."""
    text = " ".join(question.lower().split())
    if text.startswith(FOLLOW_UP_OPENERS):
        return True
    tokens = re.findall(r"\w+", text)
    return len(tokens) <= SHORT_QUESTION_WORDS and any(t in BACK_REFERENCES for t in tokens)


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


class ChatSession:
    """One conversation with the assistant; history holds redacted questions and their answers."""

    def __init__(self, assistant: Assistant, chat_model: BaseChatModel | None = None, history: list[ChatTurn] | None = None):
        self.assistant = assistant
        self.settings = assistant.settings
        self.history: list[ChatTurn] = list(history or [])
        self._model = chat_model
        self._model_problem = ""
        if chat_model is None and self.settings.llm_enabled:
            try:
                self._model = make_chat_model(self.settings)
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
        if not question:
            raise ValueError(EMPTY)
        if len(question) > self.settings.max_question_chars:
            raise ValueError(TOO_LONG.format(chars=len(question), limit=self.settings.max_question_chars))
        redaction = redact(question)
        notices = [n for n in (warning(redaction.findings), self._model_problem) if n]
        return AnswerStream(self._answer(redaction.text, notices))

    def reset(self) -> None:
        self.history.clear()

    def _answer(self, question: str, notices: list[str]) -> Generator[str, None, Answer]:
        if self._model is None:
            answer = self.assistant.answerer.answer(question, search_query=self.search_query(question))
            yield answer.text
        else:
            llm = LLMAnswerer(self._model, self.assistant.answerer, self.settings)
            query = self._condensed(llm, question, notices)
            answer = yield from llm.stream(question, query)
        answer = answer.model_copy(update={"notices": notices + answer.notices})
        self.history.append(ChatTurn(question=question, answer=answer))
        return answer

    def search_query(self, question: str) -> str:
        """Offline follow-ups are searched together with the previous question, which gives them their topic."""
        if self.history and looks_like_follow_up(question):
            return f"{self.history[-1].answer.search_query or self.history[-1].question} {question}"
        return question

    def _condensed(self, llm: LLMAnswerer, question: str, notices: list[str]) -> str:
        if not self.history:
            return question
        try:
            return llm.condense(self.history, question)
        except Exception:  # the answer step will report an unreachable model; here we just search without it
            if looks_like_follow_up(question):
                notices.append(CONDENSE_FAILED)
            return self.search_query(question)
