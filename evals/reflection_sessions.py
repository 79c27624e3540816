"""Scripted reflection sessions (`evals/reflection_sessions.jsonl`): suggestions, follow-ups, repeats, non-answers.

Measures: an expected question among the first 3 suggestions; follow-ups that connect to the answer's content
(automatic: the follow-up's focus or text holds a word the case says must be picked up; reader: the judgements
in `evals/reflection_judgements.jsonl`, keyed by concern, answer and the follow-up text judged); repeated follow-ups in a session (must be
0); non-answers given clarify/example/move_on rather than a follow-up.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.core import build_assistant
from assistant.reflect.facilitator import Facilitator
from assistant.reflect.sessions import SessionStore

from .data import EVALS, load_jsonl

SESSIONS = EVALS / "reflection_sessions.jsonl"
JUDGEMENTS = EVALS / "reflection_judgements.jsonl"


def run(assistant=None) -> tuple[dict, list[dict]]:
    assistant = assistant or build_assistant()
    cases = load_jsonl(SESSIONS)
    with tempfile.TemporaryDirectory() as tmp:
        f = Facilitator(assistant, SessionStore(Path(tmp) / "s.sqlite"))
        rows, top3, repeats = [], 0, 0
        for case in cases:
            suggested = [s.question.text.lower() for s in f.suggest(case["concern"])[:3]]
            top3 += any(e.lower() in t for e in case["expected"] for t in suggested)
            session = f.start_from_concern(case["concern"], k=len(case["answers"]))
            for a in case["answers"]:
                f.answer(session, a["text"])
                r = f.current(session).response
                rows.append({"concern": case["concern"], "answer": a["text"], "non_answer": a.get("non_answer", False),
                             "kind": r.kind, "text": r.text, "focus": r.focus,
                             "picked_up": any(w.lower() in (r.focus + " " + r.text).lower() for w in a.get("pick_up", []))})
                f.next(session)
            texts = [s.response.text for s in session.steps if s.response]
            repeats += len(texts) - len(set(texts))
    real = [r for r in rows if not r["non_answer"]]
    non = [r for r in rows if r["non_answer"]]
    # A judgement holds for the follow-up text it was made on: a changed text is unjudged until read again.
    judged = {(j["concern"], j["answer"], j.get("text")): j for j in load_jsonl(JUDGEMENTS)} if JUDGEMENTS.exists() else {}
    keys = [(r["concern"], r["answer"], r["text"]) for r in real]
    reader = [judged[k]["connects"] for k in keys if k in judged]
    scores = {
        "cases": len(cases), "top3": top3, "answers": len(real), "picked_up": sum(r["picked_up"] for r in real),
        "plain_follow_up": sum(r["kind"] == "follow_up" for r in real), "repeats": repeats,
        "non_answers": len(non), "recognised": sum(r["kind"] != "follow_up" for r in non),
        "reader_judged": len(reader), "reader_connects": sum(reader),
    }
    return scores, rows


def report(s: dict) -> str:
    return "\n".join([
        "### Scripted reflection sessions",
        "",
        "Command: `python -m evals.reflection` (cases: `evals/reflection_sessions.jsonl`; reader's judgements: "
        "`evals/reflection_judgements.jsonl`).",
        "",
        "| metric | value | target |",
        "|---|---|---|",
        f"| expected question in first 3 suggestions | {s['top3']}/{s['cases']} | – |",
        f"| follow-ups picking up the answer's content (automatic) | {s['picked_up']}/{s['answers']} | – |",
        f"| follow-ups that connect to the answer (reader) | {s['reader_connects']}/{s['reader_judged']} | – |",
        f"| repeated follow-ups in a session | {s['repeats']} | 0 |",
        f"| non-answers recognised (clarify/example/move_on) | {s['recognised']}/{s['non_answers']} | all |",
        f"| real answers wrongly treated as non-answers | {s['answers'] - s['plain_follow_up']}/{s['answers']} | 0 |",
    ]) + "\n"
