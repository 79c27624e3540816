"""The offline answer: the span of the documents that answers a question, first, then at most two
supporting spans, each quoted verbatim and cited; or an honest "nearest" or "not covered"."""

from __future__ import annotations

import bisect
import itertools
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Callable

import numpy as np

from assistant.answer.compose import compose_answer, refusal
from assistant.answer.gate import NUMBER_TOPIC, Gate, Strength
from assistant.answer.question import (
    AGE_WORDS, QUESTION_WORDS, WHY, AgeGroup, Question, Speller, asking_sentence, ordinary_danish, understand,
)
from assistant.answer.span import (
    BULLET_START, LIST_LEAD, SIGNATURE, Sentence, Span, extend_adjacent, is_byline, is_statement, next_in_paragraph, paragraph_leads,
    quoted_person, sentences_of, start_of_sentences_before, widen, with_development,
)
from assistant.answer.cues import (
    Counted, announced, answers_number, answers_part, asked_parts, counted, counted_by, defines, gives_kind, kind_bonus,
    names_term,
)
from assistant.models import Answer, Citation, Hit
from assistant.search.retrieval import Searcher, named_document, typed_apart
from assistant.text.frequency import zipf
from assistant.text.lexical import STOPWORDS, TOKEN, Decompounder, Tokenizer, _stemmer, plain, words
from assistant.text.sentences import split_sentences

__all__ = ["Answerer", "Evidence", "is_statement", "suggestions"]

RETRIEVE_K = 20  # chunks searched; their sentences compete for the answer
DENSE_EXTRA = 5  # the dense side's best chunks compete too when the fusion leaves them out ("en dreng der slår")
SCORED_HITS = RETRIEVE_K + DENSE_EXTRA  # chunks whose sentences are scored: all that are retrieved
LEXICAL_WEIGHT = 0.1
SENTENCE_SHARE = 0.6  # a sentence's own cosine against its window's
RANK_WEIGHT = 0.035
OTHER_DOC_MARGIN = 0.04  # closer for a document the question did not ask for: matched on a word, it is padding
ADJACENT_MARGIN = 0.08
CONTINUED_LEADS = 10  # the top sentences whose list, run on into the next chunk, is ranked with them
SUPPORT_ADJACENT = 0.0  # a support takes only a neighbour that scores as well as it: the lead carries the context
MAX_SUPPORT = 2
NEAREST_SAME_CHUNK = 1  # a "nearest" answer quotes one other chunk, and may quote a second passage of a quoted one
SUPPORT_LEXICAL = 0.45
CONTINUATION_BONUS = 0.03  # a follow-up's passage right after one already quoted: the text goes on with it
SUPPORT_MARGIN = 0.06  # how far below the lead a supporting span may score (0.08 until round t: padding)
REPEAT_PENALTY = SUPPORT_MARGIN  # a passage quoted before is quoted again only when it wins by that much
FOLLOW_CHARS = 400  # about two sentences
DUPLICATE_OVERLAP = 0.6
REPEATED_SENTENCE = 0.5  # Dice overlap of two sentences' word stems: one restates the other
MIN_REPEATED_WORDS = 6
LIST_CONTEXT = 400  # characters after a list lead that count as its content
PREFIX_CHARS = 6  # shortest stem that may match a longer word by prefix
BEYOND_WORDS = 14  # longer questions tell a situation in everyday words the documents need not use
BEYOND_HELD = 0.67  # share of a question's other words (two in three) a lead must hold for a subject the corpus never names
INFLECTED_CHARS = 5  # shortest corpus stem that another form of the word may extend by up to two letters
FOCUS_WEIGHT = 0.05  # a sentence using a follow-up's own word
SECTION_BONUS = 0.02  # a sentence in the section whose heading is the topic (0.01-0.05 measured alike; +1 key quote)
SECTION_TITLE_WORDS = 5  # a heading that names a topic, not a sentence run into a heading
SETTING_WEIGHT = 0.5  # +1 key quote on the own set, no figure lower
# where something happens, said as a place or time of the everyday: a setting, not the topic
SETTING_PHRASE = re.compile(r"\b(?:(?:i|på|ude\s+på|inde\s+på)\s+"
                            r"(hverdagen|dagligdagen|stuen|stuerne|legepladsen|institutionen|huset|arbejdspladsen)|"
                            r"i\s+løbet\s+af\s+(dagen|ugen|året))\b", re.I)
EVERYDAY_ZIPF = 4.5  # "oppe", "køre", "pige", "morgen"; not "brandøvelse", "hjertestarter", "kvadratmeter", "tolk"
COMPOUND_HEAD_CHARS = 4  # shortest first part and rest of a compound matched by its first part
# endings that derive a word from the stem, not a compound's second word ("bekymr-ing", "natur-lig", "fag-lighed")
DERIVING = ("ing", "ning", "lig", "else", "hed", "isk", "skab", "dom", "som", "bar", "ende", "ere", "ede")
PUBLICATION_WORDS = "udspil udspillet rapport rapporten papir papiret publikation publikationen hæfte hæftet opsamling " \
    "opsamlingen dokument dokumentet materiale materialet notat notatet pjece pjecen"
OTHER_MUNICIPALITY = -0.2  # a sentence on another municipality's project than the one asked about: off the subject
OFF_SUBJECT = -0.05  # a sentence on the age a follow-up asks about that holds little of the conversation's subject
SUBJECT_HELD = 0.25  # of the carried words, IDF-weighted
Quoted = frozenset[tuple[str, int, int, str]]  # passages already quoted: chunk id, start and end in the document, text
NAME_JOINERS = ("fra", "s")  # "praksiskataloget fra Fremtidens Dagtilbud", "FOA's opsamling"
WHO = re.compile(r"\bhvem\b", re.I)
INSTITUTION_AGES = (("vuggestue", "småbørn"), ("børnehave", "børnehavebørn"))
SOURCE_NAMED = re.compile(r"\bifølge\s+(?:den\s+|det\s+|de\s+)?(?P<source>[\wæøå-]{3,})", re.I)
CARRIED_WEIGHT = 0.5  # a follow-up's words carried from earlier turns count half: the turn's own words lead

MEASURE = re.compile(r"procent|andel(?:en)?|timer?s?|timen|minut(?:ter)?|kroner|millioner|kvadratmeter|uger?s?|ugen|"
                     r"dage[ns]?|måned(?:er|en|ers)?|gange|årige|året|år|pct", re.I)
# the words the documents state an outcome in: "Virkede det?" has no words of its own to search
KIND_SEARCH = {"outcome": "effekter resultater"}
QUOTED_LEAD = 0.001  # a sentence that says, word for word, what the question quotes leads by this much
# a phrase put in quotes, of three words or more: "svarer altid 'sådan har vi altid gjort'"
QUOTED_PHRASE = re.compile(r"(?:^|(?<=[\s(]))[\"'“”‘’„»«]([^\"“”‘’„»«?!]{6,80}?)[\"'“”‘’„»«](?=[\s,.?!:;)]|$)")
NUMBER_CONTEXT = 2  # sentences before a number, in its paragraph, that may name what it counts
KIND_REACH = 0.1  # how far below the best sentence an example or a reason may score and still lead what asks for it
PERCENT_SIGN = re.compile(r"(?<=\d)\s?(?:%|pct\.?(?!\w))")  # "65%", "75 pct." hold the word "procent" asked for


@dataclass(frozen=True)
class Term:
    """A content word of a question."""

    word: str
    stem: str
    parts: tuple[str, ...]
    weight: float
    carried: bool = False
    """Carried over from an earlier turn of the conversation: context for the turn's own words."""
    age: AgeGroup | None = None
    """An age group ("de mindste"): held by a passage that names the age in any of the documents' ways."""

    @property
    def searched(self) -> str:
        return self.age.search if self.age else self.word


@dataclass(frozen=True)
class Evidence:
    """Scored sentences of the hits, best first, and how well they cover the question."""

    query: str
    question: Question
    hits: list[Hit]
    sentences: list[Sentence]
    strength: Strength
    coverage: str
    docs: frozenset[str] = field(default_factory=frozenset)
    own: tuple[Term, ...] = ()
    """In a follow-up, the turn's own words (`_own_terms`): what its answer must be about."""
    continued: dict[str, Hit] = field(default_factory=dict)
    """A list whose lead ends a chunk runs on in the next: that chunk, by the id of the chunk that leads it."""

    @property
    def covered(self) -> bool:
        return self.coverage != "not_covered"

    @property
    def ranked(self) -> list[Hit]:
        """The retrieved chunks in the order of their best sentence, then the rest in search order: the chunk
        that holds the answering sentence first (sentence scoring across the top chunks), as the offline
        answer quotes them and the model is shown them."""
        by_id: dict[str, Hit] = {}
        for hit in [s.hit for s in self.sentences] + list(self.hits):
            by_id.setdefault(hit.chunk.id, hit)
            if (items := self.continued.get(hit.chunk.id)) is not None:
                by_id.setdefault(items.chunk.id, items)  # the items, right after the sentence that leads them
        return list(by_id.values())


class _Tokenizer(Tokenizer):
    """Stems as the index does, with a strong verb's past read as the verb: "deltog" as "deltage"."""

    def __call__(self, text: str) -> list[str]:
        return [_present(s) for s in super().__call__(text)]

    def stem(self, word: str) -> str:
        return _present(_stemmer().stemWord(word))


# The stems the stemmer leaves on the past forms of strong verbs, and the stem of the verb: "deltog", "bidrog",
# "opstod", "tilrettelagt" are "deltage", "bidrage", "opstå", "tilrettelægge"
STRONG_PAST = {"tog": "tag", "drog": "drag", "gik": "gå", "går": "gå", "gået": "gå", "fik": "få", "får": "få",
               "fået": "få", "blev": "bliv", "stod": "stå", "står": "stå", "gav": "giv", "lagd": "læg", "lagt": "læg", "lag": "læg",
               "sat": "sæt", "fand": "find", "fund": "find", "skrev": "skriv", "bød": "byd", "sagd": "sig",
               "fulg": "følg", "valgt": "vælg", "hjalp": "hjælp"}
MIN_WEAK_STEM = 4  # "leged" stays: three letters left ("leg") could be many words
# a strong verb's past with a particle or prefix before it is the same verb: "del|tog", "tilrette|lagt"
VERB_PREFIXES = ("", "an", "af", "be", "bi", "del", "efter", "for", "fore", "frem", "fra", "gennem", "igang", "ind",
                 "med", "mod", "ned", "om", "op", "over", "plan", "på", "sammen", "til", "tilrette", "ud", "under")


@lru_cache(maxsize=1 << 16)
def _present(stem: str) -> str:
    for past, verb in STRONG_PAST.items():
        if stem.endswith(past) and stem[: -len(past)] in VERB_PREFIXES:
            return stem[: -len(past)] + verb
    # a weak verb's past in -ede keeps "ed" on its stem: "arbejded", "opleved", "styrked"
    return stem[:-2] if stem.endswith("ed") and len(stem) - 2 >= MIN_WEAK_STEM else stem


class Answerer:
    """Understands a question, retrieves chunks, scores their sentences and quotes the best span."""

    def __init__(
        self,
        searcher: Searcher,
        embed_query: Callable[[str], np.ndarray],
        embedder_id: str,
        sentence_vectors: Callable[[list[str]], np.ndarray] | None = None,
        k: int = RETRIEVE_K,
    ):
        self.searcher = searcher
        self.embed_query = embed_query
        self.sentence_vectors = sentence_vectors
        self.k = k
        self.gate = Gate.for_embedder(embedder_id)
        texts = [c.text for c in searcher.chunks.values()]
        tokens = [words(t) for t in texts]
        vocabulary = Counter(w for ws in tokens for w in ws)
        self.tokenize = _Tokenizer(Decompounder(set(vocabulary)))
        # The corpus's sentences recur from question to question: stem each once (a third of answer time).
        self._stems = lru_cache(maxsize=1 << 16)(lambda text: frozenset(self.tokenize(PERCENT_SIGN.sub(' procent', text))))
        self._label_stems = lru_cache(maxsize=256)(self._name_stems)  # asked for every question naming a document
        self._speakers: dict[str, frozenset[str]] = {}  # index generation -> the names signed under quotations
        pairs = frozenset(pair for ws in tokens for pair in zip(ws, ws[1:]))
        self.speller = Speller(dict(vocabulary), pairs)
        self.idf = self._idf(texts)
        self._vocabulary = sorted(self.idf)
        self._places: dict[str, set[str]] = {}  # document id -> the municipalities it names
        for c in searcher.chunks.values():
            self._places.setdefault(c.doc_id, set()).update(m.group(1) for m in NAMED_MUNICIPALITY.finditer(c.text))
        # the municipalities whose projects the documents describe, by stem: "vejle" -> "Vejle"
        self.municipalities = {self.tokenize.stem(name.lower()): name for names in self._places.values() for name in names}

    def _idf(self, texts: list[str]) -> dict[str, float]:
        df = Counter(t for text in texts for t in set(self.tokenize(text)))
        n = len(texts)
        return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    # ------------------------------------------------------------ understanding

    def understand(self, text: str) -> Question:
        return understand(text, self.speller)

    def terms(self, question: Question | str) -> list[Term]:
        """The question's topic words, each with its stem, compound parts and weight; words that name a
        document are a filter, not a topic."""
        q = self.understand(question) if isinstance(question, str) else question
        aliases = self.searcher.aliases
        naming = self.naming_words(q.text)
        if all(self.tokenize.stem(w) in naming or self.tokenize.stem(w) in aliases for w in q.topic):
            # "Hvad gik Fremtidens Dagtilbud ud på?" asks about what the name names; "FOA-rapporten" names FOA's
            # document, whose word for a publication is still no topic
            naming = naming & self._label_stems(PUBLICATION_WORDS)
        focus = {self.tokenize.stem(w) for w in q.focus}
        settings = {(m.group(1) or m.group(2)).lower() for m in SETTING_PHRASE.finditer(q.text)}
        terms = {}
        for word in q.topic:
            # "småbørn": an age group, matched by its own patterns, not by its stem; so are the institutions for an
            # age, as the documents also name them by the age ("vuggestuen" ~ "dagtilbud 0-2 år")
            age = AGE_WORDS.get(word) or next((AGE_WORDS[g] for p, g in INSTITUTION_AGES if word.startswith(p)), None)
            stem = self.tokenize.stem(word)
            if not age and (stem in naming or named_document(stem, aliases)):
                continue
            parts = () if age else tuple(self.tokenize.stem(p) for p in self.tokenize.decompounder.parts(word))
            carried = bool(focus) and stem not in focus
            weight = (self._age_weight(age) if age else self._weight(stem, parts)) * (CARRIED_WEIGHT if carried else 1.0)
            if len(q.topic) > 1 and word.lower() in settings:
                weight *= SETTING_WEIGHT  # "… forældrene med i hverdagen": where it happens, not what it is about
            terms[stem] = Term(word, stem, parts, weight, carried, age)
        return list(terms.values())

    def naming_words(self, text: str) -> set[str]:
        """Stems of the words that, in this question, are part of a document's name: next to a word that names
        one document ("Fremtidens Dagtilbud", "Køge Kommunes strategi", "FOA's opsamling"), the words of that
        document's own title, short name or publisher. "Dagtilbud" is a topic in "Hvad siger KL om dagtilbud?"
        and part of a name in "Hvad skriver Fremtidens Dagtilbud om …?"."""
        aliases = self.searcher.aliases
        tokens = TOKEN.findall(text.lower())
        stems = [self.tokenize.stem(t) for t in tokens]
        named: set[str] = set()
        for a, b in zip(stems, stems[1:]):  # a name typed as two words: "inspirations kataloget"
            if any(named_document(joined, aliases) for joined in typed_apart(a, b)):
                named |= {a, b}
        for i, stem in enumerate(stems):
            doc = aliases.get(stem)
            if doc is None or doc not in self.searcher.documents:
                continue
            named_doc = self.searcher.documents[doc]
            # "KL's udspil", "FOA's rapport", "Køges papir": a word for a publication, beside a document's name,
            # is the document
            own = self._label_stems(f"{named_doc.title} {named_doc.short} {named_doc.publisher}") | self._label_stems(PUBLICATION_WORDS)
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(tokens) and (tokens[j] in NAME_JOINERS or
                                                 tokens[j] not in STOPWORDS and stems[j] in own):
                    if tokens[j] not in NAME_JOINERS:
                        named.add(stems[j])
                    j += step
        return named

    def _name_stems(self, label: str) -> frozenset[str]:
        """Stems of a document's title, short name and publisher, with their compounds' parts."""
        tokens = [t for t in TOKEN.findall(label.lower()) if not t.isdigit()]
        parts = [p for t in tokens for p in self.tokenize.decompounder.parts(t)]
        return frozenset(self.tokenize.stem(t) for t in tokens + parts)

    def _age_weight(self, age: AgeGroup) -> float:
        """An age weighs as the middle of its words does ("vuggestue"): a topic, neither rare nor common."""
        weights = [self.idf[s] for s in {self.tokenize.stem(w) for w in age.search.split()} if s in self.idf]
        return statistics.median(weights) if weights else 1.0

    def _weight(self, stem: str, parts: tuple[str, ...]) -> float:
        if stem in self.idf:
            return self.idf[stem]
        if parts and all(p in self.idf for p in parts):
            return max(self.idf[p] for p in parts)
        return max(self.idf.values(), default=1.0)  # unknown to the corpus: what the question is about

    def known(self, term: Term, whole: bool = False) -> bool:
        """The corpus uses the word: whole, as its compound's parts (unless `whole`), in a form up to two letters shorter, as the
        noun of its verb, or as the first part of a longer word ("rengøring" in "rengøringsstandarden")."""
        if term.age or term.stem in self.idf or not whole and bool(term.parts) and all(p in self.idf for p in term.parts):
            return True
        stem = term.stem
        # another form of a verb the stemmer leaves longer ("undgår", "aflyst" for the corpus's "undgå", "aflys")
        if any(stem[:k] in self.idf for k in range(max(INFLECTED_CHARS, len(stem) - 2), len(stem))):
            return True
        # the noun or the past of a verb the corpus uses ("deling" of "dele", "lavede" of "lave")
        for ending in ("ning", "ing", "ed"):
            if stem.endswith(ending) and len(stem) - len(ending) >= 3 and stem[: -len(ending)] in self.idf:
                return True
        # the verb of a noun the corpus uses only as a compound's last part ("betaler" of "forældrebetaling")
        if stem in self._verbs_of_nouns:
            return True
        return len(stem) >= PREFIX_CHARS and _begins_a_word(stem, self._vocabulary)

    @cached_property
    def _verbs_of_nouns(self) -> frozenset[str]:
        """Every stem (of `INFLECTED_CHARS` letters or more) that some corpus word ends with, followed by -ing or
        -ning: "betal" of "forældrebetaling"."""
        verbs = set()
        for w in self._vocabulary:
            for ending in ("ing", "ning"):
                if w.endswith(ending):
                    base = w[: -len(ending)]
                    verbs.update(base[i:] for i in range(len(base) - INFLECTED_CHARS + 1))
        return frozenset(verbs)

    def lexical(self, terms: list[Term], text: str, partial: bool = False, heads: bool = False) -> float:
        """Share of the question's words (IDF-weighted) the text contains, whole or as compound parts;
        with `partial`, a word sharing a long prefix with one of the text's words counts half; with `heads`, a
        word that is the first part of one of the text's compounds counts whole (`_heads`)."""
        if not terms:
            return 0.0
        found = self._stems(text)
        ordered = sorted(found) if partial or heads else []
        matched = 0.0
        for t in terms:
            if t.age:
                matched += t.weight if t.age.mentioned.search(text) else 0.0
            elif t.stem in found or t.parts and all(p in found for p in t.parts) or heads and self._heads(t.stem, ordered):
                matched += t.weight
            elif partial and (_prefix_match(t.stem, found, ordered) or _verb_noun(t.stem, found)):
                matched += t.weight / 2
        return matched / sum(t.weight for t in terms)

    def _heads(self, stem: str, ordered: list[str]) -> bool:
        """The word is the first part of a compound of the text whose rest the corpus uses as a word: "corona"
        in "coronakrisen" (the decompounder splits only into two words the corpus has on their own)."""
        if len(stem) < COMPOUND_HEAD_CHARS:
            return False
        i = bisect.bisect_right(ordered, stem)
        while i < len(ordered) and ordered[i].startswith(stem):
            rest = ordered[i][len(stem):]
            if len(rest) >= COMPOUND_HEAD_CHARS and not rest.startswith(DERIVING) and \
                    (_a_word(rest) or rest[:1] in "se" and _a_word(rest[1:])):
                return True
            i += 1
        return False

    # ------------------------------------------------------------ evidence

    def evidence(
        self, query: str, question: Question | None = None, docs: set[str] | None = None,
        exclude: Quoted = frozenset(), meaning: str | None = None,
    ) -> Evidence:
        """Score the sentences of the retrieved chunks; decide how well they cover the question.
        `meaning` is the text embedded for the dense side (the question as asked, when standalone)."""
        question = question or self.understand(query)
        terms = self.terms(question)
        docs = docs or self.searcher.mentioned_documents(query) or None
        vector = self.embed_query(meaning or query)
        hits = self.retrieve(query, terms, docs, vector, KIND_SEARCH.get(question.kind, ""))
        # "… svarer altid 'sådan har vi altid gjort' …": the passages that say it word for word are scored too (a
        # document's title in quotes, "ifølge 'Sammen om de bedste rammer'", names the document: no phrase to seek)
        phrases = tuple(p for p in quoted_phrases(question.text) if not self.searcher.mentioned_documents(p))
        if phrases:
            found = {h.chunk.id: h for p in phrases for h in self.searcher.containing(p, docs)}
            rest = [h for h in hits if h.chunk.id not in found]
            room = max(0, SCORED_HITS - len(found))
            hits = rest[:room] + list(found.values()) + rest[room:]
        scored = self._score(hits[:SCORED_HITS], terms, question, vector, phrases)
        # "Hvad mener Pernille Juhl …?": her words, not others' ("Hvem er …?" is answered by her byline)
        if not WHO.search(question.text) and (speaker := self._named_speaker(question.text)):
            scored = [s for s in scored if (_quoting(s) or "").startswith(speaker)] or scored
        strength = self.gate.strength(
            # "corona" is in the passages on "coronakrisen": how well the documents cover the question counts it
            coverage=max((self.lexical(terms, f"{h.chunk.section}\n{h.chunk.text}", heads=True) for h in hits[:5]), default=0.0),
            best_window=max((s.dense for s in scored), default=0.0),
            best_chunk=max((h.dense_score or 0.0 for h in hits), default=0.0),
            unknown=self._unknown_share(terms, question),
        )
        lead = scored[0] if scored else None
        lead_text = lead.text if lead else ""
        if question.kind == "number" and lead and (then := _number_after(lead, question)):
            lead_text += " " + lead.chunk.text[then[0] : then[1]]  # the span takes it too (`spans`)
        coverage = self.gate.coverage(strength, question, lead_text, self._topic_share(lead, terms, question))
        if coverage == "nearest" and strength.value < self.gate.answer and self._beyond(question, terms, lead):
            coverage = "not_covered"
        if question.kind == "number" and coverage == "nearest":
            # the number asked for is not there (or not on the topic): quote what is nearest the topic, not
            # another number, nor another number in the same unit ("37 timer om ugen" of working time, asked for
            # hours of preparation): the topic is matched without the unit and its time frame (`_topic_share`)
            topic = _without_measure(terms) or terms
            def nearest(x: Sentence) -> float:
                on_topic = self.lexical(topic, _with_byline(x.text, x.hit), partial=True)
                return x.score - _bonus(question, x, x.lexical, terms) + LEXICAL_WEIGHT * (on_topic - x.lexical)
            scored.sort(key=lambda x: (-nearest(x), x.rank, x.start))
        if coverage == "answered" and lead and not self._cites_source(question, lead):
            coverage = "nearest"  # "ifølge dagtilbudsloven": Køge's own goal is no answer to what the law says
        if coverage == "answered" and lead and question.kind == "definition" and question.term \
                and not names_term(question.term, f"{lead.chunk.section}\n{lead.text}"):
            coverage = "nearest"  # "Hvad er minimumsnormeringen i Køge?": a passage that never names it defines nothing
        own = _own_terms(terms)
        if exclude:  # "uddyb": judged on all the evidence, answered from what was not quoted yet
            # a follow-up with no topic of its own ("Hvorfor er det vigtigt?", "Er der nogen faldgruber?"): what
            # comes next after a passage already quoted is where the documents go on with it
            goes_on = not question.focus
            kept = []
            for s in scored:
                if _quoted(s, exclude):
                    # quoted again only as a clear winner: for a turn with a subject of its own ("Hvad med de
                    # mindste?") a passage that names it ("… tre børn i dagtilbud 0-2 år"), for a bare "Hvorfor?"
                    # the reason already given rather than no reason
                    if own and self.lexical(own, s.text) == 1.0 or not own and question.kind == "why" and gives_kind(question, s.text):
                        kept.append(replace(s, score=s.score - REPEAT_PENALTY))
                elif goes_on and _follows(s, exclude) and (
                        question.kind not in ("why", "example") or gives_kind(question, s.text, s.chunk.section)):
                    kept.append(replace(s, score=s.score + CONTINUATION_BONUS))
                else:
                    kept.append(s)
            scored = sorted(kept, key=lambda x: (-x.score, x.rank, x.start))
            coverage = "nearest" if coverage == "answered" and not scored else coverage
        # asked for an example, or a bare "Hvorfor?" that has no words of its own but the reason it asks for (not
        # "Hvad siger FOA om det?" after a why: what FOA says on the subject is asked, not its reasons only)
        if question.kind in ("example", "outcome") or question.kind == "why" and question.follow_up and not question.focus \
                and WHY.search(question.text):
            scored = _kind_first(scored, question)
        if own and coverage == "answered" and scored and not self.lexical(own, _with_byline(scored[0].text, scored[0].hit), partial=True):
            coverage = "nearest"  # "Hvad med de mindste?": the answer must be about the turn's own word
        return Evidence(query, question, hits, scored, strength, coverage, frozenset(docs or ()), tuple(own),
                        self._continued(scored))

    def _continued(self, scored: list[Sentence]) -> dict[str, Hit]:
        """The next chunk of each top sentence that leads a list at the end of its chunk (`Evidence.continued`)."""
        continued = {}
        for s in scored[:CONTINUED_LEADS]:
            if LIST_LEAD.search(s.text) and not s.chunk.text[s.end:].strip() and (nxt := self._next_chunk(s.chunk)):
                continued[s.chunk.id] = Hit(chunk=nxt, title=s.hit.title, short=s.hit.short, score=0.0)
        return continued

    def retrieve(
        self, query: str, terms: list[Term] | None = None, docs: set[str] | None = None, vector: np.ndarray | None = None,
        kind_words: str = "",
    ) -> list[Hit]:
        """Hybrid search as the answer uses it: the topic words in the corpus's spelling for BM25 (with the words
        of the kind of answer asked for, `KIND_SEARCH`), the whole question for the dense side, within the
        documents it names."""
        terms = self.terms(query) if terms is None else terms
        docs = docs or self.searcher.mentioned_documents(query) or None
        vector = self.embed_query(query) if vector is None else vector
        text = " ".join([t.searched for t in terms] + ([kind_words] if kind_words else [])) or query
        return self.searcher.search(text, k=self.k, docs=docs, vector=vector, dense_extra=DENSE_EXTRA)

    def _topic_share(self, lead: Sentence | None, terms: list[Term], question: Question) -> float:
        """How much of the question's topic the lead holds; for a number question whose lead gives the number
        with its unit, how much of the topic besides the unit ("65%" answers "hvor mange procent" of what)."""
        if lead is None:
            return 0.0
        text = _with_byline(lead.text, lead.hit)
        if question.kind != "number" or not answers_number(question.wording, lead.text):
            return lead.lexical
        # the unit and its time frame ("timer om ugen") say what kind of number, not what it is about: the share
        # is of the rest ("37 timer om ugen" of working time answers no question about hours of preparation)
        topic = _without_measure(terms)
        # what is counted may be named a sentence or two before, in the paragraph ("… målet er, at medarbejdere
        # overvejende er fagprofessionelle." — "… minimum 65% uddannede pædagoger"; "… en koordinationsgruppe for
        # børn …" — "… tre ministerier …" — "Gruppen skal mødes to gange årligt")
        start = start_of_sentences_before(lead, NUMBER_CONTEXT)
        # in a municipality's project description, from the sentence that names it ("Holbæk Kommune gennemførte
        # … et projekt for at styrke inklusionen …" — "Ledere og medarbejdere fra syv børnehuse … deltog.")
        start = min(start, _description_start(lead.chunk.text, lead.start))
        text = f"{lead.chunk.text[start : lead.start]} {text}"
        share = self.lexical(topic, text, partial=True) if topic else 1.0
        # a follow-up asking a number of its own ("hvor lang tid varer sådan et forløb?") may be on its own words
        own = _without_measure(_own_terms(terms)) if question.follow_up else []
        return max(share, self.lexical(own, text, partial=True)) if own else share

    def _cites_source(self, question: Question, lead: Sentence) -> bool:
        """A question that names its source ("ifølge loven", "ifølge forskningen") that is none of the documents
        is answered only by a passage that names it too; the documents' own view is the nearest they say."""
        m = SOURCE_NAMED.search(question.text)
        if not m or self.searcher.mentioned_documents(m.group(0)):
            return True
        source = self.terms(m.group("source"))
        return not source or bool(self.lexical(source, _with_byline(lead.text, lead.hit)))

    def _beyond(self, question: Question, terms: list[Term], lead: Sentence | None) -> bool:
        """A short question of its own with a word the corpus never uses ("brandøvelse",
        "Facebook-side", "medicin"), with a lead that holds few of its other words either: a subject the
        documents do not treat, better refused than answered with the nearest passage on its other words."""
        # a number question is judged by its subject, not by its unit: "Hvor mange minusgrader …", "hvor længe
        # efter omgangssyge …" ask about what the documents never name; a number on a subject they do treat is
        # an honest near miss, nearest to its topic
        if question.kind == "number":
            terms = _without_measure(terms)
        if not terms or lead is None or question.follow_up or question.focus:
            return False
        # any word the corpus never uses, not only the rarest one, may be the subject ("rengøre puslebordet"); a
        # compound it never writes whole counts as unused, even when it uses the parts ("syge" + "samtale")
        # (a number question asks for one fact, not about a situation told in everyday words: any length)
        long = len(question.text.split()) > BEYOND_WORDS and question.kind != "number"
        if long or all(self.known(t, whole=True) for t in terms):
            return False
        rest = [t for t in terms if self.known(t)]
        held = self.lexical(rest, _with_byline(lead.text, lead.hit), partial=True) if rest else 0.0
        return held < BEYOND_HELD

    def _unknown_share(self, terms: list[Term], question: Question | None = None) -> float:
        # a follow-up with a word of its own is judged on it: a word the corpus never uses in the context carried
        # over ("… et barn er bagud sprogligt" — "Og KL, hvad siger de om sprog?") marks no near miss of this turn
        terms = [t for t in terms if not t.carried] or terms
        # so is a question told with its context: "… nervøse for at starte i skole efter sommerferien. Hvad kan vi
        # gøre for at overgangen bliver god?" asks about the transition; the story's words colour it
        if question is not None and (asking := asking_sentence(question.text)):
            asked = {w.lower() for w in TOKEN.findall(asking)}
            terms = [t for t in terms if t.word.lower() in asked] or terms
        total = sum(t.weight for t in terms)
        # a describing word the documents lack ("besværlige", "allergisk") says less of a near miss than a thing
        # they never name ("brandøvelse", "hjertestarter"): it counts half
        # and so does a word of everyday speech ("oppe at køre", "sure", "pige", "morgen")
        unknown = sum(t.weight / (2 if t.word.lower().endswith(NOT_A_TOPIC) or _everyday(t.word.lower()) else 1)
                      for t in terms if not self.known(t))
        return unknown / total if total else 0.0

    def _score(self, hits: list[Hit], terms: list[Term], question: Question, vector: np.ndarray,
               phrases: tuple[str, ...] = ()) -> list[Sentence]:
        windows = self.searcher.window_similarities(vector, [h.chunk.id for h in hits])
        who = bool(WHO.search(question.text))  # a byline answers "hvem …?" and nothing else
        candidates = [s for rank, hit in enumerate(hits) for s in sentences_of(hit, rank)
                      if is_statement(s.text) and (who or not is_byline(s.text))]
        focus = _own_terms(terms)
        carried = [t for t in terms if t.carried]
        asked_places = {self.municipalities[t.stem] for t in terms if t.stem in self.municipalities}
        ages_only = bool(focus) and bool(carried) and all(t.age for t in focus)
        own = self._sentence_similarities([s.text for s in candidates], vector)
        titles: dict[str, bool] = {}
        quoting: set[tuple[str, int]] = set()  # sentences that say what the question quotes
        scored = []
        for s, sentence_sim in zip(candidates, own):
            spans = windows.get(s.chunk.id, [])
            window = max((sim for ws, we, sim in spans if ws <= s.start < we), default=0.0)
            dense = SENTENCE_SHARE * sentence_sim + (1 - SENTENCE_SHARE) * window if own.size else window
            text = s.text
            if question.kind == "list" and LIST_LEAD.search(text):  # a list's lead is about its items
                text = s.chunk.text[s.start : s.end + LIST_CONTEXT]
            lexical = self.lexical(terms, _with_byline(_with_referent(text, s), s.hit), partial=True)
            score = dense + LEXICAL_WEIGHT * lexical + RANK_WEIGHT / (1 + s.rank) + _bonus(question, s, lexical, terms)
            if asked_places and (places := _municipalities_of(s)) and not places & asked_places:
                score += OTHER_MUNICIPALITY  # "Hvad gik Vejles projekt ud på?": not what Rudersdal did
            elif asked_places and not asked_places & self._places.get(s.chunk.doc_id, set()):
                score += OTHER_MUNICIPALITY / 2  # nor what a document that never names Rudersdal says
            if terms and titles.setdefault(s.chunk.section, self._titles_topic(terms, s.chunk.section)):
                score += SECTION_BONUS  # "Forældresamarbejde": the document's own section on what is asked
            if phrases and any(p in plain(text) for p in phrases):
                quoting.add((s.chunk.id, s.start))
            if focus:  # "Hvad med dagplejen?": the turn's own word, in the context carried over
                score += FOCUS_WEIGHT * self.lexical(focus, text, partial=True)
                # "Hvad med de mindste?" asks about the subject for the youngest: an age alone is not the subject
                if ages_only and self.lexical(carried, _with_byline(text, s.hit), partial=True) < SUBJECT_HELD:
                    score += OFF_SUBJECT
            scored.append(replace(s, score=score, dense=window, lexical=lexical))
        if quoting:  # what the question quotes, word for word, leads: just above the best other sentence, so the
            # supports are still weighed against what answers on the question's words and meaning
            best = max((x.score for x in scored if (x.chunk.id, x.start) not in quoting), default=0.0)
            scored = [replace(x, score=max(x.score, best + QUOTED_LEAD)) if (x.chunk.id, x.start) in quoting else x
                      for x in scored]
        scored.sort(key=lambda x: (-x.score, x.rank, x.start))
        return scored

    def _named_speaker(self, text: str) -> str:
        """The name of someone the documents quote (signed under a quotation) that the question names, whole or
        by surname ("Hvad mener Juhl …?"); "" when it names none."""
        state = self.searcher.state
        if state.marker not in self._speakers:  # a new generation (an ingest) may sign other quotations
            self._speakers = {state.marker: frozenset(
                re.split(r",| · ", m.group(1), maxsplit=1)[0].strip()
                for c in state.chunks.values() for m in SIGNATURE.finditer(c.text))}
        return next((n for n in self._speakers[state.marker] if re.search(rf"\b{re.escape(n)}\b", text, re.I)
                     or re.search(rf"\b{re.escape(n.split()[-1])}\b", text)), "")

    def _titles_topic(self, terms: list[Term], section: str) -> bool:
        """The section's heading names the question's topic: all its words, and little else."""
        return 0 < len(section.split()) <= SECTION_TITLE_WORDS and self.lexical(terms, section) == 1.0

    def _sentence_similarities(self, texts: list[str], vector: np.ndarray) -> np.ndarray:
        """Cosine of each sentence to the query; sentence vectors are computed at ingest and cached."""
        if self.sentence_vectors is None or not texts:
            return np.zeros(0)
        return self.sentence_vectors(texts) @ vector

    # ------------------------------------------------------------ spans

    def spans(self, evidence: Evidence, support: int = MAX_SUPPORT, same_chunk: int = 0) -> list[Span]:
        """The lead span, widened, then up to `support` spans that add something: from other chunks first
        (one passage a chunk), then, with room left, a second passage of a chunk already quoted (the answering
        sentence often sits a paragraph away from the lead, in the same chunk). `same_chunk` more passages
        may follow from chunks already quoted only."""
        if not evidence.sentences:
            return []
        by_start = {(s.chunk.id, s.start): s for s in evidence.sentences}
        lead = evidence.sentences[0]
        # the lead may also take the sentence before it (the context its point needs), across a paragraph
        # break a neighbour that scores nearly as well, or the next sentence that goes on with its point
        count = counted(evidence.question) or counted_by(evidence.question, lead.text)
        chosen = [extend_adjacent(s, by_start, ADJACENT_MARGIN, before=True, across=True, leaning=True)
                  for s in self._widen(lead, count)]
        if evidence.question.kind == "general" and len(chosen) == 1 and not chosen[0].items:
            # "hvad ville de have politikerne til?" led by "… præsenterer vi fem anbefalinger …": the section of
            # five paragraphs headed "FEM ANBEFALINGER …" that follows is what the sentence announces
            chosen += next((found for c in announced(lead.text) if (found := self._section_list(lead, c))), [])
        if len(chosen) > 1 and chosen[1].continues and chosen[-1].items:  # the list asked for, in full
            return chosen
        if evidence.question.kind == "number" and (then := _number_after(chosen[0], evidence.question)):
            chosen[0] = replace(chosen[0], end=then[1])  # "… for længe på skærpet tilsyn. Fire måneder …"
        if evidence.question.kind == "number" and evidence.coverage == "answered" and lead.lexical < NUMBER_TOPIC \
                and chosen[0].start == lead.start:
            # "Gruppen skal mødes to gange årligt": the group is named a sentence or two before, in its paragraph
            # ("… nedsætte en koordinationsgruppe for børn, der samler …"); the quote starts there
            chosen[0] = replace(chosen[0], start=self._named_before(lead, evidence.question))
        if evidence.question.kind not in ("number", "definition", "list"):
            chosen[0] = with_development(chosen[0])
        if evidence.question.kind == "definition" and not defines(evidence.question.term, lead.text):
            chosen[0] = extend_adjacent(chosen[0], by_start, margin=1.0)  # the explanation follows the mention
        need_docs = set(evidence.docs) if len(evidence.docs) > 1 else set()
        need_docs -= {lead.chunk.doc_id}
        # "Hvad med de mindste?" answered about the youngest: a support on the carried topic alone is padding
        own = list(evidence.own) if evidence.own and self.lexical(list(evidence.own), lead.text, partial=True) else []
        question = evidence.question
        # "Giv et eksempel" led by an example: the supports are examples too, not statements on the topic
        kind_led = question.kind == "example" and gives_kind(question, lead.text, lead.chunk.section)
        if question.kind == "number" and evidence.coverage == "answered":
            chosen += self._other_numbers(evidence, chosen)
        for again in (False, True):
            for s in evidence.sentences[1:]:
                quoted = len([c for c in chosen if not c.continues])
                if quoted > support + (same_chunk if again else 0):
                    break
                if quoted > support and not any(c.chunk.id == s.chunk.id for c in chosen):
                    continue
                # close in score and about as much on topic as the lead, not merely near it in meaning
                # (once the number is found, a support must be as much on topic: another count is another fact)
                counts = evidence.question.kind == "number" and evidence.coverage == "answered"
                on_topic = 1.0 if counts else SUPPORT_LEXICAL
                margin = SUPPORT_MARGIN if s.chunk.doc_id == lead.chunk.doc_id else OTHER_DOC_MARGIN
                close = s.score >= lead.score - margin and s.lexical >= on_topic * lead.lexical
                wanted = s.chunk.doc_id in need_docs and not again
                if not (close or wanted) or any(_overlaps(s, c) or _similar(s.text, c.text) for c in chosen):
                    continue
                if own and not self.lexical(own, s.text, partial=True) or kind_led and not gives_kind(question, s.text, s.chunk.section):
                    continue
                if need_docs and not wanted and quoted + len(need_docs) > support:  # last places: the named documents
                    continue
                if any(c.chunk.id == s.chunk.id for c in chosen) and not (wanted or again):
                    continue
                added = [extend_adjacent(x, by_start, SUPPORT_ADJACENT) for x in self._widen(s)]
                chosen += [x for x in added if not any(_spans_overlap(x, c) for c in chosen)]
                need_docs.discard(s.chunk.doc_id)
        return chosen

    def _named_before(self, lead: Sentence, question: Question) -> int:
        """Where the first sentence before the lead, in its paragraph and within `NUMBER_CONTEXT`, that names the
        topic the lead counts starts; the lead's own start if none does."""
        topic = _without_measure(self.terms(question))
        text = lead.chunk.text
        start = start_of_sentences_before(lead, NUMBER_CONTEXT)
        for a, b in split_sentences(text[start : lead.start]):
            if topic and self.lexical(topic, text[start + a : start + b], partial=True) > 0:
                return start + a
        return lead.start

    def _other_numbers(self, evidence: Evidence, chosen: list[Span]) -> list[Span]:
        """"Hvor ofte …, og hvor mange børn …?": the best passage on the topic giving a number asked for that the
        lead does not give comes right after it, before any other support."""
        parts = asked_parts(evidence.question.wording)
        quoted = " ".join(c.text for c in chosen)
        missing = [p for p in parts if not answers_part(p, quoted)]
        if len(parts) < 2 or not missing:
            return []
        by_start = {(s.chunk.id, s.start): s for s in evidence.sentences}
        for s in evidence.sentences[1:]:
            if s.lexical and any(answers_part(p, s.text) for p in missing) and \
                    not any(_overlaps(s, c) or _similar(s.text, c.text) for c in chosen):
                added = [extend_adjacent(x, by_start, SUPPORT_ADJACENT) for x in self._widen(s)]
                return [x for x in added if not any(_spans_overlap(x, c) for c in chosen)]
        return []

    def _widen(self, sentence: Sentence, count: Counted | None = None) -> list[Span]:
        nxt = self._next_chunk(sentence.chunk)
        hit = Hit(chunk=nxt, title=sentence.hit.title, short=sentence.hit.short, score=0.0) if nxt else None
        announced = bool(count and count.announced_by(sentence.text))
        spans = widen(sentence, nxt, hit, announced)
        if announced and len(spans) == 1 and not spans[0].items:
            spans += self._section_list(sentence, count)
        return spans

    def _section_list(self, sentence: Sentence, count: Counted) -> list[Span]:
        """"… præsenterer vi fem anbefalinger …", then a section headed "FEM ANBEFALINGER" of five paragraphs:
        each paragraph is an item, quoted by its first sentence. Only a section of exactly as many paragraphs
        as announced is taken for the list (a section that goes on to explain its first point is not one)."""
        later = [c for c in self.searcher.chunks_of(sentence.chunk.doc_id) if c.position > sentence.chunk.position]
        later.sort(key=lambda c: c.position)
        if not later or not count.named_by(later[0].section):
            return []
        section = list(itertools.takewhile(lambda c: c.section == later[0].section, later))
        firsts = [paragraph_leads(c.text) for c in section]
        if any(f is None for f in firsts) or sum(len(f) for f in firsts) != count.n:
            return []
        hits = [Hit(chunk=c, title=sentence.hit.title, short=sentence.hit.short, score=0.0) for c in section]
        return [Span(h, f[0][0], f[-1][1], sentence.score, tuple(f), continues=True) for h, f in zip(hits, firsts) if f]

    def _next_chunk(self, chunk):
        for c in self.searcher.chunks_of(chunk.doc_id):
            if c.position == chunk.position + 1:
                return c
        return None

    # ------------------------------------------------------------ the answer

    def answer(
        self, question: str, search_query: str | None = None, docs: set[str] | None = None,
        exclude: Quoted = frozenset(), understood: Question | None = None, meaning: str | None = None,
    ) -> Answer:
        """The offline answer to a question (searched as `search_query` when given)."""
        query = search_query or question
        evidence = self.evidence(query, understood or self.understand(query), docs, exclude, meaning)
        second = self._second_part(question, evidence, exclude)
        return self.compose(question, evidence, query, second)

    def _second_part(self, question: str, evidence: Evidence, exclude: Quoted) -> Evidence | None:
        """"Hvor mange børn var der i grupperne, og hvor tit mødtes de?": the part after ", og hv…" asked on
        its own, within the topic of the first part, when the documents answer it."""
        part = second_question(question)
        if not part or not evidence.covered or not evidence.sentences:
            return None
        asked = self.understand(part)
        own = list(asked.topic)
        first = [t.word for t in self.terms(evidence.question)]  # its topic, without the names of documents
        topic = list(dict.fromkeys(own + first))
        asked = replace(asked, topic=topic, focus=tuple(own))
        meaning = " ".join([part] + [w for w in first if w not in own])
        # in the first part's document ("man" and "de" point back to it), unless the part names its own
        docs = self.searcher.mentioned_documents(part) or set(evidence.docs) or {evidence.sentences[0].chunk.doc_id}
        found = self.evidence(" ".join(topic), asked, docs, exclude, meaning)
        # the nearest to it counts when it stands in the first part's passage: the text goes on about it there
        near = found.coverage == "nearest" and found.sentences and found.sentences[0].chunk.id == evidence.sentences[0].chunk.id
        return found if found.coverage == "answered" or near else None

    def compose(self, question: str, evidence: Evidence, search_query: str = "", second: Evidence | None = None) -> Answer:
        if not evidence.covered:
            return refusal(question, suggestions(evidence.hits, self), search_query or question)
        # the nearest passages stay within two chunks, but the lead's chunk may give a second passage
        support, same_chunk = (1, NEAREST_SAME_CHUNK) if evidence.coverage == "nearest" else (MAX_SUPPORT, 0)
        spans = self.spans(evidence, support, same_chunk)
        if second is not None:  # the second part's answer comes right after the first's lead, unless quoted
            spans = _with_second(spans, self.spans(second, support=0)[:1])
        return compose_answer(question, evidence, spans, search_query or question)

    def passages(self, query: str, n: int = 3) -> list[Citation]:
        """The best answering spans for a query, best first, each from a different chunk and not repeating
        each other: what the meeting guide, the introduction path and reflection quote. Empty when the
        documents do not cover the query."""
        evidence = self.evidence(query)
        if evidence.coverage == "not_covered":
            return []
        chosen: list[Span] = []
        for s in evidence.sentences:
            if len(chosen) >= n:
                break
            if any(s.chunk.id == c.chunk.id or _similar(s.text, c.text) for c in chosen):
                continue
            chosen.append(self._widen(s)[0])
        return [Citation.of(i, s.chunk, s.hit.title, s.hit.short, s.start, s.end) for i, s in enumerate(chosen, 1)]


def _quoting(s: Sentence) -> str | None:
    """Whom the sentence quotes (the signature under its quotation), if anyone."""
    return quoted_person(s.chunk.text, s.start, s.end)


def _bonus(question: Question, s: Sentence, lexical: float, terms: list[Term]) -> float:
    """The kind of answer asked for (`kind_bonus`) counts on the topic: an example of something else is no
    example of it, though a sentence off the topic still loses for lacking the number asked for."""
    bonus = kind_bonus(question, s.text, s.chunk.section)
    if question.follow_up and not question.focus and gives_kind(question, s.text, s.chunk.section) \
            and lexical >= SUBJECT_HELD:
        bonus *= 2  # a bare "Hvorfor?" has no words of its own: the kind of answer is all it asks, of the subject
    return min(bonus, 0.0) if terms and not lexical else bonus


def _kind_first(scored: list[Sentence], question: Question) -> list[Sentence]:
    """"Giv et eksempel" is answered by an example, "Hvorfor?" by a reason: the best sentence on the topic that
    gives one leads, when it scores within `KIND_REACH` of the best. A statement on the topic is neither."""
    if not scored or gives_kind(question, scored[0].text, scored[0].chunk.section):
        return scored
    # an outcome of something else is none: it must hold as much of the topic as half the best sentence does
    # ("Børn får gennem naturprojekter … forbedret …" is no finding about children's interviews)
    # (a bare "Virkede det?" has no words of its own: the project's lessons hold its name seldom)
    held = scored[0].lexical / 2 if question.kind == "outcome" and not (question.follow_up and not question.focus) else 0.0
    best = next((s for s in scored if s.lexical and s.lexical >= held and gives_kind(question, s.text, s.chunk.section)), None)
    if best is None or best.score < scored[0].score - KIND_REACH:
        return scored
    return [best] + [s for s in scored if s is not best]


def _without_measure(terms: list[Term]) -> list[Term]:
    """A number question's topic without the unit and its time frame ("timer om ugen"): what the number is of."""
    return [t for t in terms if not MEASURE.fullmatch(t.word)]


def _own_terms(terms: list[Term]) -> list[Term]:
    """In a follow-up that carries words from earlier turns, the turn's own words; else none."""
    return [t for t in terms if not t.carried] if any(t.carried for t in terms) else []


# "Kommunen videreuddannede deltagerne …" after "Holbæk Kommune gennemførte …": the municipality named before
REFERRING = re.compile(r"^(?:Kommunen|Projektet|Indsatsen|Programmet)\b")
NAMED_MUNICIPALITY = re.compile(r"\b([A-ZÆØÅ][\wæøå-]+?)s?\s+Kommune\b")
REFERENT_REACH = 1500  # characters back in the chunk where the name is sought
REFERRING_CHARS = 12  # enough of a sentence's start for its referring word
HEADING_LINE = re.compile(r"\n\n[^\n.!?]{3,80}\n")  # a short line of its own without a full stop: a heading


def _with_referent(text: str, s: Sentence) -> str:
    """A sentence of a municipality's project description is matched with the municipality's name: the
    description names it once ("Holbæk Kommune gennemførte …") and goes on with "Kommunen", "Projektet", "Man"
    until a list or a new heading; "Hvad gjorde Holbæk?" is answered by what "Kommunen" did."""
    name = _referent(s.chunk.text, s.start)
    return f"{name} {text}" if name and name.lower() not in text.lower() else text


def _everyday(word: str) -> bool:
    """A word of everyday speech: frequent in ordinary Danish (about 30 times per million words or more)."""
    return zipf(word) >= EVERYDAY_ZIPF


@lru_cache(maxsize=1 << 14)
def _a_word(stem: str) -> bool:
    """The stem is a Danish word's: the word itself or with a common ending is an ordinary word ("kris": "krise")."""
    return len(stem) >= COMPOUND_HEAD_CHARS and any(ordinary_danish(stem + e) for e in ("", "e", "en", "er", "ing"))


def _municipalities_of(s: Sentence) -> set[str]:
    """The municipalities a sentence is about: named in it, or the one whose project description it stands in."""
    named = {m.group(1) for m in NAMED_MUNICIPALITY.finditer(s.text)}
    referent = _referent(s.chunk.text, s.start)
    return named | {referent} if referent else named


def _referent(chunk_text: str, start: int) -> str:
    """The municipality whose project description the sentence at `start` stands in, or ""."""
    found = _description(chunk_text, start)
    return found[0] if found else ""


def _description_start(chunk_text: str, start: int) -> int:
    """Where the project description the sentence at `start` stands in begins (the sentence naming the
    municipality); `start` itself outside one."""
    found = _description(chunk_text, start)
    return found[1] if found else start


@lru_cache(maxsize=1 << 14)  # asked for every sentence scored; the corpus's sentences recur from question to question
def _description(chunk_text: str, start: int) -> tuple[str, int] | None:
    """The municipality of the project description the sentence at `start` stands in, and where the sentence
    naming it starts; None outside one."""
    offset = max(0, start - REFERENT_REACH)
    before = chunk_text[offset:start]
    names = list(NAMED_MUNICIPALITY.finditer(before))
    if not names:
        return None
    between = before[names[-1].end() :]
    refers = REFERRING.match(chunk_text[start : start + REFERRING_CHARS])
    if BULLET_START.search(between) or not refers and HEADING_LINE.search(between):
        return None
    named_at = offset + names[-1].start()
    return names[-1].group(1), max((a for a, _ in split_sentences(chunk_text) if a <= named_at), default=named_at)


def _with_byline(text: str, hit: Hit) -> str:
    """A sentence as its words are matched: with its document's title and short name ("KL", "FOA")."""
    return f"{text}\n{hit.title}\n{hit.short}"


def _verb_noun(stem: str, found: frozenset[str] | set[str]) -> bool:
    """A verb and its noun in -ing/-ning: "spejle" and "spejlingen", "evaluering" and "evaluere"."""
    if any(stem + ending in found for ending in ("ing", "ning")):
        return True
    return any(stem.endswith(ending) and len(stem) - len(ending) >= 3 and stem[: -len(ending)] in found
               for ending in ("ning", "ing"))


def _shares_prefix(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= PREFIX_CHARS and longer.startswith(shorter)


def _prefix_match(stem: str, found: set[str], ordered: list[str]) -> bool:
    """`_shares_prefix(stem, f)` for some f in found, without comparing against every word: a found word
    that the stem begins (one of the stem's prefixes), or one that begins with the stem (its sorted neighbour)."""
    if any(stem[:k] in found for k in range(PREFIX_CHARS, len(stem))):
        return True
    return len(stem) >= PREFIX_CHARS and _begins_a_word(stem, ordered)


def _begins_a_word(stem: str, ordered: list[str]) -> bool:
    """Some word of the sorted list begins with the stem (its sorted neighbour does)."""
    i = bisect.bisect_left(ordered, stem)
    return i < len(ordered) and ordered[i].startswith(stem)


def quoted_phrases(text: str) -> tuple[str, ...]:
    """The phrases of three words or more a question puts in quotes, lowercased, spacing collapsed."""
    return tuple(plain(p).strip(" .,") for p in QUOTED_PHRASE.findall(text) if len(p.split()) >= 3)


def _quoted(s: Sentence, quoted: Quoted) -> bool:
    """The sentence overlaps a passage already quoted (chunk id, start and end in document offsets), or
    repeats one: the documents restate their points (a summary, then the body), and "giv et eksempel"
    answered with the restatement says nothing new."""
    start, end = s.chunk.start + s.start, s.chunk.start + s.end
    return any(cid == s.chunk.id and a < end and start < b or _similar(s.text, text) for cid, a, b, text in quoted)


SECOND_QUESTION = re.compile(r",\s+og\s+(?=(?:hv\w+|har|er|kan|skal|bør|må)\b)", re.I)


def second_question(question: str) -> str:
    """The second of two questions joined by ", og hvor/hvad/har …", with its question mark; else ""."""
    parts = SECOND_QUESTION.split(question.strip(), maxsplit=1)
    if len(parts) != 2 or len(parts[1].split()) < 2:
        return ""
    return parts[1][0].upper() + parts[1][1:]


def _with_second(spans: list[Span], extra: list[Span]) -> list[Span]:
    """The spans with the second part's answer: joined to a span it overlaps ("… et toårigt rejsehold …
    Rejseholdet skal samle gode eksempler …"), else placed after the lead, the last support making room."""
    if not extra:
        return spans
    x = extra[0]
    for i, c in enumerate(spans):
        if _spans_overlap(x, c):
            if c.items:
                return spans
            spans = list(spans)
            spans[i] = replace(c, start=min(c.start, x.start), end=max(c.end, x.end))
            return spans
    if any(_similar(x.text, c.text) for c in spans):
        return spans
    lead = 1 + sum(1 for c in spans[1:] if c.continues)
    joined = spans[:lead] + [x] + spans[lead:]
    return joined[: len(joined) - max(0, _quoted_count(joined) - 1 - MAX_SUPPORT)]


def _quoted_count(spans: list[Span]) -> int:
    return sum(1 for s in spans if not s.continues)


def _number_after(passage, question: Question) -> tuple[int, int] | None:
    """The next sentence of the paragraph, when the passage lacks the number asked for and that sentence
    gives it: the documents state a point, then its figure ("… for længe på skærpet tilsyn. Fire måneder …")."""
    if answers_number(question.wording, passage.text):
        return None
    then = next_in_paragraph(passage)
    if then and answers_number(question.wording, passage.chunk.text[then[0] : then[1]]):
        return then
    return None


def _follows(s: Sentence, quoted: Quoted) -> bool:
    """The sentence begins within a couple of sentences after a passage already quoted, in its chunk."""
    start = s.chunk.start + s.start
    return any(cid == s.chunk.id and 0 <= start - b <= FOLLOW_CHARS for cid, a, b, _ in quoted)


def _overlaps(s: Sentence, span: Span) -> bool:
    return s.chunk.id == span.chunk.id and span.start <= s.start < span.end


def _spans_overlap(a: Span, b: Span) -> bool:
    return a.chunk.id == b.chunk.id and a.start < b.end and b.start < a.end


def _similar(a: str, b: str) -> bool:
    """Near-duplicates: the documents repeat themselves (summaries, boxes, bullet recaps), also sentence by
    sentence in other forms of the same words ("den 15 dages AMU-uddannelse" … "den 15 dage lange AMU-uddannelse")."""
    wa, wb = set(words(a)), set(words(b))
    if len(wa & wb) / max(1, min(len(wa), len(wb))) > DUPLICATE_OVERLAP:
        return True
    return any(2 * len(x & y) / (len(x) + len(y)) > REPEATED_SENTENCE for x in _sentence_stems(a) for y in _sentence_stems(b))


@lru_cache(maxsize=4096)
def _sentence_stems(text: str) -> tuple[frozenset[str], ...]:
    """The word stems of each sentence of the text (sentences of a few words repeat by chance)."""
    stem = _stemmer().stemWord
    stems = (frozenset(stem(w) for w in words(text[a:b])) for a, b in split_sentences(text))
    return tuple(s for s in stems if len(s) >= MIN_REPEATED_WORDS)


# Endings of Danish adjectives, adverbs and verb forms ("skriftlig", "virkelig", "pædagogiske", "arbejder"):
# a suggested topic is a thing to ask about, a noun.
NOT_A_TOPIC = ("lig", "ligt", "lige", "ig", "igt", "ige", "isk", "iske", "erede", "eret", "ende", "ere", "ede")


DEFINITE = ("en", "et", "n", "ne", "erne", "ene")


def _noun(word: str, vocabulary: dict[str, int]) -> bool:
    """The corpus also writes the word in its definite form ("proceshjulet", "konsekvenserne"): a noun, a topic
    one can ask about, unlike "spredte" or "individuelt"."""
    return any(word + ending in vocabulary for ending in DEFINITE)


def suggestions(hits: list[Hit], answerer: Answerer | None = None, n: int = 3) -> list[str]:
    """Follow-up questions about topics the nearest chunks do cover: their most distinctive words."""
    if answerer is None:
        return []
    counts: Counter[str] = Counter()
    for hit in hits[:6]:
        for w in words(f"{hit.chunk.section} {hit.chunk.section} {hit.chunk.text}"):
            if len(w) >= 7 and not w.isdigit() and not w.endswith(NOT_A_TOPIC) and w not in QUESTION_WORDS and \
                    _noun(w, answerer.speller.vocabulary):
                counts[w] += 1
    ranked = sorted(counts, key=lambda w: -counts[w] * answerer.idf.get(answerer.tokenize.stem(w), 0.0))
    topics: list[str] = []
    for w in ranked:
        stem = answerer.tokenize.stem(w)
        if stem in answerer.searcher.aliases or any(_shares_prefix(stem, answerer.tokenize.stem(t)) for t in topics):
            continue
        topics.append(w)
        if len(topics) >= n:
            break
    return [f"Hvad skriver dokumenterne om {t}?" for t in topics]
