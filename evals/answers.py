"""Answer evaluation: citation recall, verbatim quotes, answer rate and refusal rate of the offline answer.

Run: `python -m evals.answers` (writes its section of evals/report.md).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.offline import MIN_STRENGTH
from assistant.core import Assistant, build_assistant
from assistant.models import Answer

from .report import update_section

EVALS = Path(__file__).resolve().parent
DEV = EVALS / "questions.jsonl"
UNANSWERABLE = EVALS / "unanswerable.jsonl"
COMMAND = "python -m evals.answers"
TARGETS = {"citation_recall": 0.85, "verbatim": 1.0, "answer_rate": 0.95, "refusal_rate": 0.8}


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    gold: list[str]
    """Gold quotes; empty for questions the documents do not answer."""


@dataclass(frozen=True)
class Result:
    case: Case
    answer: Answer
    strength: float


def normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_cases(dev: Path = DEV, unanswerable: Path = UNANSWERABLE) -> list[Case]:
    cases = []
    for path in (dev, unanswerable):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                cases.append(Case(item["id"], item["question"], [g["quote"] for g in item.get("gold", [])]))
    return cases


def run(assistant: Assistant, cases: list[Case]) -> list[Result]:
    answerer = assistant.answerer
    results = []
    for case in cases:
        evidence = answerer.evidence(case.question)
        results.append(Result(case, answerer.compose(case.question, evidence), evidence.strength))
    return results


def metrics(results: list[Result]) -> dict[str, float]:
    answerable = [r for r in results if r.case.gold]
    unanswerable = [r for r in results if not r.case.gold]
    answered = [r for r in answerable if r.answer.answered]
    golds = [(r, g) for r in answerable for g in r.case.gold]
    found = sum(any(normalize(g) in normalize(c.chunk_text) for c in r.answer.citations) for r, g in golds)
    quotes = [c for r in results for c in r.answer.citations]
    return {
        "citation_recall": found / max(1, len(golds)),
        "verbatim": sum(c.quote in c.chunk_text for c in quotes) / max(1, len(quotes)),
        "answer_rate": len(answered) / max(1, len(answerable)),
        "refusal_rate": sum(not r.answer.answered for r in unanswerable) / max(1, len(unanswerable)),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "gold_quotes": len(golds),
        "citations": len(quotes),
    }


def report(values: dict[str, float], results: list[Result], seconds: float) -> str:
    rows = "\n".join(
        f"| {name.replace('_', ' ')} | {values[name]:.3f} | ≥ {target:.2f} | {'ok' if values[name] >= target else 'MISSED'} |"
        for name, target in TARGETS.items()
    )
    misses = [
        f"- `{r.case.id}` {'refused' if r.case.gold else 'answered'} (strength {r.strength:.3f}): {r.case.question}"
        for r in results
        if r.answer.answered != bool(r.case.gold)
    ]
    return (
        "## Answers (offline, extractive)\n\n"
        f"Command: `{COMMAND}` — {values['answerable']} answerable dev questions "
        f"({values['gold_quotes']} gold quotes), {values['unanswerable']} unanswerable "
        f"(evals/unanswerable.jsonl plus dev questions without gold); {seconds:.0f} s.\n\n"
        "| metric | value | target | |\n|---|---|---|---|\n" + rows + "\n\n"
        "Citation recall: share of gold quotes (whitespace-collapsed, casefolded) contained in a cited chunk. "
        "Verbatim: share of cited quotes found verbatim in their chunk. "
        f"Refusal gate: evidence strength < {MIN_STRENGTH} (see `assistant/answer/offline.py`).\n\n"
        + ("Misclassified:\n\n" + "\n".join(misses) + "\n" if misses else "No misclassified questions.\n")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    started = time.perf_counter()
    results = run(build_assistant(), load_cases())
    values = metrics(results)
    text = report(values, results, time.perf_counter() - started)
    update_section("answers", text)
    print(text)
    return 0 if all(values[k] >= t for k, t in TARGETS.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
