"""Answer evaluation on the dev sets: does the answer quote the passage that answers, first, briefly;
are refusals right; do follow-ups keep their context.

Run: `python -m evals.answers` (writes its section of evals/report.md and evals/results/answers.jsonl).

- key quote: a quoted span (not merely the cited chunk) contains a quote of a passage that answers: the gold
  (the passage the question's author picked) or one of `also` (every other passage that answers as well, found
  in the documents afterwards by readers who saw the question and its gold but never an answer, as the held-out
  set's gold was written);
- first key: the first quote does;
- key quote / first key, one passage: the same, counting the author's gold only (the stricter figure of earlier
  reports: an answer quoting another passage that answers as well counts as a miss);
- refusal: coverage "not_covered" on an answerable question is a wrong refusal; on unanswerable and
  near-miss questions, anything but "answered" (an honest refusal or the marked "nearest") counts as
  refused; "unanswerable not covered" counts only the plain refusal (out of scope, "nearest" misleads);
- follow-up turns: turns after the first of a conversation whose answer quotes the turn's gold.
- judged first / judged key: the first (any) quote is a passage a reader judged to answer the turn
  (`evals/judged.jsonl`, see `judged_quote`), or holds the gold. The gold names one answering passage; the
  documents often answer in several places, and a blind reader judged the pooled candidates of every turn.
  A first quote outside the pool counts as not answering and as "unjudged".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from assistant.core import Assistant, build_assistant
from assistant.models import Answer

from .data import EVALS, load_jsonl, norm
from .report import update_section

DEV_SET = EVALS / "dev_set.jsonl"
HELDOUT = EVALS / "heldout.jsonl"
"""Written after the methods, by someone who never saw the answers, with every answering passage as gold:
measured, never developed on."""
JUDGED = EVALS / "judged.jsonl"
SHARED = EVALS.parent.parent / "shared" / "evals" / "dev_questions.jsonl"
RESULTS = EVALS / "results" / "answers.jsonl"
COMMAND = "python -m evals.answers"
TARGETS = {"key_quote": 0.85, "first_key": 0.70, "wrong_refusals": 0.03, "unanswerable_refused": 0.90,
           "near_miss_refused": 0.90, "median_words": 90}
NOT_ANSWERABLE = ("unanswerable", "near_miss")


@dataclass(frozen=True)
class Turn:
    """One asked question with its gold, and what the assistant answered."""

    case: str
    persona: str
    type: str
    index: int
    question: str
    gold: list[str]
    answer: Answer
    judged: dict | None = None
    """A reader's verdicts on passages pooled for this turn: "answers", "partly", "no"."""
    also: tuple[str, ...] = ()
    """The other passages that answer as well as the gold, found in the documents by a reader who never saw
    an answer (`also` in the dev set)."""

    @property
    def answering(self) -> list[str]:
        return [*self.gold, *self.also]

    @property
    def key(self) -> bool:
        return any(_contains(c.quote, self.answering) for c in self.answer.citations)

    @property
    def first_key(self) -> bool:
        return bool(self.answer.citations) and _contains(self.answer.citations[0].quote, self.answering)

    @property
    def key_one_passage(self) -> bool:
        return any(_contains(c.quote, self.gold) for c in self.answer.citations)

    @property
    def first_key_one_passage(self) -> bool:
        return bool(self.answer.citations) and _contains(self.answer.citations[0].quote, self.gold)

    def verdict(self, quote: str) -> str:
        """"answers", "partly", "no" for a quote, by the reader's verdicts (the gold answers); "" if unjudged."""
        if _contains(quote, self.answering):
            return "answers"
        for verdict in ("answers", "partly", "no"):
            if any(judged_quote(quote, p) for p in (self.judged or {}).get(verdict, [])):
                return verdict
        return ""

    @property
    def judged_first(self) -> bool:
        return bool(self.answer.citations) and self.verdict(self.answer.citations[0].quote) == "answers"

    @property
    def judged_key(self) -> bool:
        return any(self.verdict(c.quote) == "answers" for c in self.answer.citations)

    @property
    def words(self) -> int:
        return sum(len(c.quote.split()) for c in self.answer.citations)


def _contains(quote: str, gold: list[str]) -> bool:
    q = norm(quote)
    return any(norm(g) in q for g in gold)


def judged_quote(quote: str, passage: str) -> bool:
    """The quote is the judged passage, or one holds the other (a span widened or cut at a list)."""
    q, p = norm(quote), norm(passage)
    return p in q or q in p or p[:60] in q or q[:60] in p


def run(assistant: Assistant, items: list[dict], judged: dict | None = None) -> list[Turn]:
    judged = judged or {}
    turns = []
    for item in items:
        session = assistant.chat_session()
        for i, t in enumerate(item.get("turns") or [item]):
            answer = session.ask(t["question"])
            turns.append(Turn(item["id"], item.get("persona", ""), item.get("type", "general"), i, t["question"],
                              [g["quote"] for g in t.get("gold", [])], answer, judged.get((item["id"], i)),
                              tuple(g["quote"] for g in t.get("also", []))))
    return turns


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def metrics(turns: list[Turn]) -> dict[str, float]:
    answerable = [t for t in turns if t.gold]
    unanswerable = [t for t in turns if t.type == "unanswerable"]
    near = [t for t in turns if t.type == "near_miss"]
    tasks = [t for t in turns if t.type == "task"]
    follow = [t for t in answerable if t.index > 0]
    return {
        "key_quote": _share([t.key for t in answerable]),
        "first_key": _share([t.first_key for t in answerable]),
        "key_quote_one_passage": _share([t.key_one_passage for t in answerable]),
        "first_key_one_passage": _share([t.first_key_one_passage for t in answerable]),
        "judged_key": _share([t.judged_key for t in answerable if t.judged]),
        "judged_first": _share([t.judged_first for t in answerable if t.judged]),
        "first_unjudged": _share([t.verdict(t.answer.citations[0].quote) == "" for t in answerable
                                  if t.judged and t.answer.citations]),
        "wrong_refusals": _share([t.answer.coverage == "not_covered" for t in answerable]),
        "nearest_on_answerable": _share([t.answer.coverage == "nearest" for t in answerable]),
        "unanswerable_refused": _share([t.answer.coverage != "answered" for t in unanswerable]),
        "near_miss_refused": _share([t.answer.coverage != "answered" for t in near]),
        "unanswerable_not_covered": _share([t.answer.coverage == "not_covered" for t in unanswerable]),
        "follow_up_key": _share([t.key for t in follow]),
        "tasks_served": _share([bool(t.answer.actions) and t.answer.coverage != "not_covered" for t in tasks]),
        "median_words": statistics.median([t.words for t in answerable if t.answer.citations] or [0]),
        "median_quotes": statistics.median([len(t.answer.citations) for t in answerable if t.answer.citations] or [0]),
        "verbatim": _share([c.quote in c.chunk_text for t in turns for c in t.answer.citations]),
        "n_answerable": len(answerable), "n_unanswerable": len(unanswerable), "n_near_miss": len(near),
        "n_follow_up": len(follow), "n_tasks": len(tasks),
    }


def _ok(name: str, value: float) -> str:
    target = TARGETS.get(name)
    if target is None or value != value:  # no target, or nothing of that kind in the set
        return ""
    good = value <= target if name in ("wrong_refusals", "median_words") else value >= target
    return "ok" if good else "MISSED"


def _by(turns: list[Turn], field: str) -> str:
    groups: dict[str, list[Turn]] = defaultdict(list)
    for t in turns:
        groups["follow-up turn" if field == "type" and t.index > 0 else getattr(t, field)].append(t)
    rows = []
    for name, group in sorted(groups.items()):
        ans = [t for t in group if t.gold]
        refusable = [t for t in group if t.type in NOT_ANSWERABLE]
        rows.append(
            f"| {name} | {len(group)} | {_fmt(_share([t.key for t in ans]))} | {_fmt(_share([t.first_key for t in ans]))} "
            f"| {_fmt(_share([t.answer.coverage == 'not_covered' for t in ans]))} "
            f"| {_fmt(_share([t.answer.coverage != 'answered' for t in refusable]))} |"
        )
    return (f"| {field} | n | key quote | first key | wrong refusals | refused (unanswerable) |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows))


def _fmt(x: float) -> str:
    return "–" if x != x else f"{x:.2f}"


def report(sets: dict[str, tuple[dict, list[Turn]]], seconds: float) -> str:
    lines = ["## Answers (offline, extractive)", "",
             f"Command: `{COMMAND}` ({seconds:.0f} s). Sets: `evals/dev_set.jsonl` (own dev set), "
             "`shared/evals/dev_questions.jsonl` (second set) and `evals/heldout.jsonl` (held out: written after the "
             "methods by someone who never saw the answers, every answering passage as gold). The own set's key quote "
             "and first key count every passage that answers: its gold and `also`, the other answering passages "
             "found in the documents by readers who never saw an answer; \"one passage\" counts the gold only. "
             "Per-question results: `evals/results/answers.jsonl`.", ""]
    names = list(sets)
    keys = [k for k in next(iter(sets.values()))[0] if not k.startswith("n_")]
    lines += ["| metric | " + " | ".join(names) + " | target |", "|---|" + "---|" * len(names) + "---|"]
    for k in keys:
        values = " | ".join(f"{_fmt(sets[n][0][k])} {_ok(k, sets[n][0][k])}".strip() for n in names)
        target = TARGETS.get(k)
        tgt = "" if target is None else (f"≤ {target}" if k in ("wrong_refusals", "median_words") else f"≥ {target}")
        lines.append(f"| {k.replace('_', ' ')} | {values} | {tgt} |")
    counts = next(iter(sets.values()))[0]
    lines += ["", f"Own set: {counts['n_answerable']} answerable turns ({counts['n_follow_up']} of them follow-up turns), "
              f"{counts['n_unanswerable']} unanswerable, {counts['n_near_miss']} near misses, {counts['n_tasks']} task requests.", ""]
    own = sets[names[0]][1]
    lines += ["### Own set by question type", "", _by(own, "type"), "", "### Own set by persona", "", _by(own, "persona")]
    return "\n".join(lines)


def save(turns: list[Turn], path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for t in turns:
            f.write(json.dumps({
                "id": t.case, "turn": t.index, "type": t.type, "question": t.question, "coverage": t.answer.coverage,
                "kind": t.answer.kind, "key": t.key, "first_key": t.first_key, "judged_first": t.judged_first if t.judged else None, "words": t.words,
                "query": t.answer.search_query, "gold": t.gold, "also": list(t.also), "text": t.answer.text,
            }, ensure_ascii=False) + "\n")


def judgements(path: Path = JUDGED) -> dict[tuple[str, int], dict]:
    return {(j["id"], j["turn"]): j for j in load_jsonl(path)} if path.exists() else {}


def shared_items(path: Path = SHARED) -> list[dict]:
    if not path.exists():
        return []
    return [dict(item, type="general" if item.get("gold") else "unanswerable") for item in load_jsonl(path)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--no-report", action="store_true", help="print only; leave evals/report.md alone")
    args = parser.parse_args(argv)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    started = time.perf_counter()
    assistant = build_assistant()
    own = run(assistant, load_jsonl(DEV_SET), judgements())
    second = run(assistant, shared_items())
    heldout = run(assistant, load_jsonl(HELDOUT)) if HELDOUT.exists() else []
    save(own + second + heldout)
    sets = {"own dev set": (metrics(own), own), "shared dev set": (metrics(second), second)}
    if heldout:
        sets["held-out set"] = (metrics(heldout), heldout)
    text = report(sets, time.perf_counter() - started)
    if not args.no_report:
        update_section("answers", text)
    print(text)
    values = sets["own dev set"][0]
    return 0 if all(_ok(k, values[k]) == "ok" for k in TARGETS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
