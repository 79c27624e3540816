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

if __name__ == "__main__":
    sys.exit(main())
