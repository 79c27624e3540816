"""Command line: `python -m assistant config|search|ask|questions|intro|reflect|meeting ...`."""

from __future__ import annotations

import gc

if __name__ == "__main__":  # a CLI process, not an import from a test or the app
    # Short-lived: the collector's passes over the heap the imports and the index load build cost a tenth
    # of a second or more of start-up; it is switched back on after the first result (`settle`).
    gc.disable()

import argparse  # noqa: E402
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

from assistant.core import Assistant, build_assistant
from assistant.models import Answer, Hit
from assistant.answer.gate import UncalibratedEmbedder
from assistant.problems import explain, readable_copy
from assistant.search.store import IndexMismatchError, IndexMissingError
from assistant.settings import Settings
from assistant.text.pii import usable

HIT_FIELDS = ("doc_id", "title", "section", "chunk_id", "text", "score")
CITATION_FIELDS = ("n", "doc_id", "title", "section", "chunk_id", "quote", "chunk_text")
QUESTION_FIELDS = ("id", "text", "theme", "doc_id", "title", "section", "context", "derived", "statement")


def fail(message: str) -> SystemExit:
    print(f"error: {message}", file=sys.stderr)
    return SystemExit(2)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def settle() -> None:
    """After the first result: keep what start-up built out of every later collection (`gc.freeze`), and
    collect again for the rest of a batch."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def read_items(path: Path) -> Iterator[dict]:
    """Each JSON line: `{"question": ...}` or a conversation `{"id": ..., "turns": [...]}`; blank lines are
    skipped, malformed ones are a clear error."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        turns = item.get("turns") if isinstance(item, dict) else None
        if isinstance(turns, list) and turns and all(isinstance(t, str) for t in turns):
            yield {**item, "turns": [usable(q) for q in turns]}
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            yield {**item, "question": usable(item["question"])}
        else:
            raise fail(f"{path}:{n}: expected an object with a 'question' string or a 'turns' list of strings")


def read_batch(path: Path) -> Iterator[str]:
    """The questions of a batch file (conversation lines give their turns)."""
    for item in read_items(path):
        yield from item.get("turns") or [item["question"]]


def questions_of(args) -> list[str]:
    if args.batch:
        return list(read_batch(args.batch))
    if not args.question:
        raise fail("give a question or --batch FILE.jsonl")
    return [usable(args.question)]  # undecodable bytes in argv arrive as lone surrogates


def hit_json(hit: Hit) -> dict:
    c = hit.chunk
    return {"doc_id": c.doc_id, "title": hit.title, "section": c.section, "chunk_id": c.id,
            "text": c.text, "score": round(hit.score, 6)}


def answer_json(answer: Answer) -> dict:
    return {"question": answer.question, "answered": answer.answered, "mode": answer.mode, "text": answer.text,
            "citations": [{k: getattr(c, k) for k in CITATION_FIELDS} for c in answer.citations],
            "notices": answer.notices, "suggestions": answer.suggestions, "coverage": answer.coverage,
            "kind": answer.kind, "actions": [a.model_dump() for a in answer.actions]}


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
        settle()
    return 0


def cmd_ask(assistant: Assistant, args) -> int:
    if args.batch:
        return _ask_batch(assistant, args.batch)
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
        settle()
    return 2 if failed else 0


def _ask_batch(assistant: Assistant, path: Path) -> int:
    """One JSON line per input line; a conversation's turns are asked in one session, in order."""
    failed = 0
    for item in read_items(path):
        session = assistant.chat_session()  # batch lines are not follow-ups of each other
        results = []
        for question in item.get("turns") or [item["question"]]:
            try:
                results.append(answer_json(session.ask(question)))
            except ValueError as exc:  # empty or too long: reported, and the rest still runs
                failed += 1
                print(f"error: {exc}", file=sys.stderr)
                results.append({"question": question, "error": str(exc)})
        if "turns" in item:
            _print_json({"id": item.get("id"), "turns": results})
        else:
            _print_json(results[0])
        settle()
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


def cmd_intro(assistant: Assistant, args) -> int:
    from assistant.intro.path import IntroPath

    try:
        path = IntroPath(assistant)
    except (OSError, ValueError) as exc:  # a missing file, TOML syntax, or a StationError
        raise fail(f"{exc} (fix the file in {assistant.settings.prompts_dir})") from None
    cite = lambda c: {k: getattr(c, k) for k in CITATION_FIELDS}  # noqa: E731
    stations = [{"id": s.id, "title": s.title, "quotes": [cite(c) for c in path.quotes(s.id)], "question": s.question,
                 "note": s.note} for s in path.stations]
    glossary = [{"term": e.term, "explained": e.explained, "quotes": [cite(c) for c in e.quotes]}
                for e in path.glossary()]
    if args.json:
        _print_json({"stations": stations, "glossary": glossary})
        return 0
    for s in stations:
        print(f"# {s['title']}")
        print("".join(f"  »{c['quote']}« ({c['title']}, {c['section']})\n" for c in s["quotes"]), end="")
        print(f"  ? {s['question']}\n")
    for e in glossary:
        mark = "" if e["explained"] else " (forklares ikke i dokumenterne)"
        print(f"{e['term']}{mark}" + "".join(f"\n  »{c['quote']}«" for c in e["quotes"]))
    return 0


def citation_json(c) -> dict | None:
    return None if c is None else {k: getattr(c, k) for k in CITATION_FIELDS}


def read_answers(path: Path) -> list[str]:
    try:
        answers = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise fail(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise fail(f"{path}: expected a JSON list of answer strings")
    return answers


def cmd_reflect(assistant: Assistant, args) -> int:
    """A scripted session: start from the concern's suggestions, answer in order, then summarise."""
    from assistant.reflect.facilitator import Facilitator
    from assistant.reflect.sessions import SessionStore

    answers = read_answers(args.answers)
    store = SessionStore(args.store) if args.store else None
    f = Facilitator(assistant, store)
    suggestions = f.suggest(args.concern)
    session = f.start_from_concern(args.concern, k=max(len(answers), 1))
    steps = []
    for text in answers[: len(session.steps)]:
        f.answer(session, text)
        step = f.current(session)
        r = step.response
        steps.append({"question": {"text": step.question.text, "derived": step.question.derived},
                      "context": citation_json(step.context), "answer": step.answer,
                      "follow_up": r and {"kind": r.kind, "text": r.text, "source": citation_json(r.source)}})
        f.next(session)
    f.end(session)
    summary = f.summary(session)
    out = {
        "suggestions": [{"text": s.question.text, "derived": s.question.derived, "reason": s.reason,
                         "source": citation_json(s.source)} for s in suggestions],
        "steps": steps,
        "summary": {"noticed": summary.noticed, "documents_add": [citation_json(c) for c in summary.documents_add],
                    "trials": summary.trial_texts(), "agreements": summary.agreements},
    }
    if args.json:
        _print_json(out)
    else:
        print(json.dumps(out, ensure_ascii=False, indent=2))
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
    intro = sub.add_parser("intro", help="the introduction path for new staff: stations and glossary with quotes")
    intro.add_argument("--json", action="store_true")
    reflect = sub.add_parser("reflect", help="run a scripted reflection session end to end")
    reflect.add_argument("--concern", required=True, help="what occupies the team")
    reflect.add_argument("--answers", type=Path, required=True, help="JSON list of answers, used in order")
    reflect.add_argument("--store", type=Path, help="SQLite file for the session (default: the data directory)")
    reflect.add_argument("--json", action="store_true")
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
    "intro": cmd_intro,
    "reflect": cmd_reflect,
    "meeting": cmd_meeting,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
        if args.command != "config":
            settings = readable_copy(settings)  # a read-only index can still be searched
        return COMMANDS[args.command](build_assistant(settings), args)
    except (IndexMissingError, IndexMismatchError, UncalibratedEmbedder) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SystemExit:
        raise
    except Exception as exc:  # settings, Chroma server, disk: one line with the fix, never a traceback
        print(f"error: {explain(exc).fix}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    gc.freeze()  # the heap is freed with the process: no final collection of it (a quarter second at exit)
    sys.exit(code)
