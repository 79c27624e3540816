"""Speed: ingest, re-ingest, startup, warm search and answer against the query embedding's own time,
memory, and (with --app) the app in a real browser with the other core busy.

Run with: python -m evals.bench [--scale N] [--app]

Warm latencies are measured in a fresh serving process, each question's embedding, search and answer
timed side by side, so ratios hold even when the machine is shared. --scale N builds a corpus N× the
bundled one (evals/synthetic.py: real text reordered, vectors precomputed into the embedding cache).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from .data import dev_questions
from .report import update_section

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WARM_UP = "Hvad er leg?"  # loads models and caches before anything is timed; not in the question set


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """This process's own peak (VmHWM): ru_maxrss would include the parent's memory at fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def serve(rounds: int) -> dict:
    """In a fresh process (`--serve`): startup, then warm embedding / search / answer per question."""
    started = time.perf_counter()
    from assistant.core import build_assistant

    assistant = build_assistant()
    assistant.searcher.search(WARM_UP, k=5)
    startup = time.perf_counter() - started
    embed, searcher = assistant.embedder, assistant.searcher
    questions = [q["question"] for q in dev_questions()]
    rows = {"embed": [], "search": [], "answer": [], "answer_embed": []}
    for _ in range(rounds):
        for q in questions:
            rows["embed"].append(timed(lambda q=q: embed.embed_query(q)) * 1000)
            rows["search"].append(timed(lambda q=q: searcher.search(q, k=5)) * 1000)
    search_rss = peak_rss_mb()  # before the answerer exists
    answerer = assistant.answerer
    answerer.answer(WARM_UP)
    first = [timed(lambda q=q: answerer.answer(q)) * 1000 for q in questions]  # a new topic each time
    for _ in range(rounds):
        for q in questions:
            rows["answer_embed"].append(timed(lambda q=q: embed.embed_query(q)) * 1000)
            rows["answer"].append(timed(lambda q=q: answerer.answer(q)) * 1000)
    rss = peak_rss_mb()
    return {"startup": startup, "first": first, **rows, "rss": rss, "search_rss": search_rss,
            "chunks": len(searcher.chunks)}


def serving_figures(env: dict, rounds: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "evals.bench", "--serve", "--rounds", str(rounds)], cwd=PROJECT_ROOT,
                         env={**os.environ, **env}, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def cli_first_result(env: dict, runs: int = 5) -> float:
    """Process start to the first printed line of `python -m assistant search`, median of runs (the
    process then exits at once: the CLI skips the final collection of its heap)."""
    cmd = [sys.executable, "-m", "assistant", "search", "Hvordan styrker vi forældresamarbejdet?", "--k", "5"]

    def first_line() -> float:
        started = time.perf_counter()
        with subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL) as proc:
            proc.stdout.readline()
            elapsed = time.perf_counter() - started
            proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"the search CLI failed ({proc.returncode})")
        return elapsed

    return statistics.median(first_line() for _ in range(runs))


def app_figures(env: dict, questions: list[str]) -> dict:
    """First page after start, then Enter → complete answer with a CPU-bound process on the other core."""
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, LAUNCH_ARGS, app_server, ask

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        started = time.perf_counter()
        with app_server(env) as url:
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            first_page = time.perf_counter() - started  # drawn; the index loads after it (views.common.warm_up)
            ask(page, WARM_UP)  # typed at once: answered when the index has loaded
            first_answer = time.perf_counter() - started
            quiet = conversations(page, url, questions[:10])
            hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            try:
                busy = conversations(page, url, questions)
            finally:
                hog.kill()
        browser.close()
    return {"first_page": first_page, "first_answer": first_answer, "quiet": quiet, "busy": busy}


def conversations(page, url: str, questions: list[str], turns: int = 5) -> list[float]:
    """Enter → answer seconds, asked in conversations of a few turns (each run re-renders the history)."""
    from .browser import ask

    seconds = []
    for i, q in enumerate(questions):
        if i % turns == 0:
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        seconds.append(ask(page, q)[1])
    return seconds


def build_index(tmp: Path, scale: int) -> tuple[dict, dict]:
    """An index of the corpus at this scale in `tmp`; returns the settings env and the ingest figures."""
    from assistant.core import build_assistant
    from assistant.settings import Settings

    from . import synthetic

    data_dir, corpus = tmp / "data", PROJECT_ROOT / "corpus"
    if data_dir.exists():  # a kept folder (--keep): measure what is there
        corpus = tmp / "corpus" if scale > 1 else corpus
        return {"RA_DATA_DIR": str(data_dir), "RA_CORPUS_DIR": str(corpus)}, None
    data_dir.mkdir()
    dev_cache = PROJECT_ROOT / "data" / "embeddings.sqlite"  # content-addressed: only real vectors
    if dev_cache.exists():
        shutil.copy(dev_cache, data_dir / "embeddings.sqlite")
    if scale > 1:
        corpus = synthetic.write_corpus(corpus, tmp / "corpus", scale)
    assistant = build_assistant(Settings(_env_file=None, data_dir=data_dir, corpus_dir=corpus))
    originals = {d["id"] for d in tomllib.loads((PROJECT_ROOT / "corpus/manifest.toml").read_text())["document"]}
    seeded = timed(lambda: synthetic.seed_vectors(assistant, originals)) if scale > 1 else 0.0
    report = None

    def ingest():
        nonlocal report
        report = assistant.ingest()

    cold = timed(ingest)
    chunks = report.chunks
    again = timed(ingest)
    env = {"RA_DATA_DIR": str(data_dir), "RA_CORPUS_DIR": str(corpus)}
    return env, {"seeded": seeded, "cold": cold, "chunks": chunks, "again": again, "added": report.added}


def rows_of(scale: int, ingest: dict, served: dict, cli: float, app: dict | None) -> list[tuple[str, str, str]]:
    p50, p95 = statistics.median, lambda xs: percentile(xs, 95)
    embed, search, answer = served["embed"], served["search"], served["answer"]
    rows = [
        ("chunks", f"{ingest['chunks']}", f"vectors seeded in {ingest['seeded']:.0f} s" if scale > 1 else ""),
        ("ingest, vectors cached, per 1k chunks", f"{ingest['cold'] / ingest['chunks'] * 1000:.1f} s",
         f"{ingest['cold']:.1f} s in all"),
        ("re-ingest, unchanged corpus", f"{ingest['again']:.2f} s", "≤ 10 s at 100×"),
        ("startup (imports, index, first search)", f"{served['startup']:.2f} s", "≤ 5 s at 100×"),
        ("CLI: process start → first result", f"{cli:.2f} s", "≤ 1.5 s"),
        ("query embedding p50", f"{p50(embed):.1f} ms", "the floor"),
        ("hybrid search p50 / p95", f"{p50(search):.1f} / {p95(search):.1f} ms", "p95 ≤ 3 × 1× at 100×"),
        ("search / embedding (p50)", f"{p50(search) / p50(embed):.2f} ×", "≤ 1.5 ×"),
        ("offline answer p50 / p95", f"{p50(answer):.1f} / {p95(answer):.1f} ms", ""),
        ("answer / embedding (p50)", f"{p50(answer) / p50(served['answer_embed']):.2f} ×", "≤ 2 ×"),
        ("new-topic answer / repeated (p50)", f"{p50(served['first']) / p50(answer):.2f} ×", "≤ 1.2 ×"),
        ("peak memory, searching (RSS)", f"{served['search_rss']:.0f} MB", "≤ 800 MB at 100×"),
        ("peak memory, searching and answering (RSS)", f"{served['rss']:.0f} MB", "≤ 800 MB at 100×"),
    ]
    if app:
        rows += [
            ("app: start → first page", f"{app['first_page']:.2f} s", "≤ 3 s"),
            ("app: start → answer to a question typed on the first page", f"{app['first_answer']:.2f} s", ""),
            ("app: Enter → answer p50 / p95, quiet (conversations of 5 turns)", f"{p50(app['quiet']):.2f} / {p95(app['quiet']):.2f} s", ""),
            ("app: Enter → answer p50 / p95, other core busy",
             f"{p50(app['busy']):.2f} / {p95(app['busy']):.2f} s", "p50 ≤ 0.5 s, p95 ≤ 1 s"),
        ]
    return rows


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--scale", type=int, default=1)
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--app", action="store_true", help="also the app in a real browser (chromium)")
    args.add_argument("--keep", type=Path, help="build in this folder and keep it (for profiling)")
    args.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    opts = args.parse_args(argv)
    if opts.serve:
        print(json.dumps(serve(opts.rounds)))
        return 0
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        if opts.keep:
            opts.keep.mkdir(parents=True, exist_ok=True)
        env, ingest = build_index(opts.keep or Path(tmp), opts.scale)
        served = serving_figures(env, opts.rounds)
        cli = cli_first_result(env)
        app = app_figures(env, [q["question"] for q in dev_questions()]) if opts.app else None
    if ingest is None:  # a kept index: nothing was ingested, nothing is written to the report
        print(json.dumps({"cli": cli, **{k: v for k, v in served.items() if not isinstance(v, list)}}))
        return 0
    rows = rows_of(opts.scale, ingest, served, cli, app)
    table = "| measure | value | target |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    print(table)
    command = "python -m evals.bench" + (f" --scale {opts.scale}" if opts.scale > 1 else "") + (" --app" if opts.app else "")
    heading = "## Speed" if opts.scale == 1 else f"### Speed at {opts.scale}× the corpus"
    note = (f"`{command}` — 2 cores, load average {load[0]:.1f} at the start (other work shares the machine); "
            f"{len(served['first'])} dev questions × {opts.rounds} rounds, embedding, search and answer timed "
            f"side by side in one serving process.")
    update_section("bench" if opts.scale == 1 else f"bench-{opts.scale}x", f"{heading}\n\n{note}\n\n{table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
