"""Surface cues that a sentence is the kind of answer a question asks for: a definition of the term,
the start of a list, a number, a reason, an example. Small nudges on top of meaning and words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from assistant.answer.question import NUMBER as NUMBER_ASKED, Question, ascii_key
from assistant.text.lexical import STOPWORDS

_CARDINALS = r"to|tre|fire|fem|seks|syv|otte|ni|ti|tolv|tyve"
_COUNTS = rf"{_CARDINALS}|halvdelen|hver|dobbelt|første|anden|tredje"
NUMBER_WORDS = rf"(?:en|et|{_COUNTS})"
# "en"/"et" are articles far more often than counts: "en række temaer" does not say how many
COUNT_WORDS = rf"(?:{_COUNTS})"
# a share in words is a number too: "afvist halvdelen af de unge", "en tredjedel", "flertallet"
HAS_NUMBER = re.compile(rf"\d|\b{NUMBER_WORDS}\b\s+(?:gange|uger|dage|måneder|år|timer|minutter|procent)|\bprocent\b|"
                        r"\bgang\s+om\b|\bhver\s+\w+|\b(?:halvdel\w*|\w+dedel\w*|flertal\w*)\b|"
                        rf"\b{NUMBER_WORDS}(?:årig|måneders|ugers|dages|timers)\w*", re.I)  # "et toårigt rejsehold"
# "spejling af barnets indre tilstand er …": the term with its complement, then what it is
COMPLEMENT = r"(?:\s+(?:af|for|i|med)\s+(?:\w+\s+){0,2}\w+)?"
DEFINING = r"(?:er|betyder|handler\s+om|dækker\s+over|omfatter|indebærer|defineres|forstås|kan\s+beskrives|beskriver|refererer|henviser|vil\s+sige|består\s+i|består\s+af)"
REASON = re.compile(r"\b(?:fordi|derfor|grund(?:en)?|for\s+at|betydning|afgørende|vigtig\w*|formål\w*|sikrer|styrker|giver|medfører|skyldes)\b", re.I)
# a sentence that gives a reason, not one that merely calls something important or says it gives something
BECAUSE = re.compile(r"\b(?:fordi|derfor|af\s+(?:samme|den|denne)\s+grund|grunden\s+(?:er|til)|da\s+(?:det|de|barnet|børn\w*)|(?<!behov\s)(?<!mulighed\s)(?<!brug\s)for\s+at|"
                     r"betydning\s+for|afgørende\s+for|"
                     r"giver\s+(?:\w+\s+){0,2}mulighed|medfører|skyldes|med\s+henblik\s+på|nemlig|dermed|således|"
                     r"forudsætning|grundlag\s+for|så\s+(?:de|det|der|barnet|børn\w*)\s+kan)\b", re.I)
EXAMPLE = re.compile(r"\b(?:fx|f\.eks|for\s+eksempel|eksempelvis|eksempel\w*|blandt\s+andet|bl\.a)\b", re.I)
# what came of something: its effects, what it gave or led to ("kan de blive bedre til at se ressourcer")
OUTCOME_CUE = re.compile(r"\b(?:resultat\w*|\w*effekt\w*|førte\s+til|har\s+givet|har\s+medført|har\s+styrket|"
                         r"udbytte\w*|lykke\w*|forbedr\w*|et\s+fald|øget|bedre\s+til)\b", re.I)
EXAMPLE_SECTION = re.compile(r"^\s*(?:eksempl?(?:er|el)?|cases?|fra\s+praksis)\b", re.I)
# a sentence that says what matters most: "Det er afgørende for …, at …", "Legen er helt central for …"
IMPORTANCE = re.compile(r"\b(?:\w*afgørende|vigtig\w*|central\w*|væsentlig\w*|betydningsfuld\w*|bærende|nøgle\w*|"
                        r"omdrejningspunkt\w*|forudsætning\w*)\b", re.I)
HOWTO = re.compile(r"\b(?:ved\s+at|gennem|kan\s+(?:I|vi|man|personalet|det\s+pædagogiske\s+personale)|skal|arbejde\s+med|sørge\s+for)\b", re.I)
# a heading whose items are what the publisher will work for ("KL vil arbejde for, at"): each item a demand
OPEN_DEMAND = re.compile(r"\bvil\s+arbejde\s+for,?\s+at\s*$", re.I)
DEMAND_IS_NO_ANSWER = ("why", "howto", "important", "definition")
DEMAND = re.compile(r"\b(?:vil\s+arbejde\s+for|opfordrer|foreslår|kræver|anbefaler\s+at)\b", re.I)
TESTIMONY = re.compile(r"^\s*[”“\"»«]")  # a sentence that opens a quotation: someone's own words
CONDITION_ASKED = re.compile(r"^(?:og\s+|men\s+)?hvornår\b", re.I)
CONDITION = re.compile(r"\b(?:når|hvis|så\s+længe|medmindre|i\s+tilfælde\s+af)\b", re.I)
LIST_LEAD = re.compile(r"(?::|\bbl\.\s?a\.|\bfølgende\.?)\s*$", re.I)

DEFINITION_BONUS = 0.08
KIND_BONUS = 0.03
EXAMPLE_BOX = 3 * KIND_BONUS  # asked for an example, a box of examples wins over a general statement on the topic
NUMBER_MISSING = -0.06
DEMAND_PENALTY = -0.05


def kind_bonus(question: Question, sentence: str, section: str = "") -> float:
    """How much the sentence looks like the kind of answer asked for; `section` is the title it stands under
    (a box headed "Eksempler" holds examples whose sentences name no example)."""
    kind = question.kind
    if kind in DEMAND_IS_NO_ANSWER and OPEN_DEMAND.search(section):
        # an item under "KL vil arbejde for, at" is a political demand: no reason, no practice, no definition
        return DEMAND_PENALTY
    if kind == "definition" and question.term:
        return _definition(question.term, sentence)
    if kind == "list":
        count = counted(question)
        return KIND_BONUS * 2 if LIST_LEAD.search(sentence) or count and count.announced_by(sentence) else 0.0
    if kind == "number":  # the number asked for (of the counted noun, with the unit) over any number
        # the first number asked leads ("Hvor ofte …, og hvor mange børn …?"): the second part gets its own quote
        # and a sentence giving more of the numbers asked ("en halv time … to gange om ugen") gives more of the answer
        asked = question.wording
        counted_asked = names_what_is_counted(asked)
        if counted_asked and answers_part(first := first_asked(asked), sentence):
            return 2 * KIND_BONUS + KIND_BONUS * sum(answers_part(p, sentence) for p in asked_parts(asked) if p != first)
        if not HAS_NUMBER.search(sentence):
            return NUMBER_MISSING
        # a number of something else ("i 2007-2009" for "hvor mange børnehuse") is no sign of the answer
        return 0.0 if counted_asked else KIND_BONUS
    if kind == "why":
        return KIND_BONUS if REASON.search(sentence) else 0.0
    if kind == "outcome":
        return KIND_BONUS if OUTCOME_CUE.search(sentence) else 0.0
    if kind == "important":
        return KIND_BONUS if IMPORTANCE.search(sentence) else 0.0
    if kind == "example":
        return EXAMPLE_BOX if EXAMPLE_SECTION.search(section) else KIND_BONUS if EXAMPLE.search(sentence) else 0.0
    if kind == "howto":
        return KIND_BONUS / 2 if HOWTO.search(sentence) else 0.0
    if kind == "general" and CONDITION_ASKED.match(question.text):  # "Hvornår er kvaliteten for dårlig?" asks
        return KIND_BONUS if CONDITION.search(sentence) else 0.0  # in which situations: "…, når børn bliver skældt ud"
    return 0.0


def gives_kind(question: Question, sentence: str, section: str = "") -> bool:
    """For a why or example question: the sentence gives a reason or an example (a support must, when the
    lead does: "Hvorfor?" answered by one reason and two statements on the topic is padded)."""
    if question.kind == "why":
        return bool(BECAUSE.search(sentence))
    if question.kind == "example":
        return bool(EXAMPLE_SECTION.search(section) or EXAMPLE.search(sentence))
    if question.kind == "outcome":
        return bool(OUTCOME_CUE.search(sentence))
    return False


def _definition(term: str, sentence: str) -> float:
    if TESTIMONY.match(sentence):  # a voice from practice ("”Vi har brugt spindelvævet meget …”") tells of the
        return -KIND_BONUS  # thing, not what it is: the text's own account defines it
    if not names_term(term, sentence):
        return 0.0
    stem, head = _stems(term)
    bonus = DEFINITION_BONUS if defines(term, sentence) else KIND_BONUS / 2
    early = re.search(rf"{stem}|{head}", " ".join(sentence.split()[:8]), re.I)  # a definition names it early
    return bonus + (KIND_BONUS / 2 if early else 0.0) + (DEMAND_PENALTY if DEMAND.search(sentence) else 0.0)


def names_term(term: str, text: str) -> bool:
    """The text names the term (its last or first word, give or take an ending)."""
    stem, head = _stems(term)
    return bool(re.search(rf"{stem}|{head}", text, re.I))


def _stems(term: str) -> tuple[str, str]:
    last, first = term.split()[-1], term.split()[0]
    return re.escape(last[: max(4, len(last) - 2)]), re.escape(first[: max(4, len(first) - 2)])


def defines(term: str, sentence: str) -> bool:
    """The sentence says what the term is, not merely that it exists."""
    if not term.strip():
        return False
    stem, head = _stems(term)
    # "at spejle barnets følelser" is defined by what "spejlingen" is: the verb's action noun names it
    named = rf"(?:{stem}\w*|{head}\w*(?:ing|else)(?:en|er|erne)?\b)"
    return bool(
        re.search(rf"{named}(?:\s+\([^)]*\))?{COMPLEMENT}\s+(?:\w+\s+){{0,2}}{DEFINING}\b", sentence, re.I)
        or re.search(rf"\b(?:ved|med)\s+(?:\w+\s+){{0,2}}{stem}\w*\s+(?:forstås|menes)", sentence, re.I)
        or re.search(rf"{stem}\w*\s*(?:\(|–|-|:)", sentence, re.I)
        or re.search(rf"(?:kaldes|kalder\s+\w+|begrebet|betegnelsen|udtrykket)\s+[„“\"']?{head}", sentence, re.I)
    )


def names_what_is_counted(question: str) -> bool:
    """"Hvor mange børn", "hvor mange procent", "hvilket år": the question says what its number counts."""
    return bool(UNIT.search(question) or HOW_MANY.search(question) or YEAR_ASKED.search(question)
                or FREQUENCY_ASKED.search(question) or DURATION_ASKED.search(question) or MONEY_ASKED.search(question))


def has_number(text: str) -> bool:
    return bool(HAS_NUMBER.search(text))


UNIT = re.compile(
    r"\b(procent|andel|timer?|minutter|kroner|millioner|kvadratmeter|uger?|dage|måneder|gange|årige)\b|(%)|"
    r"\bhvor\s+stor\s+en\s+(del)\b", re.I
)
HOW_MANY = re.compile(r"\bhvor\s+mange\s+(?P<of>af\s+(?:de\s+|vores\s+|dem\s+)?)?(?P<first>[a-zæøå]{3,})"
                      r"(?:\s+(?P<second>[a-zæøå]{3,}))?", re.I)
FREQUENCY_ASKED = re.compile(r"\bhvor\s+(?:tit|ofte|hyppigt)\b", re.I)
FREQUENCY = re.compile(
    # "hver uge", "hvert halve år", not "i hver gruppe"
    rf"\b(?:{NUMBER_WORDS}|\d+|flere|mange|nogle)\s+gang(?:e)?\b|\bhver(?:t|e)?\s+(?:\w+\s+)?(?:dag|uge|måned|år|morgen|"
    r"aften|gang|semester|kvartal)\w*|\bgang\s+om\b|"
    r"\b(?:dagligt?|ugentligt?|månedligt?|årligt?|halvårligt?|kvartalsvis|løbende|jævnligt|fast)\b|"
    r"\bom\s+(?:dagen|ugen|måneden|året)\b|\b\w+(?:dages|ugers|måneders)\s*(?:forløb|interval)", re.I)
MONEY_ASKED = re.compile(r"\bløn\w*|\btjen(?:er|te)\b", re.I)
MONEY = re.compile(r"\d[\d.,]*\s*(?:kr\b|kr\.|kroner|mio\.?|millioner|mia\.?)", re.I)
DURATION_ASKED = re.compile(r"\bhvor\s+(?:længe|lang\s+tid)\b", re.I)
# a length of time: "en halv time", "fem uger ad gangen", "i tre år", "et 5-ugersforløb"
_AMOUNTS = rf"en|et|{_CARDINALS}|få|par"  # of time: "hver uge" is how often
DURATION = re.compile(rf"\b(?:\d[\d,.]*|{_AMOUNTS})\s+(?:\w+\s+)?(?:minut\w*|time[rn]?|dage?[ne]?|uger?[ne]?|"
                      rf"måned\w*|år(?:et)?)\b|\b(?:\d+-?|{_AMOUNTS})(?:minutters|timers|dages|ugers|måneders|års?|årig)\w*", re.I)
YEAR_ASKED = re.compile(r"\b(?:hvilket|hvilke)\s+år\b|\bhvornår\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER = rf"(?:\b\d[\d.,]*%?|\b{COUNT_WORDS}\b)"  # "65% pædagoger" counts pædagoger


def answers_number(question: str, lead: str) -> bool:
    """Does the lead hold the number asked for: a number with the unit or the counted noun the question
    names, or a year when a year or date is asked? A different number is a near miss. A question that asks
    for several ("hvor ofte og hvor længe …, og hvor mange børn …") is answered by any of them."""
    parts = asked_parts(question)
    if len(parts) > 1:
        return any(answers_part(p, lead) for p in parts)
    return answers_part(question, lead)


def asked_parts(question: str) -> list[str]:
    """"Hvor ofte og hvor længe …" asks two numbers: "Hvor ofte", "hvor længe …"."""
    return [p for p in ASKED_APART.split(question) if p.strip()]


def first_asked(question: str) -> str:
    """The first part of a question that asks for a number: "Hvor ofte …" of "Hvor ofte …, og hvor mange …?",
    "hvor tit skal det laves" of "hvad er spindelvævet og hvor tit skal det laves"."""
    return next((p for p in ASKED_APART.split(question) if NUMBER_ASKED.search(p)), question)


ASKED_APART = re.compile(r",?\s+og\s+(?=hvor\b|hvornår\b|hvilke[nt]?\s+år\b)", re.I)


def answers_part(question: str, lead: str) -> bool:
    """The lead answers one asked number ("hvor mange børn var der i en gruppe"), of a question that may ask several."""
    if MONEY_ASKED.search(question):  # pay is answered by an amount of money, not by "15 dage"
        return bool(MONEY.search(lead))
    if FREQUENCY_ASKED.search(question):  # "hvor tit": how often, not any number ("0-6-årsområdet")
        return bool(FREQUENCY.search(lead))
    if DURATION_ASKED.search(question):
        return bool(DURATION.search(lead))
    if YEAR_ASKED.search(question):
        return bool(YEAR.search(lead) or re.search(r"\d{1,2}\.\s*\w+|\b(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b", lead, re.I))
    unit = UNIT.search(question)
    if unit:
        word = (unit.group(1) or unit.group(3) or "%").lower()
        stem = re.escape(word[: max(3, len(word) - 2)]) if word != "%" else "%"
        if word in ("procent", "%", "andel", "del"):  # "hvor stor en andel/del" asks for a share
            stem = r"(?:procent|%|pct\b)"
        return bool(re.search(rf"{NUMBER}\s*(?:\w+\s+){{0,2}}{stem}", lead, re.I))
    noun = HOW_MANY.search(question)
    if noun:  # the counted noun, also as a compound's head: "hvor mange temaer" ~ "seks læreplanstemaer";
        # it is the first word after "hvor mange", or the second after an adjective ("hvor mange nye pladser")
        first, second = noun.group("first", "second")
        # the second word only after an adjective ("hvor mange nye pladser"), not after the noun ("hvor mange
        # sundhedsambassadører uddannede …": a verb, not what is counted)
        words = [first] + ([second] if second and (first.lower().endswith("e") or first.lower() == "små") else [])
        # the noun, not a word it begins: "børn" is not "børnehuse"
        stems = [re.escape(w[: max(3, len(w) - 2)]) for w in words]
        # "de to ældste børn" points at children, it does not count them ("de seks læreplanstemaer" does count)
        lead = PICKED_OUT.sub(" ", lead)
        if noun.group("of") and SHARE.search(lead):  # "hvor mange af børnene …?" is answered by a share too
            return True
        # a count qualifies its noun: words between it and the noun ("tre små børn", "60 procent af børnene"), but no
        # preposition but "af" ("to år mellem børn" counts years)
        return any(re.search(rf"{NUMBER}\s+(?:(?!{BETWEEN_NOT}\b)\w+\s+){{0,3}}\w*{stem}\w{{0,4}}\b", lead, re.I)
                   for stem in stems)
    return has_number(lead)


SHARE = re.compile(r"\d\s*(?:procent\b|%|pct\b)|\b(?:halvdel\w*|\w+dedel\w*|flertal\w*)\b", re.I)
PICKED_OUT = re.compile(rf"\bde\s+(?:{_CARDINALS}|\d+)\s+\w+ste\b", re.I)
BETWEEN_NOT = r"(?:mellem|til|på|i|om|med|for|efter|før|under|over|ved|fra|hos|end|pr)"

COUNTS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11,
          "tolv": 12}
COUNT_OF = re.compile(rf"\b(?P<n>{'|'.join(COUNTS)}|[2-9]|1[0-2])\s+(?P<words>(?:[\w-]+\s+){{0,2}}[\w-]+)", re.I)


@dataclass(frozen=True)
class Counted:
    """A list asked for by its length: "de fem anbefalinger", "fire bærende elementer"."""

    n: int
    prefixes: tuple[str, ...]
    """Beginnings of the words that name what is counted ("anbefali" matches "ANBEFALINGER" and "anbefaling")."""

    @cached_property
    def _nouns(self) -> str:
        return "|".join(re.escape(p) for p in self.prefixes)

    @cached_property
    def _announcement(self) -> re.Pattern[str]:  # matched against every sentence scored
        count = rf"(?:{self.n}|{'|'.join(w for w, n in COUNTS.items() if n == self.n)})"
        return re.compile(rf"\b{count}\s+(?:[\w-]+\s+){{0,2}}?(?:{self._nouns})", re.I)

    def announced_by(self, sentence: str) -> bool:
        """"I KL's udspil præsenterer vi fem anbefalinger …": the sentence gives the count of the same thing."""
        return bool(self._announcement.search(sentence))

    def named_by(self, title: str) -> bool:
        """A section title that names what is counted ("FEM ANBEFALINGER TIL CHRISTIANSBORG")."""
        return bool(re.search(rf"\b(?:{self._nouns})", title, re.I))


def counted(question: Question) -> Counted | None:
    """The length and the counted thing of a list question: "Hvad er de 3 pejlemærker?" asks for three."""
    return _counted(question.text, tuple(question.topic)) if question.kind == "list" else None


# "Hvilke anbefalinger giver KL …?": the thing asked for, whose count the answer may announce
ASKED_THINGS = re.compile(r"^(?:og\s+)?hvilke\s+(?P<noun>[\w-]{4,})", re.I)


def counted_by(question: Question, sentence: str) -> Counted | None:
    """A list question that gives no length, and a sentence that announces how many of the things asked for
    there are ("… præsenterer vi fem anbefalinger …"): the list of that length."""
    if question.kind != "list" or counted(question) or not (m := ASKED_THINGS.match(question.text)):
        return None
    prefix = _noun_prefix(m.group("noun").lower())
    found = COUNT_OF.search(sentence)
    while found:  # each count in turn, also one among the words after another count
        if any(w.lower().startswith(prefix) for w in found.group("words").split()):
            return Counted(COUNTS.get(found.group("n").lower()) or int(found.group("n")), (prefix,))
        found = COUNT_OF.search(sentence, found.end("n"))
    return None


def announced(sentence: str) -> list[Counted]:
    """The counts of things a sentence announces ("… præsenterer vi fem anbefalinger …"), each with the plural
    noun that names what is counted: where a section of that many paragraphs, headed by the noun, may follow."""
    found = []
    for m in COUNT_OF.finditer(sentence):
        noun = next((w for w in m.group("words").split() if w.lower().endswith("er") and len(w) > 4), None)
        if noun:
            found.append(Counted(COUNTS.get(m.group("n").lower()) or int(m.group("n")), (_noun_prefix(noun.lower()),)))
    return found


def _noun_prefix(word: str) -> str:
    """The beginning that names a counted thing in any form ("anbefali" of "anbefalinger", "ANBEFALING")."""
    return word[: max(4, len(word) - 3)]


@lru_cache(maxsize=256)  # asked for every sentence scored
def _counted(text: str, topic: tuple[str, ...]) -> Counted | None:
    m = COUNT_OF.search(text)
    if not m:
        return None
    n = COUNTS.get(m.group("n").lower()) or int(m.group("n"))
    typed = [w for w in m.group("words").lower().split() if w not in STOPWORDS]
    # the topic words are the typed ones in the corpus's spelling ("pejlemaerker" is "pejlemærker")
    spelled = [w for w in topic if any(ascii_key(w)[:4] == ascii_key(t)[:4] for t in typed)]
    prefixes = tuple(dict.fromkeys(_noun_prefix(w) for w in typed + spelled if len(w) >= 4))
    return Counted(n, prefixes) if prefixes else None
