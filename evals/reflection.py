"""Reflection question extraction against the hand-made gold list: `python -m evals.reflection`.

Questions match by normalised text (case, spacing, quotes). Derived questions are not part of
the gold list (the documents do not ask them) and are counted separately.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from assistant.ingest.indexing import prepare, read_all
from assistant.reflect.inventory import extract_all
from assistant.reflect.paragraphs import normalise
from assistant.models import ReflectionQuestion
from assistant.settings import Settings

from .report import update_section
from .data import EVALS, load_jsonl

GOLD = EVALS / "reflection_gold.jsonl"
TARGET = 0.95


@dataclass
class Scores:
    recall: float
    precision: float
    gold: int
    found: int
    matched: int
    theme_agreement: float
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def score(questions: list[ReflectionQuestion], gold: list[dict]) -> Scores:
    """Recall and precision of the documents' own questions against the gold list."""
    own = {normalise(q.text): q for q in questions if not q.derived}
    wanted = {normalise(g["text"]): g for g in gold}
    matched = own.keys() & wanted.keys()
    same_theme = sum(own[k].theme == wanted[k]["theme"] for k in matched)
    return Scores(
        recall=len(matched) / len(wanted) if wanted else 1.0,
        precision=len(matched) / len(own) if own else 1.0,
        gold=len(wanted), found=len(own), matched=len(matched),
        theme_agreement=same_theme / len(matched) if matched else 0.0,
        missed=sorted(wanted[k]["text"] for k in wanted.keys() - matched),
        extra=sorted(own[k].text for k in own.keys() - matched),
    )


def corpus_questions(settings: Settings | None = None) -> list[ReflectionQuestion]:
    """The inventory of the bundled corpus, extracted as ingest does (no index needed)."""
    settings = settings or Settings()
    raw, _ = read_all(settings.corpus_dir, settings.data_dir)
    bundled = [r for r in raw if not r.doc.user_added]
    return extract_all(prepare(bundled, settings.chunk_min_words, settings.chunk_max_words), settings.prompts_dir)


def report(scores: Scores, questions: list[ReflectionQuestion], seconds: float) -> str:
    derived = [q for q in questions if q.derived]
    ok = scores.recall >= TARGET and scores.precision >= TARGET
    lines = [
        "## Reflection question extraction",
        "",
        "Command: `python -m evals.reflection` (gold: `evals/reflection_gold.jsonl`, match by normalised text).",
        "",
        "| metric | value | target |",
        "|---|---|---|",
        f"| recall | {scores.recall:.3f} ({scores.matched}/{scores.gold}) | ≥ {TARGET} |",
        f"| precision | {scores.precision:.3f} ({scores.matched}/{scores.found}) | ≥ {TARGET} |",
        f"| theme agrees with gold (matched) | {scores.theme_agreement:.3f} | – |",
        f"| derived questions (not in gold) | {len(derived)} from {len({q.doc_id for q in derived})} documents | – |",
        f"| extraction time | {seconds:.2f} s | – |",
        "",
        f"Targets {'met' if ok else 'NOT met'}.",
    ]
    if scores.missed:
        lines += ["", "Missed:", ""] + [f"- {t}" for t in scores.missed]
    if scores.extra:
        lines += ["", "Not in gold:", ""] + [f"- {t}" for t in scores.extra]
    return "\n".join(lines) + "\n"


def main() -> Scores:
    started = time.perf_counter()
    questions = corpus_questions()
    seconds = time.perf_counter() - started
    scores = score(questions, load_jsonl(GOLD))
    from .reflection_sessions import report as session_report
    from .reflection_sessions import run as run_sessions

    sessions, _ = run_sessions()
    update_section("reflection", report(scores, questions, seconds) + "\n" + session_report(sessions))
    print(f"recall {scores.recall:.3f}  precision {scores.precision:.3f}  sessions {sessions}  -> evals/report.md")
    return scores


if __name__ == "__main__":
    main()
