"""Command line: `python -m assistant config|search|ask|questions ...`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

from assistant.core import Assistant, build_assistant
from assistant.models import Answer, Hit
from assistant.search.store import IndexMismatchError, IndexMissingError

HIT_FIELDS = ("doc_id", "title", "section", "chunk_id", "text", "score")
CITATION_FIELDS = ("n", "doc_id", "title", "section", "chunk_id", "quote", "chunk_text")
QUESTION_FIELDS = ("id", "text", "theme", "doc_id", "title", "section", "context", "derived", "statement")


def fail(message: str) -> SystemExit:
    print(f"error: {message}", file=sys.stderr)
    return SystemExit(2)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def read_batch(path: Path) -> Iterator[str]:
    """The `question` of each JSON line; blank lines are skipped, malformed ones are a clear error."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise fail(f"{path}:{n}: expected an object with a 'question' string")
        yield item["question"]


def questions_of(args) -> list[str]:
    if args.batch:
        return list(read_batch(args.batch))
    if not args.question:
        raise fail("give a question or --batch FILE.jsonl")
    return [args.question]


def hit_json(hit: Hit) -> dict:
    c = hit.chunk
    return {"doc_id": c.doc_id, "title": hit.title, "section": c.section, "chunk_id": c.id,
            "text": c.text, "score": round(hit.score, 6)}


def answer_json(answer: Answer) -> dict:
    return {"question": answer.question, "answered": answer.answered, "mode": answer.mode, "text": answer.text,
            "citations": [{k: getattr(c, k) for k in CITATION_FIELDS} for c in answer.citations],
            "notices": answer.notices, "suggestions": answer.suggestions}


def cmd_config(assistant: Assistant, args) -> int:
    for key, value in assistant.settings.describe().items():
        print(f"{key} = {value}")
    return 0


def cmd_search(assistant: Assistant, args) -> int:
    for question in questions_of(args):
        hits = [hit_json(h) for h in assistant.searcher.search(question, k=args.k, mode=args.mode)]
        if args.batch:
            _print_json({"question": question, "hits": hits})
        elif args.json:
            _print_json(hits)
        else:
            print(f"? {question}")
            for i, h in enumerate(hits, start=1):
                print(f"  {i}. [{h['score']:.4f}] {h['title']} / {h['section']}\n     {h['text'][:200]}")
    return 0


def cmd_ask(assistant: Assistant, args) -> int:
    failed = 0
    for question in questions_of(args):
        try:
            answer = assistant.chat_session().ask(question)  # a fresh session: batch lines are not follow-ups
        except ValueError as exc:  # empty or too long: reported, and the rest of a batch still runs
            failed += 1
            print(f"error: {exc}", file=sys.stderr)
            if args.json or args.batch:
                _print_json({"question": question, "error": str(exc)})
            continue
        if args.json or args.batch:
            _print_json(answer_json(answer))
        else:
            print(f"? {answer.question}\n\n{answer.text}\n")
            for c in answer.citations:
                print(f"  {c.label()}\n     »{c.quote}«")
            for line in answer.notices + [f"Forslag: {s}" for s in answer.suggestions]:
                print(f"  ! {line}")
    return 2 if failed else 0


def cmd_questions(assistant: Assistant, args) -> int:
    questions = [q for q in assistant.inventory
                 if (not args.theme or q.theme == args.theme) and not (args.own_only and q.derived)]
    if args.json:
        _print_json([{k: getattr(q, k) for k in QUESTION_FIELDS} for q in questions])
        return 0
    for q in questions:
        print(f"[{q.theme}]{' (afledt)' if q.derived else ''} {q.text}\n    {q.title} / {q.section}")
    return 0


def cmd_meeting(assistant: Assistant, args) -> int:
    from assistant.export.outline import to_docx, to_markdown
    from assistant.meeting.guide import GuideBuilder
    from assistant.meeting.minutes import handout
    from assistant.meeting.store import MeetingStore

    previous = MeetingStore.for_settings(assistant.settings).last_agreements(args.topic)
    try:
        guide = GuideBuilder(assistant).build(args.topic, args.minutes, args.group, previous)
    except ValueError as exc:
        raise fail(f"{exc} (e.g. meeting \"forældresamarbejde\" --minutes 60)") from None
    if args.docx:
        args.docx.write_bytes(to_docx(handout(guide)))
    if args.md:
        args.md.write_text(to_markdown(handout(guide)), encoding="utf-8")
    if args.json:
        _print_json(guide_json(guide))
    elif not (args.docx or args.md):
        print(to_markdown(handout(guide)))
    return 0


def guide_json(guide) -> dict:
    def cite(c):
        return {k: getattr(c, k) for k in CITATION_FIELDS} if c is not None else None

    return {"topic": guide.topic, "minutes": guide.minutes, "group": guide.group,
            "agenda": [{"title": a.title, "minutes": a.minutes, "kind": a.kind} for a in guide.agenda],
            "opening": {"statement": cite(guide.opening.statement), "questions": guide.opening.questions},
            "readings": [cite(c) for c in guide.readings],
            "questions": [{"text": q.text, "derived": q.derived, "statement": q.statement, "source": cite(q.source)}
                          for q in guide.questions]}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Refleksionsassistenten")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("config", help="print the effective settings")
    for name, text in (("search", "search the documents"), ("ask", "answer questions with citations")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("question", nargs="?")
        cmd.add_argument("--batch", type=Path, help="JSONL file with a 'question' per line")
        cmd.add_argument("--json", action="store_true")
        if name == "search":
            cmd.add_argument("--k", type=int, default=5)
            cmd.add_argument("--mode", choices=["bm25", "dense", "hybrid"], default="hybrid")
    questions = sub.add_parser("questions", help="list the reflection questions found in the documents")
    questions.add_argument("--theme", help="only this theme, e.g. forberedelse")
    questions.add_argument("--own-only", action="store_true", help="leave out derived questions")
    questions.add_argument("--json", action="store_true")
    meeting = sub.add_parser("meeting", help="prepare a staff meeting guide on a topic")
    meeting.add_argument("topic")
    meeting.add_argument("--minutes", type=int, choices=[30, 45, 60, 90], default=60)
    meeting.add_argument("--group", default="", help='who meets, e.g. "hele huset"')
    meeting.add_argument("--json", action="store_true")
    meeting.add_argument("--docx", type=Path, help="write the handout as Word")
    meeting.add_argument("--md", type=Path, help="write the handout as Markdown")
    return p


COMMANDS: dict[str, Callable[[Assistant, argparse.Namespace], int]] = {
    "config": cmd_config, "search": cmd_search, "ask": cmd_ask, "questions": cmd_questions,
    "meeting": cmd_meeting,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](build_assistant(), args)
    except (IndexMissingError, IndexMismatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
