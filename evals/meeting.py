"""Meeting guide eval: are the readings and the opening statement on the topic, and is building fast?

Run with: python -m evals.meeting

Each topic in `meeting_topics.jsonl` has gold passages: exact quotes from the documents, verified
against the indexed chunk text before anything is scored. A reading or statement counts as relevant
when its chunk holds a gold quote (the guide quotes a span of a chunk; the gold names the passage)."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core import build_assistant
from assistant.meeting.guide import GuideBuilder

from .report import update_section

TOPICS = Path(__file__).with_name("meeting_topics.jsonl")
TARGET_SECONDS = 1.0


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class TopicScore:
    topic: str
    hit: bool
    precision: float
    opening: bool
    readings: int
    seconds: float
    own: float
    """A second build of the same topic: how much the time varies under load."""


def gold_chunks(searcher, gold: list[str]) -> set[str]:
    """The chunks holding each gold quote; a quote found nowhere is an error in the data, not a miss."""
    found = set()
    for quote in gold:
        ids = {c.id for c in searcher.chunks.values() if norm(quote) in norm(c.text)}
        if not ids:
            raise SystemExit(f"error: gold quote not in the documents: {quote!r} (fix {TOPICS.name})")
        found |= ids
    return found


def score(builder: GuideBuilder, topic: str, gold: set[str], timed: bool = True) -> TopicScore:
    """How the guide for `topic` reads against its gold chunks; `timed` also times a second, warm build."""
    start = time.perf_counter()
    guide = builder.build(topic, 60)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    if timed:
        builder.build(topic, 60)
    own = time.perf_counter() - start if timed else seconds
    relevant = [c.chunk_id in gold for c in guide.readings]
    statement = guide.opening.statement
    return TopicScore(topic, any(relevant), sum(relevant) / len(relevant) if relevant else 0.0,
                      statement is not None and statement.chunk_id in gold, len(guide.readings), seconds, own)


def main() -> list[TopicScore]:
    assistant = build_assistant()
    builder = GuideBuilder(assistant)
    cases = [json.loads(line) for line in TOPICS.read_text(encoding="utf-8").splitlines() if line.strip()]
    golds = [gold_chunks(assistant.searcher, c["gold"]) for c in cases]
    builder.build(cases[0]["topic"], 60)  # warm: models loaded, corpus statistics built
    scores = [score(builder, c["topic"], g) for c, g in zip(cases, golds)]
    embed = _embed_seconds(assistant, [c["topic"] for c in cases])
    update_section("meeting", report(scores, embed))
    print(report(scores, embed))
    return scores


def _embed_seconds(assistant, topics: list[str]) -> float:
    """Median time of one query embedding: on a busy machine it dominates building a guide."""
    times = []
    for t in topics:
        start = time.perf_counter()
        assistant.embedder.embed_query(t)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(scores: list[TopicScore], embed: float) -> str:
    n = len(scores)
    times = sorted(s.seconds for s in scores)
    rows = "\n".join(f"| {s.topic} | {'ja' if s.hit else 'nej'} | {s.precision:.2f} | "
                     f"{'ja' if s.opening else 'nej'} | {s.readings} | {s.seconds:.2f} |" for s in scores)
    return f"""## Meeting guide

Command: `python -m evals.meeting` ({n} topics with gold passages in `evals/meeting_topics.jsonl`,
60-minute guides; a reading is relevant when its chunk holds a gold quote). Times are wall clock on a
shared 2-core machine: the build is dominated by `Answerer.passages` embedding the topic, ~10 ms a query
when the machine is idle and up to ~1.7 s under load from parallel work.

| Measure | Value |
|---|---|
| Topics with a gold passage among the readings | {sum(s.hit for s in scores)}/{n} ({sum(s.hit for s in scores) / n:.0%}) |
| Precision of readings (mean over topics) | {statistics.mean(s.precision for s in scores):.2f} |
| Opening statement from a gold passage | {sum(s.opening for s in scores)}/{n} ({sum(s.opening for s in scores) / n:.0%}) |
| Readings per guide (mean) | {statistics.mean(s.readings for s in scores):.1f} |
| Build time warm, median / max | {statistics.median(times):.2f} s / {times[-1]:.2f} s (target ≤ {TARGET_SECONDS:.0f} s) |
| Same topic built again, median / max | {statistics.median(s.own for s in scores):.2f} s / {max(s.own for s in scores):.2f} s |
| One query embedding, median (the answerer embeds the topic twice) | {embed:.2f} s |

| Topic | Gold among readings | Precision | Opening on gold | Readings | Seconds |
|---|---|---|---|---|---|
{rows}
"""


if __name__ == "__main__":
    main()
