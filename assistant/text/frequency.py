"""How common a word is in ordinary written language: the one place wordfreq is read (its word lists ship
with the package; nothing is downloaded). Names, typos and everyday speech are each told apart by a threshold."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def zipf(word: str, lang: str = "da") -> float:
    """wordfreq's Zipf frequency of the word: 3 is about once per million words, 6 once per thousand."""
    from wordfreq import zipf_frequency  # imported on first use: the CLI's start does not pay for it

    return zipf_frequency(word, lang)
