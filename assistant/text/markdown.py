"""Render document and user text safely as Markdown: literal text, no HTML, no remote images."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's extensions: $ for LaTeX, : for directives, ~ for strikethrough) act on.
SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


# What GitHub-flavoured Markdown turns into links by itself, escaped or not: "https://", "www.", "a@b.dk".
AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(?=[:.])|(?=@)")
WORD_JOINER = "\u2060"  # invisible, no line break; enough to keep the autolinker from seeing a link


def plain_links(text: str) -> str:
    """Bare URLs and e-mail addresses stay text: a word joiner goes inside "://", "www." and before "@"."""
    return AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, text)


def escape(text: str) -> str:
    """Text shown exactly as written: every Markdown control character is escaped, no link is made."""
    return SPECIAL.sub(r"\\\1", plain_links(text)).replace("\n", "  \n")


def answer_markdown(text: str) -> str:
    """An answer keeps its own list layout ("- ... [1]") and a list's heading ("*KL vil arbejde for, at …*",
    set in italics) while the quoted words are escaped."""
    lines = []
    for line in text.split("\n"):
        bullet = re.match(r"^(\s*[-•]\s+)(.*)$", line)
        heading = re.fullmatch(r"\*([^*]+)\*", line)
        lines.append(f"- {escape(bullet.group(2))}" if bullet else f"*{escape(heading.group(1))}*" if heading else escape(line))
    return "\n".join(lines)


def highlighted(text: str, start: int, end: int) -> str:
    """A passage in its context, the cited span highlighted (Streamlit's background directive)."""
    start, end = max(0, start), min(len(text), end)
    before, cited, after = text[:start], text[start:end], text[end:]
    marked = " ".join(f":orange-background[{escape(part)}]" for part in cited.split("\n") if part.strip())
    return escape(before) + marked + escape(after)
