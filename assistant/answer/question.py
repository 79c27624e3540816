"""What is asked: the kind of question, its topic words, and how people type them.

Typos, æ/ø/å written as ae/oe/aa and split or joined compounds are resolved against the corpus's own
vocabulary, so a question reaches the words the documents use. Question words carry no topic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from assistant.text.frequency import zipf
from assistant.text.lexical import STOPWORDS, TOKEN
from assistant.text.sentences import ABBREVIATIONS

Kind = Literal["definition", "list", "number", "why", "howto", "example", "outcome", "important", "comparison", "task",
               "newcomer", "general"]

# Words that shape a question but carry no topic; they must not count as evidence.
QUESTION_WORDS = frozenset(
    "hvad hvordan hvorfor hvilke hvilken hvilket hvem hvornår hvor mange meget kan skal må vi jeg man mig "
    "gøre gør får få fik fået lave laver lavede lavet står siger sige sagt betyder betyde handler handlede dokumenterne dokumentet ifølge egentlig faktisk især lige "
    "vigtigt vigtig vigtigere vigtigste vigtigst godt gode god bedre bedst bedste helt rigtig rigtigt nogle noget nogen altid "
    "kunne skulle burde bør mon tror synes ved vide forstå forklar fortæl beskriv nævn giv eksempel eksempler "
    "står skrevet mener menes siges anbefaler anbefales tekst teksten uddyb uddybe mere andet andre "
    "spørgsmål svar hej tak please lidt "
    # verbs that ask what a text says or how it defines something; "konkret" asks for an example
    "defineres defineret definerer forstås skriver skrives beskriver beskrives nævner nævnes anbefale "
    "omtaler omtales kigger gik konkret konkrete helst fortæller fortalt gjorde gjort forstår "
    "foreslå foreslår foreslået foreslåede foreslog "
    "sammenlign sammenligne sammenlignet taler snakker snakke snakket skelner skelne skelnes "
    # "hvor tit/ofte/længe" asks how often or how long; "vær" is the form of "være" the stopword list lacks
    "tit ofte længe vær "
    # how long something lasts: "Hvor lang tid varer et forløb?"
    "varer varede varet "
    # what a word names: "Hvad er det der hedder intentionstrængsel?"
    "hedder hed kaldes kaldte "
    # chat shorthand: "ifht psykologisk tryghed", "er det ok", "må man ha …"
    "ifht ift mht osv mv evt ok okay ha "
    # "hvor mange børn pr. voksen": a ratio's "per", no topic
    "pr per "
    # how the answer should look, not what it is about: "Skriv dem som en liste", "forklar kort"
    "skriv liste listen punktform punktvis stikord kort kortfattet opsummer opsummere sammenfat "
    # whether it worked asks for the outcome of what was said: "Virkede det?"
    "virkede virket virker hjalp nyttede "
    # "Hvad lærte de af det?" asks what came of it: learning is how it is asked
    "lærte lært fandt "
    # "Hvad brugte man i …?", "Hvordan bruger vi …?": using says how something is asked about, not what
    "bruge bruger brugte brugt bruges "
    # "Er det en god idé at …?" asks for a judgement; "i løbet af dagen" says when, the day is the setting
    "idé ide løbet "
    # "Hvorfor bliver bestyrelsen vigtigere fremover?": when it holds frames the question, it is no topic
    "fremover fremtiden "
    # fillers and intensifiers of everyday speech ("han bliver bare sur", "vi når aldrig", "vildt travlt"): rare
    # in the documents, so a sentence that happens to hold one would win on it alone
    "bare altså vel nok virkelig totalt mega vildt pludselig aldrig simpelthen slet overhovedet næsten ganske "
    "temmelig rimelig sgu lissom liksom ærligt "
    # "er der nogen der har prøvet det?" asks for experience; "siden corona" says since when
    "prøvet siden snart "
    # "står der noget lignende hos FOA?" asks for the same point elsewhere: "lignende" names nothing
    "lignende tilsvarende "
    # "nogen gode ideer?" asks for ways to do it, ideas are no topic
    "ideer idéer "
    # "… helt enkelt?" asks for a plain explanation
    "enkelt".split()
)

# "Hvad er aktionslæring, som det blev brugt i …?", "Hvad forstås ved mestring, når man taler om …?": the term,
# then the setting it is asked in
DEFINITION = re.compile(
    r"^(?:hvad|hvem)\s+(?:er|var|betyder|menes\s+(?:der\s+)?med|forstås\s+(?:der\s+)?ved|dækker|indebærer|vil\s+det\s+sige\s+at|"
    r"mener\s+\w+(?:\s+\w+)?\s+med|forstår\s+\w+(?:\s+\w+)?\s+ved|er\s+meningen\s+med)\s+(?:en\s+|et\s+|det\s+|den\s+|de\s+)?"
    # "…, og hvordan opstår den?", "… og hvorfor skulle personalet lære det?": a second question after the term
    r"(?P<term>[^?,]{2,60}?)\s*(?:,\s*(?:og|som|når|hvor)\s+[^?]*|,?\s+og\s+(?:hvorfor|hvordan|hvad|hvilke|hvem|hvornår)\b[^?]*)?\??$"
    r"|^(?:forklar|definer)\s+(?P<term2>[^?]{2,60}?)\s*\??$"
    r"|^hvad\s+(?:går|handler)\s+(?:en\s+|et\s+)?(?P<term3>[^?]{2,60}?)\s+(?:ud\s+på|om)\s*\??$"
    r"|^hvordan\s+(?:defineres|forstås|beskrives)\s+(?P<term4>[^?]{2,60}?)(?:\s+i\s+[^?]+)?\s*\??$",
    re.I,
)
PREPOSITION_FIRST = re.compile(r"(?:for|i|på|med|til|af|om|ved|hos|når)\b", re.I)
CALLED = re.compile(r"^(?:det\s+)?(?:der|som)?\s*(?:hedder|kaldes)\s+", re.I)
TERM_SETTING = re.compile(r"\s+(?:i|hos|inden\s+for|ifølge|for)\s+(?:et|en|de|den|det|vores|jeres)?\s*\w+(?:\s+(?:af\s+)?\w+){0,2}$", re.I)
LIST = re.compile(
    # "hvad er de vigtigste …" asks for several; "hvad er de pædagogiske læreplaner" asks what they are
    r"^(?:hvilke\b|nævn\b|list\b|hvad\s+er\s+de\s+(?:\w+ste|forskellige|enkelte|\d+)\b|hvad\s+er\s+(?:to|tre|fire|fem|seks|syv|otte)\b)|"
    r"\b(?:hvilke\s+\w+\s+(?:er\s+der|findes)|de\s+(?:to|tre|fire|fem|seks|syv|otte)\s+\w+)",
    re.I,
)
# "hvad er KLs fem anbefalinger": things asked for by their count are a list, not a term to define
COUNTED_LIST = re.compile(r"^hvad\s+(?:er|var)\s+(?:[\w'´’]+\s+){0,2}(?:to|tre|fire|fem|seks|syv|otte|ni|ti)\s+\w+", re.I)
NUMBER = re.compile(
    # "hvor meget vi skal informere" asks how much of something is done, not for a number
    r"\b(?:hvor\s+mange|hvor\s+ofte|hvornår|hvor\s+lang|hvor\s+længe|"
    r"hvor\s+meget(?!\s+(?:vi|man|jeg|du|de|I|der|skal|kan|bør|må)\b)|hvor\s+stor|hvilket\s+år|"
    r"hvilke\s+år|procent|antal(?:let)?|hvor\s+gamle|hvor\s+tit|i\s+hvilken\s+periode|"
    # a law's section is asked for by its number: "Hvilken paragraf handler om …?"
    r"hvilken\s+paragraf|hvilke\s+paragraffer)\b",
    re.I,
)
# "Gør det en forskel, om …?", "Betyder det noget, at …?": whether it matters asks what it means for the children
MATTERS = re.compile(r"\bgør\s+(?:det\s+)?(?:nogen|en)\s+(?:\w+\s+)?forskel\b|\bbetyder\s+det\s+noget\b|"
                     r"\bhar\s+det\s+(?:nogen\s+)?betydning\b", re.I)
WHY = re.compile(rf"^(?:og\s+)?hvorfor\b|\bhvad\s+er\s+formålet\b|\bbetydning\s+har\b|{MATTERS.pattern}", re.I)
# "Hvad er det vigtigste i forældresamarbejdet?", "Hvad er afgørende for …?": what matters most, no term to define
IMPORTANT = re.compile(r"^(?:og\s+)?hvad\s+(?:er|var)\s+(?:det\s+|så\s+)?(?:aller)?(?:vigtigs?t\w*|mest\s+afgørende|afgørende|"
                       r"mest\s+centralt|centralt|væsentligst)\b|\bhvad\s+betyder\s+mest\b|"
                       # "legens betydning", "betydningen af tryg tilknytning": what it matters for
                       r"\b\w+s\s+betydning\b|\bbetydningen\s+af\b", re.I)
HOWTO = re.compile(r"^(?:og\s+)?hvordan\b|\bhvad\s+(?:kan|skal|bør)\s+(?:vi|man|jeg|I)\s+(?:så\s+)?gøre\b|\bhvad\s+gør\s+(?:vi|man|jeg)\b|\bgode\s+råd\b|"
                   # "nogen gode ideer?", "har I forslag til …?": ways to do it are asked
                   r"\b(?:gode\s+)?(?:ideer|idéer|forslag)\b(?=[^.!]*\?)", re.I)
EXAMPLE = re.compile(r"\beksempl?(?:er|el)?\b|\bkonkret\w*\b", re.I)
DID = re.compile(r"\bhvad\s+(?:gjorde|lavede|foretog)\b", re.I)
EXPLICIT_EXAMPLE = re.compile(r"\beksempl?(?:er|el)?\b", re.I)
# what came of it: "Virkede det?", "Hvad kom der ud af det?", "Hvilke resultater gav det?"
OUTCOME = re.compile(r"^(?:og\s+)?(?:virkede|virker|hjalp|lykkedes|nyttede)\s+(?:det|de|den|projektet|indsatsen|"
                     # "virkede Fremtidens Dagtilbud egentlig?": whether the thing named worked
                     r"(?:\w+\s+){1,3}(?:egentlig|overhovedet|så)\b)\b|"
                     r"\bkom\s+der\s+(?:noget\s+)?ud\s+af\b|\bfik\s+(?:de|man|I|vi)\s+(?:noget\s+)?ud\s+af\b|"
                     r"\b(?:de|man|I|vi)\s+fik\s+(?:noget\s+)?ud\s+af\b|"
                     # "Hvad lærte de af det?": what they learned from it is what came of it
                     r"\bhvad\s+lærte\s+(?:de|man|I|vi)\b|\bhvad\s+fandt\s+(?:de|man|I|vi)\s+ud\s+af\b|\bhvad\s+har\s+(?:\w+\s+){1,3}?lært\b|"
                     r"\bhvad\s+(?:blev|var)\s+(?:resultatet|resultaterne|effekten|effekterne|udbyttet)\b|"
                     r"\bhvilken\s+effekt\s+(?:havde|fik)\b|"
                     # asked whether it made things better: "Fik børnene bedre sprog af …?", "Blev de bedre til …?"
                     r"(?:^|[?.!]\s+|\baltså\s+)(?:og\s+)?(?:fik|blev)\b[^?.]{0,80}?\bbedre\b|"
                     r"\b(?:gav|havde)\s+(?:det|de|den|projektet|indsatsen|forløbet)\s+(?:nogen\s+)?(?:effekt|virkning)", re.I)
# the difference asked for ("forskellen på", "er der forskel mellem"), not things that differ ("forskellige i alder")
COMPARISON = re.compile(r"\bforskel(?:le)?\s+(?:på|mellem)\b|\bforskellen\b|\bforskellene\b|\bforskelligt\b|\bsammenlign\w*\b|\bforskellig\w*\s+fra\b|\bi\s+forhold\s+til\s+hvad\b|\benige\b|\buenige\b", re.I)
TASK = re.compile(
    # a request, also asked as a question: "Har du nogle gode refleksionsspørgsmål …?", "jeg mangler et oplæg"
    r"\b(?:lav|lave|skriv|skrive|udarbejd|forbered|planlæg|sammensæt|giv\s+mig|kom\s+med|foreslå|har\s+du|"
    r"kan\s+du\s+(?:finde|give|foreslå)|find|jeg\s+(?:skal\s+bruge|mangler|har\s+brug\s+for))\b.{0,40}?"
    r"\b(?:dagsorden|oplæg|handout|program|mødeplan|personalemøde\w*|møde\w*|\w*spørgsmål|materiale|"
    r"plan|introduktion|oversigt|uddeling\w*|side|ark|folder|pjece|nyhedsbrev)\b"
    r"|\bhvad\s+skal\s+(?:mine|vores|de|jeg|vi)\s+(?:medarbejdere\s+|kolleger\s+|personale\s+|pædagoger\s+)?læse\b"
    r"|\bhvilke\s+(?:afsnit|tekster|passager)\s+skal\b|\blæseliste\b",
    re.I,
)
MEETING = re.compile(r"dagsorden|personalemøde|møde|oplæg|handout|program|spørgsmål\s+til|læse|afsnit|tekster|læseliste", re.I)
NEWCOMER = re.compile(
    # the asker is new ("jeg er ny medhjælper"), not a question about new staff ("en ny medarbejders mentor")
    r"\b(?:jeg\s+er|er\s+jeg|som)\s+(?:en\s+|lige\s+|helt\s+)?ny\s+(?:i\s+jobbet|medarbejder|medhjælper|"
    r"pædagogmedhjælper|ansat|på\s+arbejdet)\b|\bsom\s+ny\b|"
    r"\bvigtigste\s+(?:jeg|man)\s+skal\s+vide\b|\bførste\s+(?:uge|dag|tid)\b|\bjeg\s+er\s+(?:lige\s+)?startet\b|\bnyansat\b",
    re.I,
)

FOLLOW_UP_OPENERS = re.compile(
    r"^(?:og|men|hvad\s+med|hvordan\s+med|hvad\s+så|hvad\s+hvis|gælder\s+det|også|hvad\s+mener|hvad\s+siger|"
    r"hvad\s+synes|kan\s+du\s+uddybe|uddyb|fortæl\s+mere|mere\s+om|giv\s+(?:mig\s+)?et\s+eksempel|"
    r"hvorfor\s+er\s+det|hvorfor\s+det|hvordan\s+det|hvordan\s+gør\s+(?:vi|man|de)\s+det|er\s+det)\b",
    re.I,
)
BACK_REFERENCES = frozenset("det den de dem dette disse deres dets sådan samme også der".split())
# Words that point back for certain ("sådan et forløb", "det samme"); "de"/"den" are mostly articles.
STRONG_BACK_REFERENCES = frozenset("det dette disse dem deres dets sådan sådant sådanne samme".split())
ELABORATE = re.compile(r"\buddyb\w*|\bmere\s+om\b|\bfortæl\s+mere\b|\bflere\b|\bandre\s+steder\b|\bandet\b", re.I)
SHORT_FOLLOW_UP_WORDS = 7
FUZZY_MIN = 6
FREQUENT = 50  # a short word's typo is corrected only to one of the corpus's most used words


@dataclass(frozen=True)
class Question:
    """A question as understood: its kind, topic words (corrected to the corpus's spelling) and term."""

    text: str
    kind: Kind
    topic: list[str] = field(default_factory=list)
    """Content words in the corpus's spelling, question words removed."""
    term: str = ""
    """For definitions: the term asked about."""
    follow_up: bool = False
    """Leans on the previous turn ("Og KL?", "Kan du uddybe det?")."""
    elaborate: bool = False
    """Asks for more than was already quoted ("uddyb", "giv et eksempel")."""
    meeting: bool = False
    """A task request about a staff meeting or a reading list."""
    focus: tuple[str, ...] = ()
    """In a follow-up: the turn's own topic words; the words carried over from earlier turns are context."""
    spelled: str = ""
    """The question with its words in the corpus's spelling (`Speller.spell`): what a number is matched against."""

    @property
    def wording(self) -> str:
        """The question as typed, in the corpus's spelling: "hvor mange born" counts "børn"."""
        return self.spelled or self.text

    def query(self) -> str:
        return " ".join(self.topic) or self.text


class Speller:
    """Resolves a question's words against the corpus vocabulary: æøå, typos and compounds."""

    def __init__(self, vocabulary: dict[str, int], pairs: frozenset[tuple[str, str]] = frozenset()):
        from assistant.text.lexical import _stemmer

        self.vocabulary = vocabulary
        self.pairs = pairs  # adjacent words of the corpus: "små grupper" is how it writes "smågrupper"
        self._frequent = sorted((w for w, n in vocabulary.items() if n >= FREQUENT and 4 <= len(w) < FUZZY_MIN),
                                key=lambda w: -vocabulary[w])
        self._long = [w for w, n in vocabulary.items() if len(w) >= 4]
        self._stem = _stemmer().stemWord
        self._stems = {self._stem(w) for w in vocabulary}
        # a word's spelling is looked up once: `understand` spells each question's words twice (topic and wording)
        self._word = lru_cache(maxsize=1 << 14)(self._word)
        self._ascii: dict[str, str] = {}  # "laeringsmiljo", "born", "goere": typed without æøå
        for w, _ in sorted(vocabulary.items(), key=lambda item: -item[1]):
            self._ascii.setdefault(ascii_key(w), w)

    def _stems_known(self, word: str) -> bool:
        """Another form of a word the corpus uses ("reglerne" for "regler") is no typo."""
        return self._stem(word) in self._stems

    def spell(self, text: str) -> str:
        """The text with each word in the corpus's spelling ("hvor mange born pr voksen" → "… børn …"), compounds
        left as typed: what a number asked for is matched against."""
        def word(m: re.Match[str]) -> str:
            typed = m.group(0)
            spelled = self._word(typed.lower())
            return typed if spelled == typed.lower() else spelled
        return re.sub(TOKEN.pattern, word, text, flags=re.I)

    def correct(self, words: list[str]) -> list[str]:
        joined = self._join_compounds(words)
        return [part for w in joined for part in self._split(w) or [self._word(w)]]

    def _split(self, word: str) -> list[str]:
        """"smågrupper" → "små", "grupper": a word the corpus never writes whole, typed for two it writes side by side."""
        if word in self.vocabulary or self._stems_known(word) or len(word) < 6:
            return []
        for i in range(3, len(word) - 2):
            if (word[:i], word[i:]) in self.pairs:
                return [word[:i], word[i:]]
        return []

    def _join_compounds(self, words: list[str]) -> list[str]:
        """"forældre samarbejde" → "forældresamarbejde" when the corpus writes it as one word."""
        out: list[str] = []
        i = 0
        while i < len(words):
            if i + 1 < len(words):
                for joint in ("", "s", "e"):
                    whole = words[i] + joint + words[i + 1]
                    # the corpus may use another form of the whole: "børne perspektivet" ~ "børneperspektiver"
                    known = whole in self.vocabulary or len(words[i + 1]) >= 4 and self._stems_known(whole)
                    if known and len(words[i]) >= 3:
                        out.append(whole)
                        i += 2
                        break
                else:
                    out.append(words[i])
                    i += 1
                continue
            out.append(words[i])
            i += 1
        return out

    def _adjective(self, word: str) -> str | None:
        """The adjective of a noun the corpus uses only as its adjective: "matematik" (-ik) → "matematisk",
        "psykologi" (-i) → "psykologisk"."""
        for noun, adjective in (("ikken", "isk"), ("ik", "isk"), ("ien", "isk"), ("i", "isk")):
            stem = word[: -len(noun)]
            if word.endswith(noun) and len(stem) >= 4 and self._stems_known(stem + adjective):
                return stem + adjective
        return None

    def _word(self, word: str) -> str:
        if word in self.vocabulary or word in STOPWORDS or word in QUESTION_WORDS:
            return word  # "over" is a word as typed, not "øver" typed without æøå
        ascii_fixed = word.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")
        if ascii_fixed != word and (ascii_fixed in STOPWORDS or ascii_fixed in QUESTION_WORDS):
            return ascii_fixed  # "ogsaa", "vaere", "paa": a small word typed without æøå, no topic
        if len(word) < 4 or word.isdigit() or self._stems_known(word):
            return word
        if ascii_fixed in self.vocabulary or ascii_fixed != word and self._stems_known(ascii_fixed):
            return ascii_fixed  # "sygefravaer": the corpus writes another form ("sygefraværet")
        if not re.search("[æøå]", word) and ascii_key(word) in self._ascii:
            return self._ascii[ascii_key(word)]
        for joined in JOINED_FUNCTION_WORDS:  # "igang", "derhjemme": a small word typed onto the corpus's word
            rest = word[len(joined):]
            if word.startswith(joined) and len(rest) >= 3 and rest in self.vocabulary:
                return rest
        if adjective := self._adjective(word):  # "matematik": the corpus writes "matematiske kompetencer"
            return adjective
        if ordinary_danish(word):  # a real word the corpus happens not to use ("morgen" is no typo of "morten")
            return word
        if len(word) < FUZZY_MIN:  # a short typo of a question word ("sigr" for "siger") asks, it names no topic;
            # else of one of the corpus's most frequent words, typed without æøå too ("borm" for "børn")
            asking = next((w for w in ASKING_WORDS if _distance_ok(word, w, 1)), None)
            return asking or next((w for w in self._frequent if _distance_ok(ascii_key(word), ascii_key(w), 1)), word)
        limit = 1 if len(word) < 9 else 2
        found = process.extractOne(
            word, self._long, scorer=fuzz.ratio, score_cutoff=100 * (1 - (limit + 0.5) / max(len(word), 1))
        )
        if found and _distance_ok(word, found[0], limit):
            return found[0]
        return word


JOINED_FUNCTION_WORDS = ("der", "i")
# question words long enough that a typo of them is recognisable
ASKING_WORDS = sorted(w for w in QUESTION_WORDS | STOPWORDS if len(w) >= 4)


def ascii_key(word: str) -> str:
    """A word as typed on a keyboard without æøå, whichever way: æ as ae, ø as o or oe, å as a or aa."""
    return word.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("oe", "o").replace("aa", "a")


ORDINARY_ZIPF = 3.0  # wordfreq frequency (about once per million words) above which a word is no typo


def ordinary_danish(word: str) -> bool:
    return zipf(word) >= ORDINARY_ZIPF


def _distance_ok(a: str, b: str, limit: int) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) <= limit and a[:1] == b[:1]


def content_words(text: str) -> list[str]:
    return [w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS and w not in QUESTION_WORDS and len(w) > 1]


@dataclass(frozen=True)
class AgeGroup:
    """Children of an age, named in everyday words ("Hvad med de helt små?", "de ældste"): one topic word,
    `word`, that a passage holds when it names the age in any of the documents' ways."""

    word: str
    asked: re.Pattern[str]
    """How a question names the age: an adjective standing for the children ("de mindste"), or a noun."""
    mentioned: re.Pattern[str]
    """How a passage names it: "de yngste børns", "vuggestuen", "0-2 år", not "de små tegn"."""
    search: str
    """The words searched for it."""


# "de små" stands for the children when no noun follows it ("de små tegn" are signs): at the end, before a
# preposition or conjunction, or before "børn"
_STANDS_ALONE = r"(?:\s+børn(?:s|ene|enes)?\b|(?=\s*(?:[?.!,;:)]|$)|\s+(?:i|og|eller|på|hos|under|med|når|der|som|til|af|fra|ift)\b))"
AGE_GROUPS = (
    AgeGroup(
        "småbørn",
        re.compile(rf"\bde\s+(?:helt\s+|aller\s*)?(?:små|mindste|yngste|allermindste|alleryngste){_STANDS_ALONE}|"
                   r"\b(?:småbørn\w*|vuggestuebørn\w*|spædbørn\w*|babyer|[0-2]\s*-\s*[1-3][\s-]*årige)\b", re.I),
        re.compile(r"\bde\s+(?:helt\s+)?(?:mindste|yngste)\b|\b(?:små|mindste|yngste)\s+børn(?:s|ene|enes)?\b|"
                   r"\b(?:mindste|yngste)\s+(?:alders|børne)?gruppe\w*|"
                   rf"\bde\s+(?:helt\s+)?små{_STANDS_ALONE}|\bsmåbørn\w*|\bvuggestue\w*|\b[0-2]\s*-\s*[1-3][\s-]*år\w*|"
                   r"\bspædbørn\w*|\bbabyer\b", re.I),
        "små børn yngste mindste vuggestue",
    ),
    AgeGroup(
        "børnehavebørn",
        re.compile(rf"\bde\s+(?:helt\s+)?(?:store|største|ældste){_STANDS_ALONE}|"
                   r"\b(?:børnehavebørn\w*|skolestartere|kommende\s+skolebørn|førskolebørn\w*|[3-6]\s*-\s*[56][\s-]*årige)\b", re.I),
        re.compile(r"\bde\s+(?:to\s+|tre\s+)?(?:ældste|største)\b|\b(?:større|ældste|store)\s+børn(?:s|ene|enes)?\b|\bbørnehave\w*|"
                   r"\b(?:ældste|største)\s+(?:alders|børne)?gruppe\w*|"
                   r"\bskolestart\w*|\bkommende\s+skolebørn|\b3\s*-\s*[56][\s-]*år\w*|\bførskole\w*", re.I),
        "ældste større børn børnehave skolestart",
    ),
)
AGE_WORDS = {g.word: g for g in AGE_GROUPS}


def ages_asked(text: str) -> tuple[str, list[str]]:
    """The text without the ages it names, and the age groups' words: "Hvad med de helt små?" asks about
    small children, not about the word "små"."""
    found = []
    for group in AGE_GROUPS:
        text, n = group.asked.subn(" ", text)
        if n:
            found.append(group.word)
    return text, found


# how what was just said looks in practice: "Hvad betyder det i praksis?", "Hvordan ser det ud i hverdagen?"
IN_PRACTICE = re.compile(r"\b(?:i\s+praksis|i\s+hverdagen|helt\s+konkret)\s*\??$", re.I)


# "hvor stor en del af", "hvor lang tid": what kind of number is asked, not a topic
SHARE_ASKED = re.compile(r"\bhvor\s+stor(?:e)?\s+(?:en\s+)?(?:andel|del)\b|\bhvor\s+lang\s+tid\b", re.I)
# "Hvilke former for kvalitet …?", "hvilke typer af forløb": the kinds asked for are the list, not its topic
KINDS_OF = re.compile(r"\b(?:former|typer|slags|arter)\s+(?:for|af)\b|\bslags\b", re.I)
# "Hvad går det udvidede forældresamarbejde ud på?": "går … ud på" asks what it is, it names no topic
GOES_ABOUT = re.compile(r"\b(?:går|gik)\b(?=[^?.]*\bud\s+på\b)|\bud\s+på\b(?=\s*\??$)", re.I)
# "Hvordan griber vi det an med dem?" asks how to approach it: "griber … an" names no topic either
# "Hvorfor lægger KL så meget vægt på …?": to stress something, not weight
EMPHASIS = re.compile(r"\b(?:lægger|lægge|lagde|lagt|lægges)\s+(?:\w+\s+){0,5}?(?:(?:så\s+)?(?:meget|stor|særlig|mere|mindre)\s+)?vægt\s+på\b", re.I)
APPROACH = re.compile(r"\b(?:griber|gribe|grib|greb)\b(?P<between>(?:\s+\w+){0,3}?)\s+an\b", re.I)
# everyday words for what the documents name otherwise: "mine 4 unger" are children
EVERYDAY = {"unger": "børn", "ungerne": "børnene", "ungers": "børns", "ungernes": "børnenes"}
# "hvor stort var Fremtidens Dagtilbud?" asks the scale of a project: the number is asked, "stort" is no topic
# ("En stor tak …"); "hvor stor er forskellen …?" keeps its word ("… store forskelle …")
HOW_BIG = re.compile(r"\bhvor\s+stort\b|\bhvor\s+langt\b(?=\s+(?:er|var)\s+(?:det|vi|de)\s+fra\b)", re.I)  # "hvor langt er vi fra …"
# "hvordan skal vi egentlig se på sådan et barn?" asks for a view: "se på" is how it is asked, not a topic
LOOK_AT = re.compile(r"\b(?:skal|kan|bør|ska)\s+(?:vi|man|jeg|i)\s+(?:egentlig\s+)?(?:se|kigge)\s+på\b", re.I)
# phrases of speech that say how something is asked: "er KL på samme linje?" (whether they agree), "ærligt talt"
# ("tålt": as the speller reads it), "giver det mening …?", "et par stykker", "på en gang", "et par eksempler"
SPOKEN_PHRASES = re.compile(
    r"\bet\s+par\s+stykker\b|\bgiver\s+det\s+(?:nogen\s+)?mening\b|\bpå\s+(?:en|én|een)\s+gang\b|"
    r"\bet\s+par\b(?=\s+(?:eksempl|ting|ideer|idéer|gode|konkrete|forslag|råd|spørgsmål)\w*)|"
    r"\bpå\s+samme\s+linje\b|\bærligt\s+t[aå]lt\b", re.I)
# "i dag", "i dag og i morgen": when, not what about ("hvor meget betaler forældrene i dag")
# (not "i dag plejen": a compound typed apart)
TODAY = re.compile(r"\bi\s+dag\b(?=\s*(?:[,.?!;:]|$|(?:og|men|eller|i|er|har|hvor|hvad|hvis|når|der|som|at)\b))", re.I)


# "struktur-, proces- og resultatkvalitet": first parts that share the last compound's second part
SUSPENDED = re.compile(r"\b((?:[a-zæøå]+-,?\s+)+)(og|eller)\s+([a-zæøå]{6,})\b", re.I)
SUSPENDED_PART = re.compile(r"([a-zæøå]+)-", re.I)
MIN_PART = 4  # the shared second part's shortest length (a first part may be one shorter: "ude-")


def written_out(text: str) -> str:
    """Compounds that share their second part written out in full: "struktur-, proces- og resultatkvalitet" is
    "strukturkvalitet, proceskvalitet og resultatkvalitet"."""
    def repl(m: re.Match[str]) -> str:
        last = m.group(3)
        tail = next((last[k:] for k in range(MIN_PART - 1, len(last) - MIN_PART + 1)
                     if ordinary_danish(last[k:].lower()) and ordinary_danish(last[:k].lower())), "")
        if not tail:
            return m.group(0)
        firsts = [p + tail for p in SUSPENDED_PART.findall(m.group(1))]
        return f"{', '.join(firsts)} {m.group(2)} {last}"
    return SUSPENDED.sub(repl, text) if "-" in text else text


def _without_asking(text: str) -> str:
    """The text without the phrases that say how something is asked, not about what: "hvor stor en del af",
    "former for", "går … ud på", "griber … an"."""
    for pattern in (SHARE_ASKED, KINDS_OF, GOES_ABOUT, EMPHASIS, TODAY, SPOKEN_PHRASES, HOW_BIG, LOOK_AT):
        text = pattern.sub(" ", text)
    return APPROACH.sub(r"\g<between>", text)


def understand(text: str, speller: Speller | None = None) -> Question:
    """The kind of a question and its topic words."""
    typed_text = " ".join(text.split()).strip()
    # read in the corpus's spelling: "hvad gaar … ud paa" asks what something is, as "hvad går … ud på" does
    clean = speller.spell(typed_text) if speller is not None else typed_text
    clean = written_out(clean)
    rest, ages = ages_asked(_without_asking(clean))
    typed = TOKEN.findall(clean.lower())
    in_practice = bool(IN_PRACTICE.search(clean)) and len(typed) <= SHORT_FOLLOW_UP_WORDS and bool(
        {"det", "dette", "disse"} & set(typed))
    if in_practice:  # "Hvad betyder det i praksis?" asks for the practice of what was said: no topic "praksis"
        rest = IN_PRACTICE.sub(" ", rest)
    words = [EVERYDAY.get(w, w) for w in content_words(rest)]
    if speller is not None:
        words = [w for w in speller.correct(words) if w not in QUESTION_WORDS and w not in STOPWORDS]
    words += ages
    kind, term = ("example", "") if in_practice else _kind(clean)
    if term:
        term_words = content_words(term)
        term = " ".join(speller.correct(term_words) if speller else term_words) or term
    follow_up = bool(FOLLOW_UP_OPENERS.match(clean)) or (
        len(TOKEN.findall(clean.lower())) <= SHORT_FOLLOW_UP_WORDS
        and any(t in BACK_REFERENCES for t in TOKEN.findall(clean.lower()))
    )
    elaborate = bool(ELABORATE.search(clean)) or kind == "example"
    meeting = kind == "task" and bool(MEETING.search(clean))
    focus: tuple[str, ...] = ()
    asking = asking_sentence(clean)
    if asking:  # context first, then the question: the question's own words lead, the context's count half
        asking_rest, asking_ages = ages_asked(asking)
        own = [EVERYDAY.get(w, w) for w in content_words(asking_rest)]
        own = (speller.correct(own) if speller is not None else own) + asking_ages
        own = tuple(w for w in dict.fromkeys(own) if w in words)
        if len(own) >= 2:  # "Hvad gør vi?" names no topic: then the context is what it asks about
            focus = own
        if kind == "number" and not NUMBER.search(asking):  # "… hvor mange af forældrene sjældent kommer …"
            kind, term = _kind(asking)  # told in the context, it is no number asked for
        elif kind == "general" and (asked := _kind(asking))[0] not in ("number", "howto"):
            # "Jeg er leder … . Hvad er vigtigst, når …?": the asking sentence says what is asked; not a how after a
            # situation ("… Hvordan skal jeg forstå ham?"), which asks for the documents' view more than for steps
            kind, term = asked
    elif (first := _sentences(clean)[0]) != clean and (defined := _kind(first))[0] == "definition":
        # "hvad betyder spejling? min kollega sagde …": the question first, then why it is asked; the term is
        # what is searched and judged, the story around it is no topic
        term_words = content_words(defined[1])
        kind, term = defined[0], " ".join(term_words)
        words = [w for w in words if w in term_words] or words
    if kind == "important":  # "legens betydning" asks about play; that it matters is what is asked
        words = [w for w in words if not w.startswith("betydning")] or words
    return Question(typed_text, kind, list(dict.fromkeys(words)), term, follow_up, elaborate, meeting, focus, clean)


# a sentence ends at . ! ? but not after an abbreviation ("pr. barn", "fx. i dagplejen", "bl.a. at"); typed
# questions need not capitalise the next sentence, so the corpus's splitter (`split_sentences`) is not used
TYPED_ABBREVIATIONS = ABBREVIATIONS + ("pr", "kl", "ift", "ifht")


def _ends_in_abbreviation(part: str) -> bool:
    last = part.rsplit(None, 1)[-1] if part.strip() else ""
    return last.endswith(".") and last.rstrip(".").lstrip("([\"“'").lower() in TYPED_ABBREVIATIONS


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+", text):
        if parts and _ends_in_abbreviation(parts[-1]):
            parts[-1] += " " + part
        elif part.strip():
            parts.append(part)
    return parts


def asking_sentence(text: str) -> str:
    """In a question told with its context ("Jeg er leder. … Hvad siger strategien om, hvor meget vi skal
    informere?"), the sentence that asks, when it is the last and the context before it is at least a
    sentence; else ""."""
    parts = _sentences(text)
    if len(parts) < 2 or not parts[-1].rstrip().endswith("?") or len(content_words(parts[-1])) < 1:
        return ""
    return parts[-1]


# "Hvornår fungerer netværk godt?", "Hvornår er kvaliteten utilstrækkelig?": a judgement asks for the conditions
WHEN_CONDITION = re.compile(
    r"\b(?:godt|bedst|dårligt|værst|god|dårlig|vellykke\w*|tilstrækkelig\w*|utilstrækkelig\w*|nødvendig\w*|"
    r"relevant\w*|svært|problem\w*|bekymr\w*|kritisk\w*|rigtig\w*|forkert\w*)\b",
    re.I,
)


# "Er det rigtigt, at der er stor forskel på, hvor mange ord børnene kan?": a claim to check, not a number asked
VERIFYING = re.compile(r"^(?:er\s+det\s+(?:rigtigt?|sandt|korrekt)|passer\s+det|stemmer\s+det)\s*,?\s+at\b", re.I)


def _embedded_when(text: str) -> bool:
    """"Hvordan finder vi ud af, hvornår …": the "hvornår" is part of what is asked about, not the question;
    "Hvornår fungerer det godt?" asks for conditions, not a time; only a question that asks for nothing but
    the time is a number question."""
    asked = [m.lower() for m in NUMBER.findall(text)]
    if asked != ["hvornår"]:
        return False
    words = TOKEN.findall(text.lower())
    if len(words) <= 3 and words[0] != "hvornår":
        return True  # "underretning hvornår?": a subject typed tersely asks in which situations, not for a date
    if re.search(r"\bhvornår\b.*\b(?:på|i\s+løbet\s+af)\s+(?:dagen|ugen|året)\b", text, re.I):
        return True  # a time of day ("lige før og lige efter frokost"), not a date
    if re.search(r"\bhvornår\s+(?:skal|bør|må|kan)\s+(?:man|vi|jeg|I|de|personalet)\b", text, re.I):
        return True  # "Hvornår skal man underrette?" asks in which situations, not on which date
    return bool(re.match(r"^(?:og\s+)?(?:hvordan|hvad|hvorfor|hvilke)\b", text, re.I) or WHEN_CONDITION.search(text))


# "Hvad får man i løn …?", "Hvad tjener en pædagogmedhjælper?": an amount of money is asked
PAY = re.compile(r"\b(?:hvad|hvor\s+meget)\s+(?:tjener|får)\b[^?]*?\bløn\w*|\b(?:hvad|hvor\s+meget)\s+tjener\b", re.I)


def _kind(text: str) -> tuple[Kind, str]:
    if TASK.search(text):
        return "task", ""
    if PAY.search(text):  # also from a newcomer: "… i løn som ny pædagogmedhjælper?"
        return "number", ""
    if NEWCOMER.search(text):
        return "newcomer", ""
    if re.match(r"^hvad\s+er\s+de\s+\w+", text, re.I) and LIST.search(text) or COUNTED_LIST.match(text):
        return "list", ""
    if IMPORTANT.search(text) and not NUMBER.search(text):
        return "important", ""
    if m := DEFINITION.match(text):
        term = next((g for g in m.group("term", "term2", "term3", "term4") if g), "").strip()
        term = TERM_SETTING.sub("", term)  # "strukturkvalitet i et dagtilbud": the term, not its setting
        term = CALLED.sub("", term)  # "det der hedder intentionstrængsel": the term is what it is called
        # not "Hvad er det, som …?" nor "Hvad betyder det for børnene, når …?" (what follows from it, not a term)
        if len(term.split()) <= 4 and not NUMBER.search(text) and content_words(term) and not PREPOSITION_FIRST.match(term):
            return "definition", term
    if NUMBER.search(text) and not _embedded_when(text) and not VERIFYING.match(text):
        return "number", ""
    if COMPARISON.search(text) and not MATTERS.search(text):
        return "comparison", ""
    if LIST.search(text):
        return "list", ""
    if WHY.search(text):
        return "why", ""
    if OUTCOME.search(text):
        return "outcome", ""
    # "Hvordan kan lederen konkret komme tættere på …?" asks how; "Giv et konkret eksempel" asks for an example
    # "Hvad gjorde de konkret?" asks what was done, told in the documents' words, not for an example box
    if EXAMPLE.search(text) and (EXPLICIT_EXAMPLE.search(text) or not (HOWTO.search(text) or DID.search(text))):
        return "example", ""
    if HOWTO.search(text):
        return "howto", ""
    return "general", ""
