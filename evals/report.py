"""evals/report.md is assembled from sections; each eval rewrites only its own section."""

from __future__ import annotations

import re
from pathlib import Path

REPORT = Path(__file__).with_name("report.md")
HEADER = "# Eval report\n\nEach section is written by the command named in it; rerun that command to refresh it.\n"


def update_section(key: str, markdown: str, path: Path = REPORT) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"<!-- {key}:start -->\n{markdown.strip()}\n<!-- {key}:end -->"
    pattern = re.compile(rf"<!-- {re.escape(key)}:start -->.*?<!-- {re.escape(key)}:end -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
