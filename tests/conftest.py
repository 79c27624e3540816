"""Shared fixtures: a temp data directory per test, and one real index of the bundled corpus per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"

from assistant.core import Assistant, build_assistant  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch):
    """Tests never talk to a real LLM or read a developer's .env."""
    for key in list(os.environ):
        if key.startswith("RA_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(PROJECT_ROOT / "tests")


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, corpus_dir=CORPUS, **overrides)


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory) -> Path:
    """A data directory with the bundled corpus ingested once (real e5 embedder, real Chroma)."""
    data_dir = tmp_path_factory.mktemp("corpus-index")
    # A developer's embedding cache (content-addressed) makes local runs faster; CI starts cold.
    local_cache = PROJECT_ROOT / "data" / "embeddings.sqlite"
    if local_cache.exists():
        shutil.copy(local_cache, data_dir / "embeddings.sqlite")
    build_assistant(make_settings(data_dir)).ingest()
    return data_dir


@pytest.fixture(scope="session")
def corpus_assistant(corpus_data_dir) -> Assistant:
    """A read-only assistant over the ingested bundled corpus; do not ingest into it."""
    return build_assistant(make_settings(corpus_data_dir))


@pytest.fixture
def fresh_assistant(tmp_path, corpus_data_dir) -> Assistant:
    """A writable copy of the ingested index, for tests that ingest, upload or delete."""
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    return build_assistant(make_settings(data_dir))
