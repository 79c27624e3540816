"""Requests the documents cannot satisfy by quoting ("lav en dagsorden", "hvad skal mine medarbejdere
læse") and newcomers' questions: answered with what the product can do — the relevant passages, the
documents' own reflection questions, and the page that does the task."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.text.quotes import quoted
from assistant.answer.question import Question
from assistant.models import Action, Answer, Citation, ReflectionQuestion

if TYPE_CHECKING:
    from assistant.answer.offline import Answerer

# Words of the request itself, not of its topic.
TASK_WORDS = frozenset(
    "lav lave skriv skrive udarbejd forbered planlæg sammensæt kom foreslå dagsorden dagsordenen oplæg oplæget "
    "handout program mødeplan personalemøde personalemødet personalemøder møde mødet møder materiale plan "
    "oversigt uddeling uddelingsark læse læser læseliste afsnit tekster passager medarbejdere medarbejderne "
    "kolleger personale personalet pædagoger næste uge emne emnet timer minutter time kort kortfattet "
    "introduktion ny nye nyansat nyansatte medhjælper pædagogmedhjælper jobbet første dag dage vide bruge "
    "først side ark folder pjece nyhedsbrev udleveret udlevere fem tre fire stuemødet stuemøde "
    "refleksionsspørgsmål drøfter drøfte".split()
)
TASK_LEAD = (
    "Jeg kan ikke skrive {what} selv, men dokumenterne giver materialet til det{about}. "
    "I mødeguiden kan du samle det til en dagsorden med læsning, spørgsmål og aftaler."
)
PASSAGES = "Afsnit, der er gode at læse{about}:"
QUESTIONS = "Dokumenternes egne refleksionsspørgsmål{about}:"
NO_TOPIC = (
    "Jeg kan ikke skrive {what} selv. Skriv gerne emnet (fx „forældresamarbejde“ eller „sprog“), så finder "
    "jeg afsnit og refleksionsspørgsmål fra dokumenterne, eller åbn mødeguiden."
)
NEWCOMER = (
    "Velkommen! Introduktionen for nye medarbejdere samler det vigtigste fra dokumenterne i korte "
    "stationer: børnesyn, leg, læreplanen, relationer, forældre, sprog og hvad du gør, hvis du er bekymret "
    "for et barn. Du kan tage dem i den rækkefølge, du vil."
)
WHAT = (
    (re.compile(r"dagsorden", re.I), "en dagsorden"),
    (re.compile(r"oplæg", re.I), "et oplæg"),
    (re.compile(r"handout|uddeling", re.I), "et handout"),
    (re.compile(r"spørgsmål", re.I), "spørgsmålene"),
    (re.compile(r"læs|afsnit|tekster", re.I), "en læseliste"),
)


ABOUT = re.compile(r"\bom\s+(?P<topic>[^.?!]{3,120})", re.I)  # to the end of its sentence


def topic_of(question: Question) -> str:
    """The topic words of the request: those of what it is about ("… et personalemøde om hvordan vi evaluerer
    vores praksis. Har du nogle gode spørgsmål?") when it says, else all that are not words of the request."""
    topic = [w for w in question.topic if w not in TASK_WORDS]
    if about := _said_about(question):
        said = {w.lower() for w in re.findall(r"\w+", about)}
        return " ".join([w for w in topic if w in said] or topic)
    return " ".join(topic)


def topic_phrase(question: Question) -> str:
    """The topic as the user wrote it ("om, hvordan vi voksne kan deltage i legen"), for display and
    to fill in the meeting guide; falls back to the topic words."""
    return _said_about(question).strip() or topic_of(question)


def _said_about(question: Question) -> str:
    """What the request says it is about: after its last "om", to the end of that sentence."""
    found = ABOUT.findall(question.text.replace(",", ""))
    return found[-1] if found else ""


def task_answer(
    question: Question, topic: str, answerer: Answerer, inventory: list[ReflectionQuestion]
) -> Answer:
    what = next((label for pattern, label in WHAT if pattern.search(question.text)), "det")
    phrase = topic_phrase(question) if topic else ""
    action = Action(page="personalemoede", label="Åbn mødeguiden", topic=phrase or topic)
    if not topic:
        return Answer(question=question.text, text=NO_TOPIC.format(what=what), kind="task", actions=[action],
                      coverage="answered", search_query=question.text)
    about = f" om {phrase}"
    passages = answerer.passages(topic, n=3)
    own = _questions(topic, answerer, inventory)
    citations = list(passages)
    lines = [TASK_LEAD.format(what=what, about=about)]
    if passages:
        lines += ["", PASSAGES.format(about=about)]
        lines += [f"- {quoted(c.quote)} [{c.n}]" for c in passages]
    if own:
        lines += ["", QUESTIONS.format(about=about)]
        for q in own:
            c = _cite_question(q, len(citations) + 1, answerer)
            if c is not None:
                citations.append(c)
                lines.append(f"- {quoted(c.quote)} [{c.n}]")
    return Answer(
        question=question.text, text="\n".join(lines), citations=citations, kind="task", actions=[action],
        coverage="answered" if citations else "not_covered", answered=bool(citations), search_query=topic,
    )


# a situation told about someone ("Vi har en dreng på 4, der …", "min kollega hæver stemmen"): the documents
# speak of children and practice in general; the team can reflect on this one with their questions
SITUATION = re.compile(
    r"\b(?:en|et|vores|min|mine|hans|hendes|deres|den|det)\s+(?:lille\s+|stille\s+|ny\s+)?"
    r"(?:dreng|pige|barn|kollega|kolleger|kollegaer|mor|far|forælder|forældre|medhjælper|pædagog)\b", re.I)
SITUATION_WORDS = 10  # shorter texts ask about a subject, not about a situation
REFLECT = "Reflektér over situationen"


def situation_action(question: Question) -> Action | None:
    """For a situation told in the chat: open the reflection page with it as the team's concern."""
    if len(question.text.split()) < SITUATION_WORDS or not SITUATION.search(question.text):
        return None
    return Action(page="refleksion", label=REFLECT, topic=question.text)


def newcomer_answer(question: Question) -> Answer:
    return Answer(
        question=question.text, text=NEWCOMER, kind="newcomer", coverage="answered", search_query=question.text,
        actions=[Action(page="introduktion", label="Gå til introduktionen")],
    )


def _questions(topic: str, answerer: Answerer, inventory: list[ReflectionQuestion], n: int = 4) -> list[ReflectionQuestion]:
    """The documents' own questions on the topic first, by how much of the topic they name."""
    terms = answerer.terms(topic)
    scored = [
        (answerer.lexical(terms, f"{q.text}\n{q.section}\n{q.context}", partial=True), not q.derived, q)
        for q in inventory
        if not q.derived
    ]
    scored = [s for s in scored if s[0] >= 0.5]
    scored.sort(key=lambda s: (-s[0], -s[1]))
    return [q for _, _, q in scored[:n]]


def _cite_question(q: ReflectionQuestion, n: int, answerer: Answerer) -> Citation | None:
    searcher = answerer.searcher
    for chunk in searcher.chunks_of(q.doc_id):
        if chunk.start <= q.start and q.end <= chunk.end:
            doc = searcher.document(q.doc_id)
            return Citation.of(n, chunk, doc.title, doc.short, q.start - chunk.start, q.end - chunk.start)
    return None
