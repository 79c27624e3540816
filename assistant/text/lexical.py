"""BM25 over chunks with Danish stemming, stop words and optional compound splitting."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import Stemmer


def _import_bm25s():
    """bm25s probes for scipy at import, for a matrix backend we do not use (its numpy backend builds the
    same matrix, see `LexicalIndex`); importing scipy is a fifth of a second of every start. It is hidden
    while bm25s imports, and left as it was."""
    import sys

    if "bm25s" in sys.modules:
        return sys.modules["bm25s"]
    names = ("scipy", "scipy.sparse")
    saved = {name: sys.modules.get(name) for name in names}
    sys.modules.update(dict.fromkeys(names))  # None: "not importable"
    try:
        import bm25s
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return bm25s


bm25s = _import_bm25s()
from bm25s.stopwords import STOPWORDS_DANISH  # noqa: E402

TOKEN = re.compile(r"[a-zæøåéüö0-9]+")
PUNCTUATION = re.compile(r"[^\w\s]")
STOPWORDS = frozenset(STOPWORDS_DANISH)
LINKING = ("s", "e")  # Danish compound joints: forældre|samarbejde, kvalitet|s|udvikling
MIN_PART = 4


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


def words(text: str) -> list[str]:
    return [w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS]


@lru_cache(maxsize=1 << 16)
def plain(text: str) -> str:
    """The text lowercased, without punctuation, its spacing collapsed: how a phrase put in quotes is matched,
    word for word ("'børn altid gør det bedste de kan'" is the text's "’børn altid gør det bedste, de kan’")."""
    return " ".join(PUNCTUATION.sub(" ", text.lower()).split())


class Decompounder:
    """Splits a compound into two words the corpus knows: `forældresamarbejde` -> forældre, samarbejde."""

    def __init__(self, vocabulary: set[str]):
        self.vocabulary = {w for w in vocabulary if len(w) >= MIN_PART}

    @lru_cache(maxsize=20000)
    def parts(self, word: str) -> tuple[str, ...]:
        best: tuple[str, ...] = ()
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:i], word[i:]
            if right not in self.vocabulary:
                continue
            if left in self.vocabulary:
                candidate = (left, right)
            elif left.endswith(LINKING) and left[:-1] in self.vocabulary:
                candidate = (left[:-1], right)
            else:
                continue
            # Prefer the split with the longest head ("dagtilbuds|området" over "dag|tilbudsområdet").
            if not best or len(candidate[0]) > len(best[0]):
                best = candidate
        return best


class Tokenizer:
    def __init__(self, decompounder: Decompounder | None = None):
        self.decompounder = decompounder

    def __call__(self, text: str) -> list[str]:
        tokens = words(text)
        if self.decompounder is not None:
            tokens = tokens + [p for t in tokens if len(t) >= 2 * MIN_PART for p in self.decompounder.parts(t)]
        return _stemmer().stemWords(tokens) if tokens else []


class LexicalIndex:
    """In-memory BM25 over a fixed list of texts; rebuilt whenever the chunks change (milliseconds)."""

    def __init__(self, texts: list[str], compounds: bool = True):
        vocabulary = {w for t in texts for w in words(t)}
        self.tokenize = Tokenizer(Decompounder(vocabulary) if compounds else None)
        self.size = len(texts)
        self.bm25 = bm25s.BM25(csc_backend="numpy")
        if texts:  # bm25s cannot index an empty corpus
            self.bm25.index([self.tokenize(t) or [""] for t in texts], show_progress=False)

    def search(self, query: str, n: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(text index, score) pairs, best first; texts sharing no term with the query are left out,
        and so are texts where the boolean `mask` is False."""
        if not self.size:
            return []
        tokens = [t for t in self.tokenize(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        order = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def save(self, folder: Path) -> None:
        """Write the index and the compound vocabulary, so a start loads them instead of tokenizing."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.size:
            self.bm25.save(str(folder), show_progress=False)
        vocabulary = sorted(self.tokenize.decompounder.vocabulary) if self.tokenize.decompounder else None
        (folder / "lexical.json").write_text(json.dumps({"size": self.size, "vocabulary": vocabulary}))

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> "LexicalIndex":
        meta = json.loads((folder / "lexical.json").read_text())
        index = cls.__new__(cls)
        vocabulary = meta["vocabulary"]
        index.tokenize = Tokenizer(Decompounder(set(vocabulary)) if vocabulary is not None else None)
        index.size = meta["size"]
        index.bm25 = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False) if index.size else bm25s.BM25()
        return index
