"""Build or update the index: `python ingest.py [PATH ...] [--rebuild]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from assistant.core import build_assistant
from assistant.ingest.indexing import personal_data_in
from assistant.problems import explain
from assistant.search.store import IndexMismatchError
from assistant.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Ingest the bundled corpus and your own documents.",
        epilog="Limits per file: RA_MAX_FILE_MB, RA_MAX_PDF_PAGES, RA_MAX_DOCUMENT_CHARS (see `python -m assistant config`).",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="PDF, DOCX, Markdown or text files to add")
    parser.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    args = parser.parse_args(argv)

    try:
        return run(args)
    except Exception as exc:  # settings, Chroma server, read-only or full disk: one line with the fix
        print(f"error: {explain(exc).fix}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    for name, kinds in personal_data_in(args.paths).items():
        print(f"warning: {name} contains personal data ({', '.join(kinds)}); it is stored as written.", file=sys.stderr)
    assistant = build_assistant(settings)
    bar = tqdm(total=0, unit="afsnit", desc="Indlejrer", disable=None)

    def progress(done: int, total: int, message: str) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        report = assistant.ingest(args.paths, rebuild=args.rebuild, progress=progress)
    except IndexMismatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        bar.close()
    for problem in report.problems:
        print(f"error: {problem.path}: {problem.reason}", file=sys.stderr)
    print(
        f"{report.documents} documents, {report.chunks} chunks "
        f"({report.added} updated, {report.removed} removed) in {report.seconds:.1f} s"
    )
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
