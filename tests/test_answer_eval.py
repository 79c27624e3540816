"""The answer evaluation on the dev set meets its targets (recall, verbatim quotes, answer and refusal rates)."""

from __future__ import annotations

from evals.answers import TARGETS, load_cases, metrics, report, run


def test_answer_metrics_meet_targets(corpus_assistant):
    results = run(corpus_assistant, load_cases())
    values = metrics(results)
    assert values["answerable"] >= 20 and values["unanswerable"] >= 20
    for name, target in TARGETS.items():
        assert values[name] >= target, report(values, results, 0)
