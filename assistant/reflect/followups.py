"""What the facilitator says after an answer, offline: one open question built on what the person wrote,
or a response to a non-answer.

A follow-up finds what the answer is about (runs of content words the corpus knows: "de stille børn",
"personalemangel"), retrieves a passage about exactly that, and asks one open question in the team's
("I") words, never repeating a question or a focus within a session. A non-answer (a question back,
"ved ikke", a few words, or off-topic) is answered with `clarify`, `example` or `move_on`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from assistant.answer.question import ordinary_danish
from assistant.models import Citation, FollowUp, ReflectionQuestion, ReflectionSession
from assistant.reflect.cards import Cards, says_something
from assistant.reflect.paragraphs import stems
from assistant.text.lexical import STOPWORDS
from assistant.text.pii import without_placeholders
from assistant.text.sentences import split_sentences

WORD = re.compile(r"[A-Za-zÆØÅæøåéü]+(?:-[A-Za-zÆØÅæøå]+)?")
DONT_KNOW = re.compile(
    r"\b(?:ved (?:det )?ikke|ved jeg ikke|aner (?:det )?ikke|ingen anelse|ikke sikker|forstår (?:det )?ikke"
    r"|forstår ikke spørgsmålet|hvad mener (?:du|i)|pas)\b",
    re.IGNORECASE,
)
HESITATION = {"jeg", "det", "hmm", "øh", "nej", "altså", "ærligt", "talt", "nok", "vi", "så"}
DETERMINERS = {"de", "den", "det", "en", "et", "vores", "jeres", "vor"}
# A word right after a subject pronoun is a finite verb ("vi mangler", "der står"); after an article, a noun.
SUBJECTS = {"vi", "man", "der", "jeg", "du", "han", "hun"}
# Not "den", "det", "de": they are subjects as often as articles ("det får betydning").
ARTICLES = {"en", "et", "vores", "jeres", "deres", "sin", "sit", "sine", "alle", "nogle"}
MIN_CONTENT_WORDS = 3
MIN_KNOWN_SHARE = 0.5  # an answer whose words the documents mostly do not know is likely about something else
MAX_FOCUS_WORDS = 4
NOUN_PHRASE_WEIGHT = 1.5
MIN_DF = 5
QUOTE_CHARS = 260
UNKNOWN_WORD_SHARE = 0.5
BACKGROUND_SHARE = 0.2  # a time or a predicate: when or how, not what the answer is about


@dataclass(frozen=True)
class Reading:
    """How an answer reads: an answer, or which kind of non-answer."""

    kind: str  # "answer" | "question_back" | "dont_know" | "too_short" | "off_topic"


class Responder:
    def __init__(self, assistant, cards: Cards, templates: dict):
        self.assistant = assistant
        self.cards = cards
        self.t = templates

    @classmethod
    def load(cls, assistant, cards: Cards) -> "Responder":
        path = assistant.settings.prompts_dir / "reflection_followups.toml"
        return cls(assistant, cards, tomllib.loads(path.read_text(encoding="utf-8")))

    @cached_property
    def vocabulary(self) -> Counter:
        """Document frequency of each stem over the chunks: the corpus vocabulary and its rarity."""
        counts: Counter = Counter()
        for chunk in self.assistant.searcher.chunks.values():
            counts.update(stems(chunk.text))
        return counts

    @cached_property
    def _word_classes(self) -> tuple[frozenset[str], frozenset[str]]:
        """One pass over the corpus: the word forms it uses as finite verbs, and those it puts right after an
        article or determiner (nouns and adjectives)."""
        after_subject: Counter = Counter()
        after_article: Counter = Counter()
        after_determiner: set[str] = set()
        infinitives: set[str] = set()
        for chunk in self.assistant.searcher.chunks.values():
            tokens = WORD.findall(chunk.text.lower())
            for a, b in zip(tokens, tokens[1:]):
                if a in SUBJECTS:
                    after_subject[b] += 1
                elif a in ARTICLES:
                    after_article[b] += 1
                elif a == "at":
                    infinitives.add(b)
                if a in DETERMINERS:
                    after_determiner.add(b)
        seen = {w for w, n in after_subject.items() if n > after_article[w]}
        present = {f"{w}r" for w in infinitives if f"{w}r" not in after_article}
        return frozenset(seen | present), frozenset(after_determiner | set(after_article))

    @property
    def verbs(self) -> frozenset[str]:
        """Finite verbs: a noun phrase ends where one begins. Either seen mostly after a subject, or an
        infinitive seen after "at" plus the present tense's -r ("at stå" → "står")."""
        return self._word_classes[0]

    @property
    def noun_forms(self) -> frozenset[str]:
        """Word forms the corpus uses right after an article or determiner: nouns and adjectives."""
        return self._word_classes[1]

    def _without_trailing_verb(self, phrase: str) -> str:
        """ "de voksne blander" → "de voksne", "ofte aflyses" → "ofte": a last word with a verb's ending
        that the corpus never puts after an article is the verb after the subject, not part of it."""
        words = phrase.split()

        def verb_like(word: str) -> bool:
            w = word.lower()
            if w in self.noun_forms:
                return False
            # passive "-es" anywhere; present "-er" only after a determiner and a noun ("de voksne blander"):
            # a compound noun the corpus never puts after an article ("vores refleksionsmøder") stays
            return w.endswith("es") or (w.endswith("er") and len(words) >= 3 and words[0].lower() in DETERMINERS)

        while len(words) > 1 and verb_like(words[-1]):
            words.pop()
        if all(w.lower() in DETERMINERS for w in words):
            return ""
        return " ".join(words)

    # ------------------------------------------------------------ reading the answer

    def read(self, answer: str, question: ReflectionQuestion, concern: str = "") -> Reading:
        content = [w for w in WORD.findall(answer.lower()) if w not in STOPWORDS]
        sentences = [answer[s:e].strip() for s, e in split_sentences(answer)] or [answer.strip()]
        if all(s.endswith("?") for s in sentences):
            return Reading("question_back")
        # "ved ikke" about the question opens the answer; "forældre forstår ikke beskederne" is an answer
        dont_know = DONT_KNOW.search(answer)
        before = {w.lower() for w in WORD.findall(answer[: dont_know.start()])} if dont_know else set()
        if dont_know and len(content) < 8 and before <= HESITATION:
            return Reading("dont_know")
        if len(content) < MIN_CONTENT_WORDS:
            return Reading("too_short")
        said = stems(answer)
        topic = stems(" ".join((question.text, question.statement, question.context, concern)))
        known = [s for s in said if self.vocabulary[s] > 0]
        if not said & topic and len(known) < MIN_KNOWN_SHARE * max(len(said), 1):
            return Reading("off_topic")
        return Reading("answer")

    # ------------------------------------------------------------ responding

    def respond(self, session: ReflectionSession, index: int, answer: str) -> FollowUp:
        step = session.steps[index]
        reading = self.read(answer, step.question, session.concern)
        if reading.kind == "question_back":
            return self._clarify(step.context)
        if reading.kind in ("dont_know", "too_short"):
            return self._example(step.question, step.context) or self._clarify(step.context)
        if reading.kind == "off_topic":
            return FollowUp(kind="move_on", text=self.t["move_on"])
        return self.follow_up(session, index, answer)

    def _clarify(self, context: Citation | None) -> FollowUp:
        if context is None:
            return FollowUp(kind="clarify", text=self.t["clarify_without_source"])
        quote = _short(context.quote)
        return FollowUp(kind="clarify", text=self.t["clarify"].format(short=context.short, quote=quote), source=context)

    def _example(self, question: ReflectionQuestion, context: Citation | None) -> FollowUp | None:
        avoid = {context.chunk_id} if context else set()
        for c in self.assistant.answerer.passages(question.statement or question.text, n=5):
            if c.chunk_id not in avoid and says_something(c.quote):
                text = self.t["example"].format(short=c.short, quote=_short(c.quote))
                return FollowUp(kind="example", text=text, source=self.cards.resectioned(c))
        return None

    def follow_up(self, session: ReflectionSession, index: int, answer: str) -> FollowUp:
        step = session.steps[index]
        used = _used(session, index)
        focus = self.focus(answer, step.question, {u.focus for u in used})
        asked = {u.text for u in used}
        source = self.passage_about(focus, answer, step, {u.source.chunk_id for u in used if u.source}, session.concern)
        for template in self._rotation(len(used), "questions" if source else "questions_without_source"):
            question = template.format(focus=addressed(focus, answer))
            lead = (self.t["lead"].format(focus=focus, short=source.short, quote=_short(source.quote)) if source
                    else self.t["lead_without_source"].format(focus=focus))
            text = f"{lead} {question}"
            if text not in asked and not any(question in a for a in asked):
                return FollowUp(kind="follow_up", text=text, source=source, focus=focus)
        return FollowUp(kind="move_on", text=self.t["move_on"])

    def _rotation(self, start: int, kind: str = "questions") -> list[str]:
        qs = self.t.get(kind) or self.t["questions"]
        return qs[start % len(qs):] + qs[: start % len(qs)]

    def focus(self, answer: str, question: ReflectionQuestion, taken: set[str] = frozenset()) -> str:
        """The answer's most specific run of content words the corpus knows, as the person wrote it."""
        asked = stems(question.text)
        answer = without_placeholders(answer)  # "spørge [navn fjernet] mor": no phrase runs across a removed name
        described = _described(answer, self.verbs)
        if described and described.lower() not in taken:
            return described  # "en pige, der trækker sig": the person they write about, with what they do
        phrases = [p for p in (self._without_trailing_verb(p) for p in _phrases(answer, self.verbs)) if p]
        n = len(self.assistant.searcher.chunks) or 1
        predicates = _predicates(answer, self.noun_forms)

        def weight(phrase: str) -> float:
            new = [s for s in stems(phrase) if s not in asked and s not in QUANTIFIERS and self.vocabulary[s] > 0]
            # A run opened by a determiner is a noun phrase ("de stille børn"): what the person wrote about.
            noun_phrase = NOUN_PHRASE_WEIGHT if phrase.split()[0].lower() in DETERMINERS else 1.0
            # Rarity counts up to a point: a word the corpus uses once or twice is no more specific than one it
            # uses a few times, and single uses are often noise (a verb form, a typo).
            value = noun_phrase * sum(math.log(n / max(self.vocabulary[s], MIN_DF)) for s in new)
            # An everyday word the documents never use ("afhentning") is still what the person wrote about.
            value += UNKNOWN_WORD_SHARE * math.log(n / MIN_DF) * sum(
                1 for w in phrase.split() if _everyday_unknown(w, self.vocabulary))
            # "om foråret", "hver morgen": when it happens, not what it is about
            if all(w.lower() in TIMES for w in phrase.split() if w.lower() not in DETERMINERS):
                value *= BACKGROUND_SHARE
            # "har travlt", "bliver svære": a predicate says how something is, not what it is about.
            if all(w.lower() in predicates for w in phrase.split()):
                value *= BACKGROUND_SHARE
            return value

        weights = {p: weight(p) for p in phrases if p.lower() not in taken}
        ranked = sorted(weights, key=weights.get, reverse=True)
        best = next((p for p in ranked if weights[p] > 0), ranked[0] if ranked else answer.strip()[:40])
        first, _, rest = best.partition(" ")
        return f"{first.lower()} {rest}" if rest and first.lower() in DETERMINERS else best

    def passage_about(self, focus: str, answer: str, step, avoid: set[str], concern: str = "") -> Citation | None:
        """A verbatim sentence about the focus from a passage other than the question's own."""
        avoid = avoid | ({step.context.chunk_id} if step.context else set())
        # The passage must speak of the focus's most specific word ("stille" in "de stille børn"), not just "børn".
        known = [s for s in stems(focus) if self.vocabulary[s] > 0] or list(stems(focus))
        wanted = {min(known, key=lambda s: self.vocabulary[s])} if known else set()
        word = next((w.lower() for w in WORD.findall(focus) if stems(w) & wanted), "")
        others = set(known) - wanted  # "børn" in "de stille børn": the passage speaks of the whole phrase
        sentence = next((answer[s:e] for s, e in split_sentences(answer) if wanted & stems(answer[s:e])), answer)
        # Beyond the focus word, the passage must share something with what was written or asked about:
        # busy staff are no answer to busy parents, a boy learning shapes none to boys at the edge of play.
        setting = (stems(answer) | stems(f"{step.question.text} {concern}")) - stems(focus)

        def fits(text: str) -> bool:
            return (self._speaks_of(text, word, wanted, others) and says_something(text)
                    and bool(setting & stems(text)))

        for c in self.assistant.answerer.passages(f"{focus} {sentence}", n=5):
            if c.chunk_id not in avoid and fits(c.quote):
                return self.cards.resectioned(c)
        for hit in self.assistant.searcher.search(f"{focus} {sentence}", k=8):
            chunk = hit.chunk
            if chunk.id in avoid:
                continue
            for s, e in split_sentences(chunk.text):
                if fits(chunk.text[s:e]):
                    return self.cards.cite(chunk, s, e, 3)
        return None

    def _speaks_of(self, text: str, word: str, wanted: set[str], others: set[str] = frozenset()) -> bool:
        """The text uses the focus word itself, inflected ("hulen", "stuemøder" for "hule", "stuemødet"), not
        another word that stems alike ("huller" is no "hule", the verb "stiller" no "stille"), and the
        phrase's other words."""
        if not word:
            return bool(wanted & stems(text))
        if not others <= stems(text):
            return False
        verb = word in self.verbs
        stem = next(iter(stems(word) & wanted), word)
        prefix = word[: len(stem) + 1]  # the stem and one letter more: "hule" keeps "hulen", drops "huller"
        return any(t.startswith(prefix) and (verb or t == word or t not in self.verbs) and stems(t) & wanted
                   for t in (w.lower() for w in WORD.findall(text)))


ADDRESSED = {"vores": "jeres", "vi": "I", "os": "jer", "vor": "jeres"}


def addressed(focus: str, answer: str = "") -> str:
    """The person's words as the facilitator says them back to the team: "vores refleksionsmøder" →
    "jeres refleksionsmøder"; a word capitalised only because it began the answer is lower-cased."""
    words = focus.split()
    if words and answer.lstrip().startswith(words[0]) and words[0][1:].islower():
        words[0] = words[0].lower()
    return " ".join(ADDRESSED.get(w.lower(), w) for w in words)


def _used(session: ReflectionSession, index: int) -> list[FollowUp]:
    """The follow-ups already given in the session, other than the one being replaced."""
    return [s.response for i, s in enumerate(session.steps) if i != index and s.response is not None]


PLACES = {"på", "i", "ved"}
ADVERBS = {"ikke", "aldrig", "altid", "næsten", "tit", "ofte"}
OBJECTS = {"sig", "noget", "meget"}
RELATIVE = re.compile(
    r"\b(?P<np>(?:en|et|de|den|vores|jeres)\s+(?:[A-Za-zÆØÅæøå0-9]+\s+){0,3}?[A-Za-zÆØÅæøå]{2,}),?\s+(?P<rel>der|som)\s+"
    rf"(?P<verb>(?:(?:{'|'.join(sorted(ADVERBS))})\s+){{0,2}}[a-zæøå]{{3,}}(?:\s+(?:{'|'.join(sorted(OBJECTS))}))?)\b",
    re.IGNORECASE,
)
AGES = {"to", "tre", "fire", "fem", "seks", "år", "årig"}  # "en dreng på to"


def _described(answer: str, verbs: frozenset[str] = frozenset()) -> str:
    """A person or group described by a relative clause ("en pige, der trækker sig", "en stille pige på stuen,
    som aldrig beder"): what a reflection answer is about more than any single word in it."""
    for m in RELATIVE.finditer(answer):
        words = m.group("np").split()[1:]
        if any(w.lower() not in PLACES | AGES and (w.lower() in STOPWORDS or w.lower() in verbs) for w in words):
            continue
        verb = [w for w in m.group("verb").lower().split() if w not in ADVERBS | OBJECTS]
        if not verb or verb[0] in STOPWORDS:  # "som er syg": "er" says nothing they do
            continue
        said = " ".join(m.group().split())  # their words as written
        return f"{said[:1].lower()}{said[1:]}"
    return ""


QUANTIFIERS = stems("mange flere nogle alle par")  # how many, not what about
TIMES = set("foråret efteråret sommeren vinteren morgenen morgen eftermiddagen aftenen dagen ugen måneden året "
            "mandag tirsdag onsdag torsdag fredag weekenden gang gange".split())
COPULAS = {"har", "er", "bliver", "blev", "var", "virker", "føles", "føler", "være", "blive", "været"}
# "tæt på ham", "glad for": an adjective with its preposition after "er/være" says how, even one the corpus
# also puts after an article ("et tæt samarbejde")
PREPOSITIONS = {"på", "for", "med", "til", "over", "ved", "om", "af"}
DEGREE = {"hurtigt", "meget", "for", "så", "lidt", "ret", "helt", "altid", "ofte", "tit", "vildt", "rigtig"}


def _predicates(answer: str, noun_forms: frozenset[str]) -> set[str]:
    """Words standing as a predicate after "har/er/bliver" (past a degree word: "bliver hurtigt svære") that
    the corpus never puts after an article: adjectives and adverbs, not things."""
    tokens = [t.lower() for t in WORD.findall(answer)]
    found = set()
    for i, t in enumerate(tokens):
        if t in COPULAS:
            j = i + 1
            while j < len(tokens) and tokens[j] in DEGREE:
                j += 1
            followed = j + 1 < len(tokens) and tokens[j + 1] in PREPOSITIONS
            if j < len(tokens) and (tokens[j] not in noun_forms or followed):
                found.add(tokens[j])
    return found


def _everyday_unknown(word: str, vocabulary: Counter) -> bool:
    w = word.lower()
    return len(w) >= 5 and w not in STOPWORDS and not any(vocabulary[s] for s in stems(w)) and ordinary_danish(w)


def _phrases(answer: str, verbs: frozenset[str] = frozenset()) -> list[str]:
    """Runs of content words (with a leading determiner: "de stille børn"), at most a few words long,
    ended by a verb (known from the corpus, or standing after a subject in the answer: "vi mangler")."""
    runs, current = [], []
    tokens = WORD.findall(answer)
    for i, word in enumerate(tokens):
        verb = word.lower() in verbs or (i > 0 and tokens[i - 1].lower() in SUBJECTS)
        if word.lower() in STOPWORDS or len(word) < 3 or verb:
            if current:
                runs.append(current)
            current = []
            continue
        if not current and i > 0 and tokens[i - 1].lower() == "at":
            continue  # an infinitive ("at lytte") is what they do, not what they write about
        if not current and i > 0 and tokens[i - 1].lower() in DETERMINERS:
            current = [tokens[i - 1]]
        current.append(word)
    if current:
        runs.append(current)
    return [" ".join(r[:MAX_FOCUS_WORDS]) for r in runs if any(w.lower() not in DETERMINERS for w in r)]


def _short(quote: str) -> str:
    text = re.sub(r"\s+", " ", quote).strip("”“\"' ")
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
