"""Question sets for the evals, and the gold-quote match rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

EVALS = Path(__file__).parent


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_questions() -> list[dict]:
    return load_jsonl(EVALS / "questions.jsonl")


def answerable(questions: list[dict]) -> list[dict]:
    return [q for q in questions if q.get("gold")]


def norm(text: str) -> str:
    """Whitespace collapsed, case folded: the comparison the gold quotes are written for."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def contains_gold(text: str, question: dict) -> bool:
    t = norm(text)
    return any(norm(g["quote"]) in t for g in question.get("gold", []))
