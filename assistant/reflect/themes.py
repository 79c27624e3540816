"""Themes of reflection questions, from `prompts/reflection_themes.toml`: which theme a heading or text
speaks of."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    stems: tuple[str, ...]


class Themes:
    """Themes from `prompts/reflection_themes.toml`; finds the theme a heading or text speaks of."""

    def __init__(self, themes: list[Theme], fallback: str):
        self.themes = themes
        self.fallback = fallback

    @classmethod
    def load(cls, prompts_dir: Path) -> "Themes":
        data = tomllib.loads((prompts_dir / "reflection_themes.toml").read_text(encoding="utf-8"))
        themes = [Theme(t["id"], t["label"], tuple(t["stems"])) for t in data["theme"]]
        return cls(themes, data["fallback"])

    def of(self, text: str) -> str | None:
        """The first theme whose stem begins a word of the text, reading left to right."""
        for word in re.findall(r"[a-zæøåé]+", text.lower()):
            for theme in self.themes:
                if any(_stem_matches(word, stem) for stem in theme.stems):
                    return theme.id
        return None

    def first_of(self, *texts: str) -> str:
        for text in texts:
            if text and (theme := self.of(text)):
                return theme
        return self.fallback

    def label(self, theme_id: str) -> str:
        return next((t.label for t in self.themes if t.id == theme_id), theme_id.capitalize())


def _stem_matches(word: str, stem: str) -> bool:
    if word.startswith(stem):
        return True
    # Long stems tolerate a typo in the document ("FORBEDEDELSEN").
    return len(stem) >= 8 and len(word) >= len(stem) and SequenceMatcher(None, word[: len(stem)], stem).ratio() >= 0.85
