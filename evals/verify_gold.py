"""Check the gold quotes of the dev set against the raw corpus text.

Run from the project root:

    python -m evals.verify_gold [FILE.jsonl ...] [--cleaned]

Every gold quote, and every quote of ``also`` (the other passages that answer), of
single questions and every conversation turn must occur in the text of the document
it names, compared whitespace-collapsed and case-folded
(``" ".join(text.split()).casefold()``), or, for a quote of the cleaned text, with
spacing and hyphens left out (the raw text breaks words at line ends). The raw text is read from the corpus
files listed in ``corpus/manifest.toml``; no model or index is needed.

Also checked: ids are unique, ``doc`` is a manifest id, quotes are 6-25 words,
``type`` is known, and task/unanswerable/near_miss questions have empty gold.

With ``--cleaned`` the quotes are additionally checked against the cleaned
chunk text of the built assistant (``assistant.core.build_assistant``), joined
per document with a space. This needs the venv and an ingested index.

Exit status 1 and a list of the problems if anything fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_FILE = Path(__file__).resolve().parent / "dev_set.jsonl"

TYPES = {
    "definition", "list", "howto", "number", "named_doc", "two_docs", "vague", "long",
    "colloquial", "typo", "compound", "task", "unanswerable", "near_miss", "conversation",
}
NO_GOLD = {"task", "unanswerable", "near_miss"}
TASKS = {"meeting", "reading", "questions", "handout"}
MIN_WORDS, MAX_WORDS = 6, 25


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def squash(text: str) -> str:
    """The text without spacing and hyphens: a quote of the cleaned text ("indsatsen", "refleksive") is found in
    the raw text that breaks its words at line ends ("indsat- sen") or splits ligatures ("refl eksive")."""
    return "".join(ch for ch in text.casefold() if not ch.isspace() and ch not in "-\u00ad")


def load_raw_corpus() -> dict[str, str]:
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    return {d["id"]: norm((CORPUS / d["file"]).read_text(encoding="utf-8")) for d in manifest["document"]}


def load_cleaned_corpus() -> dict[str, str]:
    from assistant.core import build_assistant  # heavy import, only with --cleaned

    chunks = build_assistant().searcher.chunks
    by_doc: dict[str, list[str]] = {}
    for chunk in chunks.values():
        by_doc.setdefault(chunk.doc_id, []).append(chunk.text)
    return {doc: norm(" ".join(texts)) for doc, texts in by_doc.items()}


def iter_gold(item: dict):
    """Yield (label, question-dict) for the question or each conversation turn."""
    if item.get("type") == "conversation":
        for n, turn in enumerate(item.get("turns", []), start=1):
            yield f"{item.get('id')} turn {n}", turn
    else:
        yield str(item.get("id")), item


def check_file(path: Path, raw: dict[str, str], cleaned: dict[str, str] | None) -> tuple[list[str], int]:
    problems: list[str] = []
    squashed = {doc: squash(text) for doc, text in raw.items()}
    seen: set[str] = set()
    n_quotes = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{lineno}: invalid JSON ({exc})")
            continue
        qid = item.get("id")
        if not qid:
            problems.append(f"{path.name}:{lineno}: missing id")
        elif qid in seen:
            problems.append(f"{qid}: duplicate id")
        seen.add(qid)
        qtype = item.get("type")
        if qtype not in TYPES:
            problems.append(f"{qid}: unknown type {qtype!r}")
        if qtype == "task" and item.get("task") not in TASKS:
            problems.append(f"{qid}: task must be one of {sorted(TASKS)}")
        if qtype == "conversation" and len(item.get("turns", [])) < 2:
            problems.append(f"{qid}: conversation needs at least 2 turns")
        for label, q in iter_gold(item):
            if not str(q.get("question", "")).strip():
                problems.append(f"{label}: empty question")
            gold = q.get("gold")
            if not isinstance(gold, list):
                problems.append(f"{label}: gold must be a list")
                continue
            if qtype in NO_GOLD and gold:
                problems.append(f"{label}: type {qtype} must have empty gold")
            if qtype not in NO_GOLD and qtype != "conversation" and not gold:
                problems.append(f"{label}: type {qtype} needs gold")
            also = q.get("also", [])
            if not isinstance(also, list):
                problems.append(f"{label}: also must be a list")
                also = []
            for g in gold + also:
                n_quotes += 1
                doc, quote = g.get("doc"), g.get("quote", "")
                words = len(quote.split())
                if not MIN_WORDS <= words <= MAX_WORDS:
                    problems.append(f"{label}: quote has {words} words (want {MIN_WORDS}-{MAX_WORDS}): {quote!r}")
                if doc not in raw:
                    problems.append(f"{label}: unknown doc {doc!r}")
                    continue
                if norm(quote) not in raw[doc] and squash(quote) not in squashed[doc]:
                    problems.append(f"{label}: not found in raw text of {doc}: {quote!r}")
                if cleaned is not None and norm(quote) not in cleaned.get(doc, ""):
                    problems.append(f"{label}: not found in cleaned chunks of {doc}: {quote!r}")
    return problems, n_quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_FILE])
    parser.add_argument("--cleaned", action="store_true", help="also check against the cleaned chunk text")
    args = parser.parse_args(argv)

    raw = load_raw_corpus()
    cleaned = load_cleaned_corpus() if args.cleaned else None
    all_problems: list[str] = []
    total = 0
    for path in args.files:
        problems, n_quotes = check_file(path, raw, cleaned)
        total += n_quotes
        all_problems.extend(problems)
    where = "raw and cleaned text" if cleaned is not None else "raw text"
    if all_problems:
        print(f"{len(all_problems)} problem(s) in {total} gold quotes:", file=sys.stderr)
        for p in all_problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"OK: {total} gold quotes found in the {where}; ids unique.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
