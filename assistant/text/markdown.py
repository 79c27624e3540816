"""Render document and user text safely as Markdown: literal text, no HTML, no remote images."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's extensions: $ for LaTeX, : for directives, ~ for strikethrough) act on.
SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def escape(text: str) -> str:
    """Text shown exactly as written: every Markdown control character is escaped."""
    return SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def answer_markdown(text: str) -> str:
    """An answer keeps its own list layout ("- ... [1]") while the quoted words are escaped."""
    lines = []
    for line in text.split("\n"):
        bullet = re.match(r"^(\s*[-•]\s+)(.*)$", line)
        lines.append(f"- {escape(bullet.group(2))}" if bullet else escape(line))
    return "\n".join(lines)


def highlighted(text: str, start: int, end: int) -> str:
    """A passage in its context, the cited span highlighted (Streamlit's background directive)."""
    start, end = max(0, start), min(len(text), end)
    before, cited, after = text[:start], text[start:end], text[end:]
    marked = " ".join(f":orange-background[{escape(part)}]" for part in cited.split("\n") if part.strip())
    return escape(before) + marked + escape(after)
