"""One fast threshold test on the own dev set (the full report is `make eval`): it fails on a real
regression of answer selection, refusals or verbatim quoting. Thresholds sit a little below the
figures in evals/report.md."""

from __future__ import annotations

from evals.answers import DEV_SET, judgements, metrics, run
from evals.data import load_jsonl

FLOORS = {"key_quote": 0.82, "first_key": 0.66, "key_quote_one_passage": 0.67, "first_key_one_passage": 0.55, "judged_key": 0.85, "judged_first": 0.70, "unanswerable_refused": 0.85, "near_miss_refused": 0.80,
          "tasks_served": 0.85, "verbatim": 1.0}
CEILINGS = {"wrong_refusals": 0.05, "median_words": 84}


def test_answers_on_the_dev_set_stay_above_their_floors(corpus_assistant):
    values = metrics(run(corpus_assistant, load_jsonl(DEV_SET), judgements()))
    assert values["n_answerable"] >= 120 and values["n_unanswerable"] + values["n_near_miss"] >= 20
    low = {k: round(values[k], 3) for k, floor in FLOORS.items() if values[k] < floor}
    high = {k: round(values[k], 3) for k, ceiling in CEILINGS.items() if values[k] > ceiling}
    assert not low and not high, f"below floor: {low}; above ceiling: {high}"


def test_retrieval_with_sentence_scoring_on_the_judged_dev_set_stays_above_its_floor(corpus_assistant):
    from evals.retrieval import judged_questions, own_questions, understood

    plain = understood(corpus_assistant, judged_questions(own_questions()))
    scored = understood(corpus_assistant, judged_questions(own_questions()), sentences=True)
    assert scored.recall[5] >= 0.92 and scored.mrr >= 0.83, (scored.recall, scored.mrr)
    assert scored.mrr > plain.mrr  # the chunk holding the answering sentence moves up
