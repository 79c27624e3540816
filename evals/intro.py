"""The introduction path against hand-written gold: `python -m evals.intro`.

Glossary: for each gold term, does a quote shown for it contain one of the sentences that explain it
(`evals/glossary_gold.jsonl`, exact document sentences, verified against the index before scoring)?
A gold term with no quotes is one the documents never explain: it should be marked unexplained.
Every quote, stations and glossary, must be the chunk's own text at its offsets (verbatim)."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field

from assistant.core import build_assistant
from assistant.intro.glossary import Entry, load_terms, mentions
from assistant.intro.path import IntroPath
from assistant.models import Citation

from .data import EVALS, load_jsonl, norm
from .report import update_section

GOLD = EVALS / "glossary_gold.jsonl"
TARGET_EXPLAINS, TARGET_HONEST, TARGET_VERBATIM = 0.75, 0.75, 1.0


@dataclass
class Scores:
    explains: float
    """Share of gold terms with an explaining sentence where a shown quote contains one."""
    first_explains: float
    """The same, counting only the first quote shown."""
    honest: float
    """Share of never-explained gold terms marked as unexplained."""
    verbatim: float
    """Share of all quotes (stations and glossary) that are the chunk's text at their offsets."""
    term_in_quote: float
    """Share of glossary quotes that contain the term or a variant."""
    quotes: int
    stations_ok: int
    stations: int
    explained_terms: int
    terms: int
    defined: int
    """Gold terms that have explaining sentences."""
    rows: list[tuple[str, str, str]] = field(default_factory=list)


def verbatim(c: Citation, chunks: dict) -> bool:
    chunk = chunks.get(c.chunk_id)
    return chunk is not None and bool(c.quote) and chunk.text[c.start - chunk.start : c.end - chunk.start] == c.quote


def check_gold(gold: list[dict], chunks: dict) -> None:
    """Every gold sentence must stand in the documents as written; a typo would silently score 0."""
    texts = [norm(c.text) for c in chunks.values()]
    for g in gold:
        for q in g["quotes"]:
            if not any(norm(q) in t for t in texts):
                raise SystemExit(f"error: gold quote for {g['term']!r} is not in the indexed documents: {q[:60]}…")


def _hit(entry: Entry, gold: dict, first_only: bool = False) -> bool:
    quotes = entry.quotes[:1] if first_only else entry.quotes
    return any(norm(g) in norm(c.quote) for c in quotes for g in gold["quotes"])


def score(path: IntroPath, gold: list[dict]) -> Scores:
    chunks = path.assistant.searcher.chunks
    check_gold(gold, chunks)
    entries = {e.term: e for e in path.glossary()}
    terms = {t.term: t for t in load_terms(path.assistant.settings.prompts_dir)}
    missing = [g["term"] for g in gold if g["term"] not in entries]
    if missing:
        raise SystemExit(f"error: gold terms not in prompts/intro_glossary.toml: {', '.join(missing)}")
    defined = [g for g in gold if g["quotes"]]
    undefined = [g for g in gold if not g["quotes"]]
    station_quotes = {s.id: path.quotes(s.id) for s in path.stations}
    glossary_quotes = [(e.term, c) for e in entries.values() for c in e.quotes]
    every = [c for qs in station_quotes.values() for c in qs] + [c for _, c in glossary_quotes]
    rows = [(g["term"], _verdict(entries[g["term"]], g), _shown(entries[g["term"]])) for g in gold]
    return Scores(
        explains=_share(_hit(entries[g["term"]], g) for g in defined),
        first_explains=_share(_hit(entries[g["term"]], g, first_only=True) for g in defined),
        honest=_share(not entries[g["term"]].explained for g in undefined),
        verbatim=_share(verbatim(c, chunks) for c in every),
        term_in_quote=_share(mentions(terms[t], c.quote) for t, c in glossary_quotes),
        quotes=len(every), stations_ok=sum(2 <= len(q) <= 3 for q in station_quotes.values()),
        stations=len(station_quotes), explained_terms=sum(e.explained for e in entries.values()),
        terms=len(entries), defined=len(defined),
        rows=rows,
    )


def _share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 1.0


def _verdict(entry: Entry, gold: dict) -> str:
    if not gold["quotes"]:
        return "honest: unexplained" if not entry.explained else "WRONG: claims an explanation"
    if _hit(entry, gold, first_only=True):
        return "explained (first quote)"
    return "explained (second quote)" if _hit(entry, gold) else "MISSED"


def _shown(entry: Entry) -> str:
    if not entry.quotes:
        return "–"
    text = " ".join(entry.quotes[0].quote.split())
    return (text[:90] + "…" if len(text) > 90 else text).replace("|", "/")


def report(s: Scores, seconds: float) -> str:
    ok = s.explains >= TARGET_EXPLAINS and s.honest >= TARGET_HONEST and s.verbatim >= TARGET_VERBATIM
    lines = [
        "## Introduction path",
        "",
        "Command: `python -m evals.intro` (gold: `evals/glossary_gold.jsonl`, exact document sentences that "
        "explain each term, checked against the index; a term with no gold sentence is one the documents "
        "never explain). A term counts as explained when a quote shown for it contains a gold sentence.",
        "",
        "| metric | value | target |",
        "|---|---|---|",
        f"| glossary: a shown quote explains the term ({s.defined} gold terms) | {s.explains:.2f} "
        f"| ≥ {TARGET_EXPLAINS} |",
        f"| glossary: the first quote explains it | {s.first_explains:.2f} | – |",
        f"| glossary: never-explained terms shown as such ({len(s.rows) - s.defined} gold terms) "
        f"| {s.honest:.2f} | ≥ {TARGET_HONEST} |",
        f"| glossary quotes containing the term | {s.term_in_quote:.2f} | 1.00 |",
        f"| every quote verbatim ({s.quotes} quotes, stations and glossary) | {s.verbatim:.2f} "
        f"| {TARGET_VERBATIM:.2f} |",
        f"| stations with 2–3 quotes | {s.stations_ok}/{s.stations} | all |",
        f"| glossary terms with an explaining sentence | {s.explained_terms}/{s.terms} | ≥ 20 |",
        f"| whole path and glossary, first build in a new process | {seconds:.1f} s "
        f"(load average {os.getloadavg()[0]:.1f} on this shared machine) | – |",
        "",
        f"Targets {'met' if ok else 'NOT met'}.",
        "",
        "| term | verdict | first quote shown |",
        "|---|---|---|",
    ]
    lines += [f"| {term} | {verdict} | {shown} |" for term, verdict, shown in s.rows]
    return "\n".join(lines) + "\n"


def main() -> Scores:
    path = IntroPath(build_assistant())
    started = time.perf_counter()
    for station in path.stations:
        path.quotes(station.id)
    path.glossary()
    seconds = time.perf_counter() - started
    scores = score(path, load_jsonl(GOLD))
    update_section("intro", report(scores, seconds))
    print(f"explains {scores.explains:.2f}  honest {scores.honest:.2f}  verbatim {scores.verbatim:.2f}"
          f"  -> evals/report.md", file=sys.stderr)
    return scores


if __name__ == "__main__":
    main()
