"""Whether the documents answer a question: answered, nearest (say so honestly), or not covered.

The calibration belongs to the embedder (cosines sit in different bands per model): one entry per
embedder id in `calibration.toml`, written by `python -m evals.calibrate`. An embedder without one is
an error, not a silent refusal of everything."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.cues import answers_number
from assistant.answer.question import Question

CALIBRATION = Path(__file__).with_name("calibration.toml")
UNKNOWN_NEAR_MISS = 0.3  # share of the question's words the corpus never uses that marks a near miss
NUMBER_TOPIC = 0.5  # share of the question's words besides the unit a sentence giving the number must contain


class UncalibratedEmbedder(RuntimeError):
    """The answer gate has no calibration for the configured embedder."""


@dataclass(frozen=True)
class Strength:
    """How well the evidence covers the question, and what it is made of."""

    value: float
    coverage: float
    best_window: float
    best_chunk: float
    unknown: float


@dataclass(frozen=True)
class Gate:
    """strength = lexical coverage of the top chunks + slopes × (cosines − centre) − penalty × unknown words."""

    centre: float
    window_slope: float
    chunk_slope: float
    unknown_penalty: float
    answer: float
    """Strength at or above which the question is answered."""
    nearest: float
    """Strength at or above which the nearest passage is offered, marked as such."""

    @classmethod
    def for_embedder(cls, embedder_id: str, path: Path = CALIBRATION) -> "Gate":
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        if embedder_id not in table:
            raise UncalibratedEmbedder(
                f"The answer gate is not calibrated for embedder {embedder_id!r} "
                f"(calibrated: {', '.join(table)}). Run `python -m evals.calibrate` with this embedder."
            )
        return cls(**table[embedder_id])

    def strength(self, coverage: float, best_window: float, best_chunk: float, unknown: float) -> Strength:
        value = (
            coverage
            + self.window_slope * (best_window - self.centre)
            + self.chunk_slope * (best_chunk - self.centre)
            - self.unknown_penalty * unknown
        )
        return Strength(value, coverage, best_window, best_chunk, unknown)

    def coverage(self, strength: Strength, question: Question, lead: str, lead_lexical: float = 1.0) -> str:
        if strength.value < self.nearest:
            return "not_covered"
        # A number question is judged by its number: with its unit, in a sentence on the question's topic, it
        # is answered; without one it is a near miss, however close the passage is otherwise.
        if question.kind == "number" and strength.unknown < UNKNOWN_NEAR_MISS:
            found = answers_number(question.wording, lead) and lead_lexical >= NUMBER_TOPIC
            return "answered" if found else "nearest"
        if strength.value < self.answer:
            return "nearest"
        # Evidence of a near miss: a key word the corpus never uses.
        if strength.unknown >= UNKNOWN_NEAR_MISS:
            return "nearest"
        return "answered"
