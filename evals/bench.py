"""Speed: cold ingest vs the embedder's own time, re-ingest, warm search and answer latency, memory.

Run with: python -m evals.bench
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.core import build_assistant
from assistant.ingest.indexing import prepare, read_all
from assistant.reflect.inventory import embedding_text, extract_all
from assistant.settings import Settings

from .data import dev_questions
from .report import update_section


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def latencies(fn, questions: list[str], rounds: int = 3) -> list[float]:
    for q in questions:  # warm-up: models loaded, caches (embedded sentences) filled
        fn(q)
    return [timed(lambda q=q: fn(q)) * 1000 for _ in range(rounds) for q in questions]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp))
        assistant = build_assistant(settings)
        # The embedder's floor: every text a cold ingest embeds (sentence windows and reflection questions).
        raw, _ = read_all(settings.corpus_dir, settings.data_dir)
        prepared = prepare(raw, settings.chunk_min_words, settings.chunk_max_words, settings.window_words)
        texts = [w.search_text() for p in prepared for w in p.windows]
        texts += [embedding_text(q) for q in extract_all(prepared, settings.prompts_dir)]
        embed_seconds = timed(lambda: assistant.embedder.embed_passages(texts))
        cold = timed(assistant.ingest)
        warm = timed(assistant.ingest)
        questions = [q["question"] for q in dev_questions()]
        search_ms = latencies(lambda q: assistant.searcher.search(q, k=5), questions)
        rows = [
            ("cold ingest (bundled corpus)", f"{cold:.1f} s", f"≤ {1.25 * embed_seconds:.1f} s (1.25 × embedder)"),
            ("embedder alone, same texts", f"{embed_seconds:.1f} s", f"{len(texts)} passages (floor)"),
            ("cold ingest / embedder", f"{cold / embed_seconds:.2f} ×", "≤ 1.25 ×"),
            ("re-ingest, unchanged corpus", f"{warm:.2f} s", "≤ 5 s"),
            ("hybrid search p50 (warm)", f"{statistics.median(search_ms):.1f} ms", ""),
            ("hybrid search p95 (warm)", f"{percentile(search_ms, 95):.1f} ms", "≤ 50 ms"),
        ]
        answer_ms = latencies(assistant.answerer.answer, questions)
        rows += [
            ("offline answer p50 (warm)", f"{statistics.median(answer_ms):.1f} ms", ""),
            ("offline answer p95 (warm)", f"{percentile(answer_ms, 95):.1f} ms", "≤ 150 ms"),
        ]
        rows.append(("peak memory (RSS)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""))
    table = "| measure | value | target |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    print(table)
    update_section("bench", "## Speed\n\n`python -m evals.bench` (2 cores; search over the dev questions, 3 rounds).\n\n" + table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
