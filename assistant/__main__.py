"""Command line: `python -m assistant config|search|ask|questions ...`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

from .core import Assistant, build_assistant
from .store import IndexMismatchError, IndexMissingError


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def read_batch(path: Path) -> Iterator[dict]:
    """One JSON object per line with a `question` field; blank lines are skipped."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"error: {path}:{n}: not valid JSON ({exc.msg})")
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise SystemExit(f"error: {path}:{n}: expected an object with a 'question' string")
        yield item


def cmd_config(assistant: Assistant, args) -> int:
    for key, value in assistant.settings.describe().items():
        print(f"{key} = {value}")
    return 0


def hit_json(hit) -> dict:
    c = hit.chunk
    return {"doc_id": c.doc_id, "title": hit.title, "section": c.section, "chunk_id": c.id,
            "text": c.text, "score": round(hit.score, 6)}


def cmd_search(assistant: Assistant, args) -> int:
    def run(question: str) -> list[dict]:
        return [hit_json(h) for h in assistant.searcher.search(question, k=args.k, mode=args.mode)]

    return _each_question(args, run, lambda q, hits: {"question": q, "hits": hits}, _print_hits)


def _print_hits(question: str, hits: list[dict]) -> None:
    print(f"? {question}")
    for i, h in enumerate(hits, start=1):
        print(f"  {i}. [{h['score']:.4f}] {h['title']} / {h['section']}\n     {h['text'][:200]}")


def _each_question(args, run: Callable, as_json: Callable, as_text: Callable) -> int:
    if args.batch:
        for item in read_batch(args.batch):
            _print_json(as_json(item["question"], run(item["question"])))
        return 0
    if not args.question:
        print("error: give a question or --batch FILE.jsonl", file=sys.stderr)
        return 2
    result = run(args.question)
    if args.json:
        _print_json(result if not isinstance(result, dict) else result)
    else:
        as_text(args.question, result)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Refleksionsassistenten")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("config", help="print the effective settings")
    search = sub.add_parser("search", help="search the documents")
    search.add_argument("question", nargs="?")
    search.add_argument("--batch", type=Path, help="JSONL file with a 'question' per line")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--mode", choices=["bm25", "dense", "hybrid"], default="hybrid")
    search.add_argument("--json", action="store_true")
    commands = {"config": cmd_config, "search": cmd_search}
    for register in EXTRA_COMMANDS:
        commands.update(register(sub))
    args = parser.parse_args(argv)
    assistant = build_assistant()
    try:
        return commands[args.command](assistant, args)
    except (IndexMissingError, IndexMismatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


# Later features register their subcommands here: each takes the subparsers and returns {name: handler}.
EXTRA_COMMANDS: list[Callable] = []

QUESTION_FIELDS = ("id", "text", "theme", "doc_id", "title", "section", "context", "derived", "statement")


def cmd_questions(assistant: Assistant, args) -> int:
    questions = [q for q in assistant.inventory
                 if (not args.theme or q.theme == args.theme) and not (args.own_only and q.derived)]
    if args.json:
        _print_json([{k: getattr(q, k) for k in QUESTION_FIELDS} for q in questions])
        return 0
    for q in questions:
        print(f"[{q.theme}]{' (afledt)' if q.derived else ''} {q.text}\n    {q.title} / {q.section}")
    return 0


def register_questions(sub) -> dict[str, Callable]:
    questions = sub.add_parser("questions", help="list the reflection questions found in the documents")
    questions.add_argument("--theme", help="only this theme, e.g. forberedelse")
    questions.add_argument("--own-only", action="store_true", help="leave out derived questions")
    questions.add_argument("--json", action="store_true")
    return {"questions": cmd_questions}


EXTRA_COMMANDS.append(register_questions)

CITATION_FIELDS = ("n", "doc_id", "title", "section", "chunk_id", "quote", "chunk_text")


def answer_json(answer) -> dict:
    return {"question": answer.question, "answered": answer.answered, "mode": answer.mode, "text": answer.text,
            "citations": [{k: getattr(c, k) for k in CITATION_FIELDS} for c in answer.citations],
            "notices": answer.notices, "suggestions": answer.suggestions}


def _print_answer(answer) -> None:
    print(f"? {answer.question}\n\n{answer.text}\n")
    for c in answer.citations:
        print(f"  {c.label()}\n     »{c.quote}«")
    for line in answer.notices + [f"Forslag: {s}" for s in answer.suggestions]:
        print(f"  ! {line}")


def cmd_ask(assistant: Assistant, args) -> int:
    items = [item["question"] for item in read_batch(args.batch)] if args.batch else [args.question]
    if items == [None]:
        print("error: give a question or --batch FILE.jsonl", file=sys.stderr)
        return 2
    for question in items:
        try:
            answer = assistant.chat_session().ask(question)  # a fresh session: batch lines are not follow-ups
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        _print_json(answer_json(answer)) if args.json else _print_answer(answer)
    return 0


def register_ask(sub) -> dict[str, Callable]:
    ask = sub.add_parser("ask", help="answer questions from the documents, with citations")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--batch", type=Path, help="JSONL file with a 'question' per line")
    ask.add_argument("--json", action="store_true")
    return {"ask": cmd_ask}


EXTRA_COMMANDS.append(register_ask)

if __name__ == "__main__":
    sys.exit(main())
