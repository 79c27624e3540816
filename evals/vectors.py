"""The bundled corpus's passage vectors as a test fixture: `python -m evals.vectors` rewrites it.

Embedding the corpus cold takes about 90 s on 2 cores, a third of a fresh clone's test run. The fixture
holds the real model's output for every text an ingest of the bundled corpus embeds, keyed as the
embedding cache keys them (model id, sha1 of the text). Seeding a test's cache with it skips only the
waiting: a text without a vector there (the corpus, the cleaning or the chunking changed) is embedded for
real. `tests/test_vectors.py` checks that the file still covers the corpus and agrees with the model.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from pathlib import Path

import numpy as np

from assistant.settings import PROJECT_ROOT, Settings

FIXTURE = PROJECT_ROOT / "tests" / "data" / "corpus_vectors.npz"
COMMAND = "python -m evals.vectors"


def seed(cache_path: Path, fixture: Path = FIXTURE) -> int:
    """Add the fixture's vectors to the embedding cache at `cache_path`; returns how many."""
    if not fixture.exists():
        return 0
    data = np.load(fixture)
    model = str(data["model"])
    rows = [(model, h.decode(), v.tobytes()) for h, v in zip(data["hashes"], data["vectors"].astype(np.float32))]
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(cache_path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))")
        db.executemany("INSERT OR IGNORE INTO emb VALUES (?, ?, ?)", rows)
    return len(rows)


def wanted_texts(settings: Settings) -> list[str]:
    """Every text an ingest of the corpus embeds, in a throwaway data directory, recorded as it asks."""
    from assistant.core import build_assistant
    from assistant.search.embedders import EmbeddingCache

    asked: dict[str, None] = {}

    class Recording(EmbeddingCache):
        def embed_passages(self, embedder, texts, on_progress=None):
            asked.update(dict.fromkeys(texts))
            return super().embed_passages(embedder, texts, on_progress)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        local = PROJECT_ROOT / "data" / "embeddings.sqlite"  # content-addressed: a developer's cache saves time
        if local.exists():
            shutil.copy(local, data_dir / "embeddings.sqlite")
        assistant = build_assistant(settings.model_copy(update={"data_dir": data_dir}))
        assistant.__dict__["cache"] = Recording(data_dir / "embeddings.sqlite")
        assistant.ingest()
        vectors = assistant.cache.embed_passages(assistant.embedder, list(asked))
        write(assistant.embedder.id, list(asked), vectors)
    return list(asked)


def write(model: str, texts: list[str], vectors: np.ndarray, fixture: Path = FIXTURE) -> None:
    from assistant.search.embedders import EmbeddingCache

    fixture.parent.mkdir(parents=True, exist_ok=True)
    hashes = np.array([EmbeddingCache.key(t) for t in texts], dtype="S40")
    np.savez_compressed(fixture, model=np.array(model), hashes=hashes, vectors=vectors.astype(np.float32))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    texts = wanted_texts(Settings())
    print(f"{FIXTURE.relative_to(PROJECT_ROOT)}: {len(texts)} vectors, {FIXTURE.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
