"""Issue 9, case 6: invalid settings, an unreachable Chroma server and a read-only data directory give a
one-line CLI error with the fix (exit 2) and a Danish message in the app, never a traceback; the app
recovers once the cause is fixed."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.core import build_assistant
from assistant.problems import explain, readable_copy
from assistant.settings import SettingsError
from conftest import PROJECT_ROOT, chroma_run, make_settings
from evals.browser import free_port

APP = "../app.py"


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RA_")}
    return subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "variable, value, hint, args",
    [("RA_EMBEDDER", "foo", "one of: e5, sentence-transformers", ["-m", "assistant", "search", "leg"]),
     ("RA_CHROMA_PORT", "abc", "whole number from 1 to 65535", ["ingest.py"]),
     ("RA_CHUNK_MAX_WORDS", "-5", "whole number from 20 to 5000", ["ingest.py"]),
     ("RA_LLM_PROVIDER", "gpt", "one of: none, ollama, openai, azure", ["-m", "assistant", "ask", "Hvad er leg?"])],
)
def test_invalid_settings_are_one_line_with_the_fix(tmp_path, variable, value, hint, args):
    result = run_cli(args, {variable: value, "RA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {variable}='{value}' is not valid") and hint in result.stderr


def test_chunk_sizes_are_checked_against_each_other(tmp_path):
    with pytest.raises(SettingsError, match="at least RA_CHUNK_MIN_WORDS"):
        make_settings(tmp_path, chunk_min_words=300, chunk_max_words=200)


def test_an_unreachable_chroma_server_is_a_one_line_error(tmp_path):
    env = {"RA_CHROMA_HOST": "127.0.0.1", "RA_CHROMA_PORT": str(free_port()), "RA_DATA_DIR": str(tmp_path)}
    result = run_cli(["-m", "assistant", "search", "leg"], env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Chroma server" in result.stderr and "RA_CHROMA_HOST" in result.stderr


def test_a_read_only_index_is_searched_from_a_private_copy(corpus_data_dir, monkeypatch):
    settings = make_settings(corpus_data_dir)
    assert readable_copy(settings) is settings  # writable: used as it is
    # Root ignores file permissions, so the read-only condition is stated rather than made.
    monkeypatch.setattr("assistant.problems.writable", lambda folder: False)
    copy = readable_copy(settings)
    assert copy.data_dir != corpus_data_dir and (copy.data_dir / "chroma").is_dir()
    answer = build_assistant(copy).chat_session().ask("Hvad er et didaktisk proceshjul?")
    assert answer.answered and answer.citations


def test_failures_are_explained_in_danish():
    read_only = explain(OSError(errno.EROFS, "Read-only file system"))
    assert "skrivebeskyttet" in read_only.danish and "RA_DATA_DIR" in read_only.fix
    chroma = explain(ValueError("Could not connect to a Chroma server. Are you sure it is running?"))
    assert "Chroma-serveren" in chroma.danish
    assert "uventet fejl (KeyError)" in explain(KeyError("x")).danish


def danish_errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def test_the_app_shows_invalid_settings_in_danish_and_recovers(monkeypatch, corpus_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    monkeypatch.setenv("RA_CHROMA_PORT", "abc")
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert "RA_CHROMA_PORT" in danish_errors(at) and "et helt tal fra 1 til 65535" in danish_errors(at)
    monkeypatch.delenv("RA_CHROMA_PORT")  # the cause is fixed: the next run works without a restart
    at.run()
    assert not at.exception and not at.error
    assert at.chat_input


@pytest.mark.server
def test_the_app_shows_an_unreachable_chroma_server_in_danish_and_recovers(monkeypatch, tmp_path):
    port = free_port()
    monkeypatch.setenv("RA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RA_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("RA_CHROMA_PORT", str(port))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert "Chroma-serveren" in danish_errors(at)
    with chroma_run(tmp_path / "server", port):
        at.run()  # the server is back (with no index yet): the page says so instead of failing
        assert not at.exception and not at.error
        assert any("ikke indlæst endnu" in w.value for w in at.warning)
