"""Calibrate the answer gate for an embedder: ingest the corpus with it into a temporary data directory,
measure the evidence strength of the dev set's answerable and unanswerable questions, and write the
embedder's thresholds to `assistant/answer/calibration.toml`.

Run: `python -m evals.calibrate` (the configured embedder) or
`python -m evals.calibrate --model PATH` (a sentence-transformers model directory).

- `nearest` (below it: not covered) is the strength under which at most 3 % of answerable turns fall;
- `answer` (below it: the honest "nearest") is the strength that at least 90 % of the unanswerable and
  near-miss questions stay under, among those the threshold decides (a number question is decided by its
  number, see `Gate.coverage`);
- `centre` is the median best-window cosine of answerable questions (cosine bands differ per model)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import numpy as np

from assistant.answer import gate as gate_module
from assistant.core import build_assistant
from assistant.settings import Settings

from .data import EVALS, load_jsonl

SLOPES = {"window_slope": 1.0, "chunk_slope": 9.0, "unknown_penalty": 0.2}
WRONG_REFUSALS = 0.03
REFUSED = 0.90


def strengths(assistant) -> tuple[list[float], list[float], list[float]]:
    """Strength values of answerable and not-answerable turns, and best-window cosines of answerable ones."""
    answerable, other, cosines = [], [], []
    answerer = assistant.answerer
    for item in load_jsonl(EVALS / "dev_set.jsonl"):
        if item.get("type") == "task":
            continue
        session = assistant.chat_session()
        for turn in item.get("turns") or [item]:
            resolved = session.resolve(turn["question"])
            evidence = answerer.evidence(resolved.query, resolved.question, set(resolved.docs) or None)
            session.ask(turn["question"])
            if turn.get("gold"):
                answerable.append(evidence.strength)
            elif not _decided_by_cues(answerer.gate, evidence):  # the threshold would not change its coverage
                other.append(evidence.strength)
    cosines = [s.best_window for s in answerable]
    return [s.value for s in answerable], [s.value for s in other], cosines


def _decided_by_cues(gate, evidence) -> bool:
    """The cues decide this question whatever the `answer` threshold (a number asked for and present or
    absent, a word the corpus never uses): it says nothing about where the threshold belongs."""
    lead = evidence.sentences[0] if evidence.sentences else None
    args = (evidence.strength, evidence.question, lead.text if lead else "", lead.lexical if lead else 0.0)
    low, high = (gate.__class__(**{**gate.__dict__, "answer": a, "nearest": -1e9}) for a in (-1e9, 1e9))
    return low.coverage(*args) == high.coverage(*args)


def calibrate(settings: Settings, reuse_index: bool = False) -> dict[str, float]:
    embedder_id = build_assistant(settings).embedder.id
    table = _read()
    before = dict(table)
    table.setdefault(embedder_id, {"centre": 0.5, **SLOPES, "answer": 0.0, "nearest": -1e9})
    _write(table)  # a provisional entry so the answerer can be built while measuring
    try:
        entry = _measure(settings, embedder_id, table, reuse_index)
    except BaseException:
        _write(before)  # never leave the provisional entry behind
        raise
    table[embedder_id] = entry
    _write(table)
    return {"embedder": embedder_id, **entry}


def _measure(settings: Settings, embedder_id: str, table: dict, reuse_index: bool) -> dict[str, float]:
    if reuse_index:  # the configured data directory already holds this embedder's index
        centre = float(np.median(strengths(build_assistant(settings))[2]))
        table[embedder_id] = {**table[embedder_id], "centre": round(centre, 3)}
        _write(table)
        answerable, other, _ = strengths(build_assistant(settings))
        return _entry(centre, answerable, other)
    with tempfile.TemporaryDirectory() as tmp:
        temp = settings.model_copy(update={"data_dir": Path(tmp)})
        cache = settings.data_dir / "embeddings.sqlite"
        if cache.exists():  # content-addressed: reusing it only skips re-embedding unchanged text
            shutil.copy(cache, Path(tmp) / "embeddings.sqlite")
        assistant = build_assistant(temp)
        assistant.ingest()
        centre = float(np.median(strengths(assistant)[2]))
        table[embedder_id] = {"centre": round(centre, 3), **SLOPES, "answer": 0.0, "nearest": -1e9}
        _write(table)
        answerable, other, _ = strengths(build_assistant(temp))
    return _entry(centre, answerable, other)


def _entry(centre: float, answerable: list[float], other: list[float]) -> dict[str, float]:
    return {
        "centre": round(centre, 3), **SLOPES,
        "answer": round(float(np.quantile(other, REFUSED)), 3),
        "nearest": round(float(np.quantile(answerable, WRONG_REFUSALS)), 3),
    }


def _read() -> dict[str, dict]:
    import tomllib

    return tomllib.loads(gate_module.CALIBRATION.read_text(encoding="utf-8"))


def _write(table: dict[str, dict]) -> None:
    lines = ["# Answer gate calibration per embedder id, written by `python -m evals.calibrate` "
             "(see assistant/answer/gate.py)."]
    for name, entry in table.items():
        lines += ["", f'["{name}"]'] + [f"{k} = {v}" for k, v in entry.items()]
    gate_module.CALIBRATION.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a sentence-transformers model directory (else the configured embedder)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="measure on the configured data directory's index instead of a fresh one")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.model:
        settings = settings.model_copy(update={"embedder": "sentence-transformers", "embedding_model": args.model})
    result = calibrate(settings, args.reuse_index)
    print(" ".join(f"{k}={v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
