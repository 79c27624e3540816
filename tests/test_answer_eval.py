"""One fast threshold test on the own dev set (the full report is `make eval`): it fails on a real
regression of answer selection, refusals or verbatim quoting. Thresholds sit a little below the
figures in evals/report.md."""

from __future__ import annotations

from evals.answers import DEV_SET, judgements, metrics, run
from evals.data import load_jsonl

FLOORS = {"key_quote": 0.64, "first_key": 0.46, "judged_key": 0.83, "judged_first": 0.65, "unanswerable_refused": 0.85, "near_miss_refused": 0.80,
          "tasks_served": 0.85, "verbatim": 1.0}
CEILINGS = {"wrong_refusals": 0.05, "median_words": 90}


def test_answers_on_the_dev_set_stay_above_their_floors(corpus_assistant):
    values = metrics(run(corpus_assistant, load_jsonl(DEV_SET), judgements()))
    assert values["n_answerable"] >= 120 and values["n_unanswerable"] + values["n_near_miss"] >= 20
    low = {k: round(values[k], 3) for k, floor in FLOORS.items() if values[k] < floor}
    high = {k: round(values[k], 3) for k, ceiling in CEILINGS.items() if values[k] > ceiling}
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"
