"""The path: short stations a newcomer takes in any order, each quoting the documents.

The stations are data (`prompts/intro_stations.toml`, in Danish): a title, the queries behind it, one
reflection question. The quotes are chosen by the answer selection (`Answerer.passages`) over the
station's queries, fused by reciprocal rank: a passage that answers several of the queries comes first."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.intro.glossary import Entry, Glossary, Term, load_terms, with_list
from assistant.models import Citation
from assistant.search.retrieval import rrf
from assistant.text.lexical import words

STATIONS_FILE = "intro_stations.toml"
MIN_STATIONS, MAX_STATIONS = 8, 12
MAX_QUOTES = 3
PER_QUERY = 3
RRF_K = 3  # short rankings: the first places should count
DUPLICATE_OVERLAP = 0.6  # the documents repeat themselves (summaries, boxes)


@dataclass(frozen=True)
class Station:
    """One stop on the path, as the data file describes it."""

    id: str
    title: str
    queries: tuple[str, ...]
    question: str
    ask: str
    """What "Spørg videre" asks the chat."""
    note: str = ""
    """Product text shown apart from the quotes (where the documents leave a newcomer alone)."""
    terms: tuple[str, ...] = ()
    """Glossary terms whose explaining sentence, when the documents have one, leads the quotes."""


class StationError(ValueError):
    """The stations file is missing something; the message says what, in English, for the developer."""


def load_stations(prompts_dir: Path) -> list[Station]:
    data = tomllib.loads((prompts_dir / STATIONS_FILE).read_text(encoding="utf-8"))
    stations = [_station(s) for s in data.get("station", [])]
    if not MIN_STATIONS <= len(stations) <= MAX_STATIONS:
        raise StationError(f"{STATIONS_FILE}: {len(stations)} stations, expected {MIN_STATIONS}-{MAX_STATIONS}")
    if len({s.id for s in stations}) != len(stations):
        raise StationError(f"{STATIONS_FILE}: station ids must be unique")
    return stations


def _station(raw: dict) -> Station:
    missing = [k for k in ("id", "title", "queries", "question") if not raw.get(k)]
    if missing:
        raise StationError(f"{STATIONS_FILE}: station {raw.get('id', '?')} lacks {', '.join(missing)}")
    return Station(
        raw["id"], raw["title"], tuple(raw["queries"]), raw["question"], raw.get("ask") or raw["queries"][0],
        raw.get("note", "").strip(), tuple(raw.get("terms", ())),
    )


def _key(c: Citation) -> tuple[str, int, int]:
    return (c.chunk_id, c.start, c.end)


def _similar(a: Citation, b: Citation) -> bool:
    wa, wb = set(words(a.quote)), set(words(b.quote))
    return len(wa & wb) / max(1, len(wa | wb)) > DUPLICATE_OVERLAP


def station_quotes(
    passages, station: Station, n: int = MAX_QUOTES, chunks: dict | None = None, leading: list[Citation] = (),
) -> list[Citation]:
    """Up to `n` quotes for a station: the `leading` ones (the documents' explanation of its terms), then
    each query's best answering spans, fused; one per chunk, no repeats. `passages(query, n)` is
    `Answerer.passages`; with the searcher's `chunks`, a quote that introduces a list takes the list with it."""
    found: dict[tuple, Citation] = {}
    rankings = []
    for query in station.queries:
        ranked = passages(query, PER_QUERY)
        found.update((_key(c), c) for c in ranked)
        rankings.append([_key(c) for c in ranked])
    fused = [found[key] for key, _ in sorted(rrf(rankings, RRF_K).items(), key=lambda kv: -kv[1])]
    chosen: list[Citation] = []
    for c in [*leading, *fused]:
        if len(chosen) < n and not any(c.chunk_id == o.chunk_id or _similar(c, o) for o in chosen):
            chosen.append(c)
    return [with_its_list(c, chunks).renumbered(i) for i, c in enumerate(chosen, start=1)]


def with_its_list(c: Citation, chunks: dict | None) -> Citation:
    chunk = (chunks or {}).get(c.chunk_id)
    if chunk is None or chunk.text != c.chunk_text:
        return c
    start, end = c.start - chunk.start, c.end - chunk.start
    longer = with_list(chunk.text, start, end)
    return c if longer == end else Citation.of(c.n, chunk, c.title, c.short, start, longer)


class IntroPath:
    """The stations, their quotes and the glossary over one assistant. Quotes are found on first use and
    kept until the documents change (an ingest replaces the assistant's answerer)."""

    def __init__(self, assistant, stations: list[Station] | None = None):
        self.assistant = assistant
        self.stations = stations if stations is not None else load_stations(assistant.settings.prompts_dir)
        self._quotes: dict[str, list[Citation]] = {}
        self._entries: dict[str, Entry] = {}
        self._answerer = None

    def station(self, station_id: str) -> Station:
        """The station with this id; KeyError for an unknown one."""
        return {s.id: s for s in self.stations}[station_id]

    def quotes(self, station_id: str) -> list[Citation]:
        self._check_fresh()
        if station_id not in self._quotes:
            station = self.station(station_id)
            explained = [self.entry(t) for t in station.terms]
            self._quotes[station_id] = station_quotes(
                self.assistant.answerer.passages, station, chunks=self.assistant.searcher.chunks,
                leading=[e.quotes[0] for e in explained if e.explained and e.quotes],
            )
        return self._quotes[station_id]

    def glossary(self) -> list[Entry]:
        """The ordliste's entries, in the data file's order."""
        return [self.entry(t.term) for t in self._terms()]

    def entry(self, term: str) -> Entry:
        """The documents' explanation of one term (a term not in the ordliste is looked up as written)."""
        self._check_fresh()
        if term not in self._entries:
            spec = next((t for t in self._terms() if t.term == term), Term(term))
            self._entries[term] = Glossary.of(self.assistant).entry(spec)
        return self._entries[term]

    def _terms(self) -> list[Term]:
        return load_terms(self.assistant.settings.prompts_dir)

    def _check_fresh(self) -> None:
        answerer = self.assistant.answerer
        if answerer is not self._answerer:
            self._quotes, self._entries, self._answerer = {}, {}, answerer
