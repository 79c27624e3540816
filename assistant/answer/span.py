"""Which span answers: sentences scored against the question, the best one widened to what the text
needs (the list after a colon, the sentence a "Dette" refers to, both halves of "på den ene side …"),
then at most two supporting spans that add something.

Chunks are retrieval units, not answer units: a list that starts at the end of one chunk continues
in the next, and a span is a run of adjacent sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.models import Chunk, Hit
from assistant.text.sentences import paragraph_spans, split_sentences

MIN_WORDS = 5
LIST_LEAD_WORDS = 3
HEADING_WORDS = 12  # a line without final punctuation is taken for a heading unless it is this long
TERMINAL = ".!?:;\"”’)"
MAX_SPAN_WORDS = 70
CAPTION_WORDS = 6  # a short line ending in a parenthesis is a figure's caption or label
TOPIC_SENTENCE_WORDS = 12  # a paragraph's opening sentence shorter than this names its subject, the next develops it
LEANING_SENTENCES = 2  # sentences after the lead that point back to it ("De …", "Men …", "Dog ikke …") and join it
MAX_LIST_ITEMS = 16  # short items ("Assens", "Egedal" …): the words cap (below) bounds long ones
MAX_LIST_WORDS = 130

BACK_REFERENCE = re.compile(
    r"^(?:det|dette|denne|disse|dvs\.?|dermed|derfor|derved|således|på\s+den\s+måde|heri|her|de|det\s+betyder|"
    r"det\s+vil\s+sige|samtidig|men|og|også|så(?!\s+vidt\b)|endvidere|desuden|herunder|hermed|i\s+den\s+forbindelse|"
    r"af\s+(?:samme|den|denne)\s+grund|på\s+(?:den\s+)?baggrund\s+af\s+(?:det|dette|ovenstående)|"
    r"i\s+lyset\s+af\s+(?:det|dette)|netop\s+derfor|derudover|ligeledes|tilsvarende|"
    # a qualification ("Dog ikke i sager med mistanke om overgreb."): quoted without it, the point misleads
    r"dog|undtagen|medmindre|bortset\s+fra)\b",
    re.I,
)
# "Fordelen ved denne løsning …", "I denne tilgang …": a demonstrative early in the sentence points back too.
EARLY_DEMONSTRATIVE = re.compile(r"^(?:[\w-]+,?\s+){1,3}(?:denne|dette|disse|sådanne?|førnævnte|ovennævnte)\s+\w+", re.I)
ONE_SIDE = re.compile(r"\bpå\s+den\s+ene\s+side\b", re.I)
OTHER_SIDE = re.compile(r"\bpå\s+den\s+anden\s+side\b", re.I)
LIST_LEAD = re.compile(r"(?::|\bbl\.\s?a\.|\bfølgende\.?|\bfx\.?)\s*$", re.I)
BULLET_START = re.compile(r"(?m)^[ \t]*•")  # a bullet line of the cleaned text (cleaning writes "• ")
ENUMERATION = re.compile(r"(?:^|\s)1\)\s")  # "… understøttes af 1) et dynamisk …"
ENUMERATION_ITEM = re.compile(r"(?:^|\s)\d{1,2}\)\s")
MAX_ENUMERATED = 4  # sentences a numbered paragraph may run on after its first number
BULLET_LINE = re.compile(r"^\s*(?:[•∆·▪●◦\-–*]|\d{1,2}[.)])\s+")


class _Passage:
    """What a sentence and a span share: a run of a hit's chunk text."""

    hit: Hit
    start: int
    end: int

    @property
    def chunk(self) -> Chunk:
        return self.hit.chunk

    @property
    def text(self) -> str:
        return self.chunk.text[self.start : self.end]


@dataclass(frozen=True)
class Sentence(_Passage):
    """A sentence of a retrieved chunk, with its offsets in the chunk text and its scores."""

    hit: Hit
    rank: int
    start: int
    end: int
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0



@dataclass(frozen=True)
class Span(_Passage):
    """A contiguous passage of one chunk to quote; `items` marks a list (rendered as a list)."""

    hit: Hit
    start: int
    end: int
    score: float
    items: tuple[tuple[int, int], ...] = ()
    """Offsets of list items inside the span (the lead is what comes before the first item)."""
    continues: bool = False
    """The span continues a list from the previous span (the next chunk of the same document)."""


    def words(self) -> int:
        return len(self.text.split())


def is_statement(sentence: str) -> bool:
    """A sentence worth quoting: long enough, not a heading (short lines without a full stop), and not
    itself a question (the documents' own questions do not answer anything)."""
    n = len(sentence.split())
    end = sentence.rstrip(" \"”’)")[-1:]
    if end == ":" and n >= LIST_LEAD_WORDS:  # "De 14 kommuner er:" is short, and leads the list asked for
        return True
    if INDIRECT_QUESTION.match(sentence):  # "Spørgsmålet er, om …" asks what the next sentences answer
        return False
    if GOES_ON_IN_PARENTHESIS.match(sentence) or n <= CAPTION_WORDS and ENDS_IN_PARENTHESIS.search(sentence):
        return False
    return n >= MIN_WORDS and end != "?" and (sentence.rstrip()[-1:] in TERMINAL or n >= HEADING_WORDS)


# "(dvs. chefen for dagtilbud, …)." goes on with the sentence before it; "Et udvidet forældresamarbejde (BASIS +
# forældre)." names something, as a caption does: no verb, no claim
GOES_ON_IN_PARENTHESIS = re.compile(r"\(\s*[a-zæøå]")
ENDS_IN_PARENTHESIS = re.compile(r"\([^)]*\)\W*$")
INDIRECT_QUESTION = re.compile(r"\s*(?:(?:et|det|andet|næste)\s+){0,2}spørgsmål(?:et)?\s+er,?\s+(?:om|hvordan|hvorvidt|hvad|hvilke|hvorfor)\b",
                               re.I)


# A heading the PDF text ran into its paragraph: "Lederudvikling gennem ledelsesfaglig uddannelse Man kan vælge …".
# Inside a Danish sentence only names and "I" (you) are capitalised, so a capitalised sentence opener right
# after a lower-case word, with no punctuation before it, starts the text after a heading.
FUSED_HEADING = re.compile(
    r"^[^.!?:;\n]{3,100}?[a-zæøå]\s+(?=(?:Man|Vil|Kan|Skal|På|Det|Der|De|Den|Når|Hvis|Vi|Her|Denne|Dette|Disse|Et|En|"
    r"Som|Også|Derfor|Desuden|Formålet|Erfaringerne|Ledere|Personalet|Dagtilbuddene|Kommunen|Ser|Selv|Samtidig|"
    r"Generelt|Ifølge|Endelig|Hvordan|Hvad|Hvorfor|Mange|Nogle|Flere|Alle|Blandt|"
    r"Spørgsmålet|Resultaterne|Undersøgelsen|Projektet|Forskningen|"
    # "I dette afsnit …": the preposition opens a sentence; "har I en …" is the pronoun, so only these two
    r"I\s+(?:dette|denne))\s)"
)
FUSED_HEADING_WORDS = 10


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as quoted: a heading run into the sentence after it is left out."""
    spans = []
    for s, e in split_sentences(text):
        m = FUSED_HEADING.match(text[s:e])
        if m and len(m.group().split()) <= FUSED_HEADING_WORDS and s + m.end() < e:
            s += m.end()
        spans.append((s, e))
    return spans


def is_byline(sentence: str) -> bool:
    """"Claus Holm · Institutleder · Aarhus Universitet": says who someone is, and only answers who."""
    return sentence.count(" · ") >= 2


# A signature under a quotation, on a line of its own: "Pernille Juhl, Professor · Roskilde Universitet"
SIGNATURE = re.compile(r"^[ \t]*([A-ZÆØÅ][^\n.!?”“\"]{2,150}? · [^\n.!?”“\"]{2,150})[ \t]*$", re.M)
# a quotation opens where a mark stands before a word: ”Børn kan ikke …, also after a heading run into it
QUOTATION_OPENS = re.compile(r"(?:^|(?<=\s))[”“\"»](?=\w)", re.M)


def quoted_person(text: str, start: int, end: int) -> str | None:
    """Who is quoted in the passage text[start:end], when it lies in a quotation signed on the line after it
    (a report quoting an expert): "Pernille Juhl, Professor · Roskilde Universitet". Else None: the
    document itself says it."""
    signature = SIGNATURE.search(text, end)
    if not signature:
        return None
    previous = [m.end() for m in SIGNATURE.finditer(text, 0, start)]
    opened = [m.start() for m in QUOTATION_OPENS.finditer(text, previous[-1] if previous else 0, start + 2)
              if m.start() <= start]  # the passage may begin with the mark
    if not opened or SIGNATURE.search(text, opened[-1], start):
        return None
    between = text[end : signature.start()]
    # the passage's quotation runs to the signature: no new quotation or unquoted paragraph starts in between
    if QUOTATION_OPENS.search(between) or re.search(r"[”\"]\.?\s*\n\s*\n\s*\w", between):
        return None
    return " ".join(signature.group(1).split())


def sentences_of(hit: Hit, rank: int) -> list[Sentence]:
    return [Sentence(hit, rank, s, e) for s, e in sentence_spans(hit.chunk.text)]


def widen(best: Sentence, next_chunk: Chunk | None, next_hit: Hit | None, announced: bool = False) -> list[Span]:
    """The best sentence grown to what the text needs; a list continued across a chunk boundary gives a
    second span. `announced`: the sentence gives the count of the list asked for ("BASIS omfatter fire bærende
    elementer …"), so the marked list or the numbered run after it is the answer, colon or not."""
    text = best.chunk.text
    spans = sentence_spans(text)
    i = next(k for k, (s, e) in enumerate(spans) if s == best.start)
    first, last = i, i
    # back to the sentence the span refers to, and on back while that one refers back too ("Det er til tider
    # svært …" ← "Det kan fx gøres ved …" ← "Det er det pædagogiske personales ansvar …"); one sentence back
    # whatever its length, further ones within the span's length
    while leans_back(text[spans[first][0] : spans[first][1]]) and first > 0 and first > i - LEANING_SENTENCES \
            and _same_paragraph(text, spans[first - 1], spans[first]) \
            and is_statement(text[spans[first - 1][0] : spans[first - 1][1]]) \
            and (first == i or len(text[spans[first - 1][0] : spans[i][1]].split()) <= MAX_SPAN_WORDS):
        first -= 1
    if ONE_SIDE.search(text[spans[first][0] : spans[last][1]]):
        for k in range(last + 1, min(last + 3, len(spans))):
            if OTHER_SIDE.search(text[spans[k][0] : spans[k][1]]):
                last = k
                break
    colon = bool(LIST_LEAD.search(text[spans[last][0] : spans[last][1]]))
    if colon or announced:
        items = _list_after(text, spans, last, marked_only=not colon)
        if items:
            end = items[-1][1]
            result = [Span(best.hit, spans[first][0], end, best.score, tuple(items))]
            return result
        if next_chunk is not None and next_hit is not None and last == len(spans) - 1:
            lead = Span(best.hit, spans[first][0], spans[last][1], best.score)
            return [lead] + _continuation(next_hit, best.score, marked_only=not colon)
        # a colon with nothing after it is no answer on its own: quote it with what follows
        if colon and last + 1 < len(spans):
            last += 1
    return [Span(best.hit, spans[first][0], spans[last][1], best.score)]


def leans_back(sentence: str) -> bool:
    """The sentence cannot stand alone: it refers to the one before it."""
    return bool(BACK_REFERENCE.match(sentence) or EARLY_DEMONSTRATIVE.match(sentence))


def _same_paragraph(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return "\n\n" not in text[a[1] : b[0]]


def _list_after(text: str, spans: list[tuple[int, int]], k: int, marked_only: bool = False) -> list[tuple[int, int]]:
    """The items of a list that follows sentence k: bullet lines, or short lines, in the same chunk; a
    paragraph numbering its points ("… af 1) et dynamisk … 2) …") runs to its last number. With
    `marked_only`, only bullets or numbers make a list (no colon announced one)."""
    items: list[tuple[int, int]] = []
    words, marked = 0, False
    for i, (s, e) in enumerate(spans[k + 1 :], start=k + 1):
        line_start = text.rfind("\n", 0, s) + 1
        bulleted = line_start < s and not text[line_start:s].strip("•∆·▪●◦-–* 0123456789.)")
        numbered = not items and bool(ENUMERATION.search(text[s:e]))
        if items and marked and not bulleted and "\n" not in text[items[-1][1] : s]:
            items[-1] = (items[-1][0], e)  # a second sentence of the same bullet
        elif numbered and not bulleted or not items and bulleted and _numbered_inline(text, line_start, s, e):
            return [(s, _enumeration_end(text, spans, i))]
        elif bulleted or (not items and not marked_only and len(text[s:e].split()) <= 40):
            items.append((s, e))
            marked = bulleted
            if not bulleted:
                break  # an unmarked list is one paragraph
        else:
            break
        words += len(text[s:e].split())
        if len(items) >= MAX_LIST_ITEMS or words >= MAX_LIST_WORDS:
            break
    return items


def _numbered_inline(text: str, line_start: int, s: int, e: int) -> bool:
    """"1) Aktivitetstemaer, som … og 2) læringstemaer, som …": a numbered line that holds the next numbers."""
    return text[line_start:s].strip() in ("1)", "1.") and bool(ENUMERATION_ITEM.search(text[s:e]))


def _enumeration_end(text: str, spans: list[tuple[int, int]], i: int) -> int:
    """Where a numbered run that starts in sentence i ends: the last following sentence of its paragraph that
    still carries a number ("2) …", "4) …")."""
    end = spans[i][1]
    for s, e in spans[i + 1 : i + 1 + MAX_ENUMERATED]:
        if "\n\n" in text[end:s] or not ENUMERATION_ITEM.search(text[s:e]):
            break
        end = e
    return end


def paragraph_leads(text: str) -> list[tuple[int, int]] | None:
    """The first sentence of each paragraph of a text, or None when one of them is no statement to quote
    (a heading, a question): a section whose paragraphs are the items of a list."""
    leads = []
    for start, end in paragraph_spans(text):
        first = next(iter(sentence_spans(text[start:end])), None)
        if first is None or not is_statement(text[start + first[0] : start + first[1]]):
            return None
        leads.append((start + first[0], start + first[1]))
    return leads


def _continuation(hit: Hit, score: float, marked_only: bool = False) -> list[Span]:
    """The start of the next chunk, where a list announced by a colon (or by its count) goes on."""
    text = hit.chunk.text
    spans = sentence_spans(text)
    items = _list_after(text, [(0, 0)] + spans, 0, marked_only)
    if not items and not marked_only:
        items = spans[:2]
    if not items:
        return []
    words, kept = 0, []
    for s, e in items:
        kept.append((s, e))
        words += len(text[s:e].split())
        if words >= MAX_LIST_WORDS:
            break
    return [Span(hit, kept[0][0], kept[-1][1], score, tuple(kept) if len(kept) > 1 else (), continues=True)]


def next_in_paragraph(passage: _Passage) -> tuple[int, int] | None:
    """Start and end of the sentence after the passage in its paragraph, if there is one."""
    text = passage.chunk.text
    after = [(s, e) for s, e in sentence_spans(text) if s >= passage.end]
    if not after or "\n\n" in text[passage.end : after[0][0]]:
        return None
    return after[0]


def _is_item(text: str, start: int) -> bool:
    """The sentence at `start` stands in an item of a bulleted list (the cleaned text writes one item a line)."""
    return bool(BULLET_START.match(text, text.rfind("\n", 0, start) + 1))


def with_development(span: Span) -> Span:
    """A short sentence that opens its paragraph ("Den første større overgang for barnet er fra hjem til
    dagpleje/vuggestue.") names the paragraph's subject; the next sentence says something about it."""
    text = span.chunk.text
    opens = not text[: span.start].strip() or text[: span.start].rstrip(" \t").endswith("\n\n")
    if span.items or span.words() >= TOPIC_SENTENCE_WORDS or not opens or BULLET_LINE.match(text[span.start :]):
        return span
    nxt = next_in_paragraph(span)
    if nxt is None or not is_statement(text[nxt[0] : nxt[1]]) or span.words() + len(text[nxt[0] : nxt[1]].split()) > MAX_SPAN_WORDS:
        return span
    return replace(span, end=nxt[1])


def start_of_sentences_before(passage: _Passage, n: int) -> int:
    """Where the n sentences before the passage in its paragraph start (fewer at the paragraph's start)."""
    text = passage.chunk.text
    start = passage.start
    for s, e in reversed([(s, e) for s, e in sentence_spans(text) if e <= passage.start][-n:]):
        if "\n\n" in text[e:start]:
            break
        start = s
    return start


def extend_adjacent(
    span: Span, scored: dict[tuple[str, int], Sentence], margin: float, before: bool = False, across: bool = False,
    leaning: bool = False,
) -> Span:
    """Add a neighbouring sentence of the same paragraph when it scores nearly as well (one idea, two
    sentences): the next one, or with `before` the better of the previous and the next. With `across`, the
    neighbour may stand across a paragraph break (the lead's point often goes on in the next paragraph: the
    score, not the layout, says whether it belongs). With `leaning`, the next sentence of the same paragraph
    joins whatever it scores when it points back to the span ("EVA og VIVE vurderer kvalitet …" — "De ser på,
    om …"): its point is the span's, its own words name it only by "de" or "det"."""
    if span.items or span.continues or span.words() >= MAX_SPAN_WORDS // 2:
        return span
    text = span.chunk.text
    spans = sentence_spans(text)
    options = []
    after = [(s, e) for s, e in spans if s >= span.end]
    if after and (across or "\n\n" not in text[span.end : after[0][0]]):
        options.append(after[0])
    prior = [(s, e) for s, e in spans if e <= span.start]
    if before and prior and (across or "\n\n" not in text[prior[-1][1] : span.start]):
        options.append(prior[-1])
    best = None
    in_list = _is_item(text, span.start)
    for s, e in options:
        # a list's item and a paragraph's sentence are not one idea, unless the item goes on with the sentence
        # ("… at identificere indikatorer på god ledelse" — "• indikatorer der efterfølgende kan …")
        if _is_item(text, s) != in_list and not (s >= span.end and text[s:e][:1].islower()):
            continue
        nxt = scored.get((span.chunk.id, s))
        goes_on = leaning and s >= span.end and "\n\n" not in text[span.end : s] and leans_back(text[s:e])
        if nxt is None or nxt.score < span.score - margin and not goes_on:
            continue
        if not is_statement(text[s:e]) or span.words() + len(text[s:e].split()) > MAX_SPAN_WORDS:
            continue
        if best is None or nxt.score > best[2]:
            best = (s, e, nxt.score)
    if best is not None:
        span = replace(span, start=min(span.start, best[0]), end=max(span.end, best[1]))
    # the sentences that go on with the span's point join it, even when the one before was taken
    for _ in range(LEANING_SENTENCES if leaning else 0):
        nxt = next(((s, e) for s, e in spans if s >= span.end), None)
        if not nxt or "\n\n" in text[span.end : nxt[0]] or not leans_back(text[nxt[0] : nxt[1]]) or \
                not is_statement(text[nxt[0] : nxt[1]]) or span.words() + len(text[nxt[0] : nxt[1]].split()) > MAX_SPAN_WORDS:
            break
        span = replace(span, end=nxt[1])
    return span
