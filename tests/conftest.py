"""Shared fixtures: a temp data directory per test, and one real index of the bundled corpus per run.

The assistant (and with it chromadb) is imported inside the fixtures that build one, so pure unit
tests start without it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
# Two test workers share two cores: one e5 thread each (a second would stall on the busy core), and the
# app servers and CLI processes the tests start inherit it.
os.environ.setdefault("RA_EMBED_THREADS", "1")

from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

if TYPE_CHECKING:
    from assistant.core import Assistant

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


def seed_embedding_cache(data_dir: Path) -> None:
    """The bundled corpus's real vectors (`evals/vectors.py`): ingest skips 90 s of embedding; a text they
    do not cover is embedded for real."""
    from evals.vectors import seed

    seed(data_dir / "embeddings.sqlite")


def cached_vectors(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "embeddings.sqlite") as db:
        return db.execute("SELECT count(*) FROM emb").fetchone()[0]


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> tuple[Path, int]:
    """The bundled corpus ingested once (real e5 embedder, real Chroma), and how many texts that ingest
    had to embed because the vector fixture lacked them (0 while the fixture is current)."""
    data_dir = tmp_path_factory.mktemp("corpus-index")
    seed_embedding_cache(data_dir)
    seeded = cached_vectors(data_dir)
    from assistant.core import build_assistant

    build_assistant(make_settings(data_dir)).ingest()
    return data_dir, cached_vectors(data_dir) - seeded


@pytest.fixture(scope="session")
def corpus_data_dir(corpus_build) -> Path:
    """A data directory with the bundled corpus ingested; do not write to it (see `fresh_data_dir`)."""
    return corpus_build[0]


@pytest.fixture(scope="session")
def corpus_assistant(corpus_data_dir) -> Assistant:
    """A read-only assistant over the ingested bundled corpus; do not ingest into it."""
    from assistant.core import build_assistant

    return build_assistant(make_settings(corpus_data_dir))


@pytest.fixture
def fresh_data_dir(tmp_path, corpus_data_dir) -> Path:
    """A writable copy of the ingested index (16 MB): what a test saves (sessions, meetings, uploads)
    stays out of the shared one, so no later test opens it."""
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_data_dir, data_dir)
    return data_dir


@pytest.fixture
def fresh_assistant(fresh_data_dir) -> Assistant:
    """A writable copy of the ingested index, for tests that ingest, upload or delete."""
    from assistant.core import build_assistant

    return build_assistant(make_settings(fresh_data_dir))


SMALL_TEXT_CHARS = 4000  # about 600 words of the KL document: a real text that embeds in seconds


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """A one-document corpus cut from the bundled KL text, for tests where the corpus is not the point."""
    folder = tmp_path_factory.mktemp("small-corpus")
    text = (CORPUS / "kl-sammen-om-de-bedste-rammer.txt").read_text(encoding="utf-8")[:SMALL_TEXT_CHARS]
    (folder / "kl.txt").write_text(text.rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        '[[document]]\nid = "kl-anbefalinger"\nfile = "kl.txt"\n'
        'title = "Sammen om de bedste rammer for gode børneliv"\nshort = "KL: Sammen om de bedste rammer"\n'
        'publisher = "KL (Kommunernes Landsforening)"\n', encoding="utf-8")
    return folder


@pytest.fixture
def small_assistant(tmp_path, small_corpus) -> Assistant:
    """A fresh index of the small corpus (real e5, real Chroma) in its own data directory."""
    from assistant.core import build_assistant

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    seed_embedding_cache(data_dir)
    assistant = build_assistant(Settings(_env_file=None, data_dir=data_dir, corpus_dir=small_corpus))
    assistant.ingest()
    return assistant


@contextmanager
def chroma_run(folder: Path, port: int) -> Iterator[subprocess.Popen]:
    """A real `chroma run` server on 127.0.0.1:port, stopped on exit; fails the test if it does not start."""
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("chroma run did not start")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def chromium_browser():
    """One Debian chromium per test process: each test gets a fresh context of it (see `page`)."""
    from evals.browser import CHROMIUM, chromium

    assert os.path.exists(CHROMIUM), "Debian's chromium is missing: `make test` installs it"
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def app_url(corpus_data_dir, tmp_path_factory) -> Iterator[str]:
    """`streamlit run app.py` on a copy of the corpus index, shared by the browser tests of one process."""
    from evals.browser import app_server

    data_dir = tmp_path_factory.mktemp("browser-data")
    shutil.copytree(corpus_data_dir, data_dir, dirs_exist_ok=True)
    with app_server({"RA_DATA_DIR": str(data_dir)}) as url:
        yield url


@pytest.fixture
def page(app_url, chromium_browser):
    """A fresh browser session (its own Streamlit session) on the shared app."""
    from evals.browser import browser_page

    with browser_page(app_url, browser=chromium_browser) as page:
        yield page


def run_main(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python -m assistant ARGS` in this process. The entry point is `sys.exit(main())`, so the parsing,
    output and exit code are the CLI's own, without a two-second interpreter start per call (test_startup,
    test_search and test_reliability_settings run the real process). Settings come from `env` alone, as
    in a fresh process: this one's RA_ variables (but the thread count) are hidden, and no `.env` is read."""
    from assistant.__main__ import main

    saved, cwd, out, err = dict(os.environ), os.getcwd(), StringIO(), StringIO()
    try:
        for key in [k for k in os.environ if k.startswith("RA_") and k != "RA_EMBED_THREADS"]:
            del os.environ[key]
        os.environ.update(env)
        os.chdir(PROJECT_ROOT / "tests")
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse and `fail` end the CLI this way
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        os.chdir(cwd)
    return subprocess.CompletedProcess(["python", "-m", "assistant", *args], code, out.getvalue(), err.getvalue())
