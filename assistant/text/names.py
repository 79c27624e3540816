"""Personal names in Danish text: a known first name, or an unknown capitalised word next to a cue.

Two word lists decide what is *not* a name: the bundled corpus's own words (Køge, KL, FOA, Solstuen if
a document says so) and wordfreq's Danish frequency list (ordinary words). A first-name list shipped with
the package decides what is one. Nothing is downloaded at run time."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from assistant.text.frequency import zipf

CAPITALISED = r"[A-ZÆØÅ][a-zæøåéüöä]+(?:-[A-ZÆØÅ][a-zæøåéüöä]+)?"
# A run of capitalised words: "Ida Marie", "Anne-Sofie Jensen"; a trailing genitive s or 's is included.
RUN = re.compile(rf"(?<![\w-])({CAPITALISED}(?: {CAPITALISED})*)('s|s)?(?![\w-])")
# Words before a name that say a person follows: "min kollega Bo", "hendes mor Karen", "mor til Yasmin".
CUE_BEFORE = re.compile(
    r"(?:\b(?:kollega(?:en)?|medhjælper(?:en)?|pædagog(?:en)?|leder(?:en)?|barnet|drengen|pigen|"
    r"mor|far|mormor|farmor|morfar|farfar|bror|søster|forældre|hedder|kaldet)(?: til)?|\b(?:til|med) (?:mor|far))\s+$",
    re.IGNORECASE,
)
# Words after a name that say it is a person: "på stuen", "på Solstuen", "(4 år)", "s mor", "er 3 år".
CUE_AFTER = re.compile(
    r"^(?:\s+(?:på|fra|i) (?:stuen|\w*stue[n]?\b|vuggestuen|børnehaven|gruppen|\w*gruppen)"
    r"|\s*\(\d+ år\)|\s+(?:er|på) \d+ år|\s+(?:og hans|og hendes)?\s*(?:mor|far|forældre)\b)",
    re.IGNORECASE,
)
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"»(]\s*|[-•*]\s+)$")
ENGLISH_ZIPF = 4.5  # an English word this frequent, capitalised in a Danish sentence, names a tool, not a person
COMMON_ZIPF = 4.0  # wordfreq frequency from which a word counts as ordinary Danish (about 1 in 10,000 words)


@lru_cache(maxsize=1)
def _name_list() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped first names, and those of them that are also ordinary words (marked with *)."""
    text = resources.files("assistant.text").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    entries = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(e[0] for e in entries), frozenset(e[0] for e in entries if e[1:] == ["*"])


def first_names() -> frozenset[str]:
    return _name_list()[0]


@lru_cache(maxsize=1)
def corpus_text() -> str:
    """The bundled corpus's text, its whitespace made single spaces."""
    from assistant.settings import PROJECT_ROOT

    texts = [path.read_text(encoding="utf-8") for path in sorted(Path(PROJECT_ROOT / "corpus").glob("*.txt"))]
    return " " + " ".join(" ".join(t.split()) for t in texts) + " "


@lru_cache(maxsize=1)
def corpus_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words of the bundled corpus: as written (capitalised forms such as Køge) and lowercase ones."""
    written = frozenset(re.findall(r"\w+", corpus_text()))
    return written, frozenset(w for w in written if w.islower())


@lru_cache(maxsize=1)
def printed_names() -> frozenset[str]:
    """Every run of two or more capitalised words in the bundled corpus, and each shorter run inside it
    ("Ifølge Pernille Juhl" holds "Pernille Juhl"): looked up once per name found, not searched for."""
    runs = [m.group(1).split(" ") for m in RUN.finditer(corpus_text())]
    return frozenset(" ".join(w[i:j]) for w in runs for i in range(len(w)) for j in range(i + 2, len(w) + 1))


def public_name(name: str) -> bool:
    """A full name the bundled documents print: an expert they quote, an author ("Hvad mener Pernille Juhl
    …?" asks about her words). A first name alone is never public: it may be a child's."""
    return len(name.split()) >= 2 and (name in printed_names() or re.sub(r"(?:'s|s)$", "", name) in printed_names())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DANISH

    return frozenset(STOPWORDS_DANISH)


@lru_cache(maxsize=20000)
def ordinary(word: str) -> bool:
    """A Danish word (not a name): the corpus uses it lowercase, or it is frequent in Danish."""
    lower = word.lower()
    return lower in corpus_words()[1] or lower in stopwords() or (
        word not in first_names() and zipf(lower) >= COMMON_ZIPF
    )


def _is_first_name(word: str, at_start: bool) -> bool:
    """A first name; at a sentence start only when it is not also an ordinary word ("Per barn", "Bo")."""
    if word.endswith("s") and word[:-1] in first_names():
        word = word[:-1]  # genitive: "Idas mor"
    if "-" in word:  # "Anne-Sofie"
        return all(_is_first_name(part, False) for part in word.split("-"))
    if at_start and (word in _name_list()[1] or word.lower() in corpus_words()[1] | stopwords()):
        return False
    return word in first_names()


def _unknown(word: str) -> bool:
    return word not in corpus_words()[0] and not ordinary(word)


def _compound_of_words(word: str) -> bool:
    """A room's or a house's name made of Danish words ("Solstuen", "Solsikkestuen", "Egehuset"): a place,
    not a person."""
    lower = word.lower()
    return any(ordinary(lower[i:]) and len(lower) - i >= 4 for i in range(2, len(lower) - 3))


# the systems Danish daycare staff name every day: capitalised, unknown to wordfreq, and no person
DAYCARE_SYSTEMS = frozenset("Aula Tabulex Famly Infoba Meebook Momo MinUddannelse MitID NemID Vitas".split())


def _english(word: str) -> bool:
    """A common English word, as tools are named in Danish text ("skrevet i Word", "et møde på Teams")."""
    return zipf(word.lower(), "en") >= ENGLISH_ZIPF


def _surname_like(word: str) -> bool:
    """A second first name or a surname: Danish surnames are often -sen names, which wordfreq knows well."""
    return word in first_names() or word.endswith("sen") or not ordinary(word)


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of likely personal names, in reading order."""
    spans = []
    for m in RUN.finditer(text):
        words = m.group(1).split(" ")
        at_start = bool(SENTENCE_START.search(text[: m.start()]))
        cue = bool(CUE_BEFORE.search(text[max(0, m.start() - 30) : m.start()])) or bool(
            CUE_AFTER.match(text[m.end() : m.end() + 30])
        )
        names = [i for i, w in enumerate(words) if _is_first_name(w, at_start and i == 0)]
        # a lone capitalised word inside a sentence that is neither Danish nor the documents' is a name: Danish
        # capitalises no common nouns ("en dreng på stuen, Malik, som slår"), and names are more than any list
        lone = words[0].removesuffix("s") if len(words) == 1 else ""  # "Holbæks": the genitive of a known place
        if not names and not at_start and lone and words[0][1:].islower() and _unknown(words[0]) and _unknown(lone) \
                and not _english(words[0]) and not _compound_of_words(words[0]) and lone not in DAYCARE_SYSTEMS:
            names = [0]
        if not names and cue:
            names = [i for i, w in enumerate(words) if _unknown(w) or _is_first_name(w, at_start and i == 0)]
        if not names:
            continue
        first, last = names[0], names[0]
        # Surnames follow ("Ida Marie Hansen"); a title does not ("Pia Thomsen Direktør").
        while last + 1 < len(words) and _surname_like(words[last + 1]):
            last += 1
        start = m.start() + sum(len(w) + 1 for w in words[:first])
        end = m.end() if last == len(words) - 1 else start + len(" ".join(words[first : last + 1]))
        # a name the documents print is public ("Claus Holm", though "Holm" is also a word), unless the text
        # says it is someone the writer knows ("min kollega Signe Nielsen")
        printed = any(public_name(" ".join(words[first:k])) for k in range(first + 2, len(words) + 1))
        if cue or not printed:
            spans.append((start, end))
    return spans
