"""Issue 9, case 5: RA_LLM_TIMEOUT is a deadline for the whole answer, against a real HTTP server on
127.0.0.1 that streams slowly; missing or invalid provider settings name the RA_ variable."""

from __future__ import annotations

import threading
import time
from http.server import ThreadingHTTPServer

import pytest

from assistant.answer.llm import make_chat_model, missing_settings
from assistant.settings import SettingsError
from conftest import make_settings
from evals.browser import free_port
from test_llm_openai_server import QUESTION, FakeOpenAI, llm_assistant

WORDS = 40
# Seconds for the whole answer: retrieval counts against it too, so it leaves room for a busy machine
# while the slow stream (about 9 s) still cannot finish.
DEADLINE = 3.0


class SlowStreamingOpenAI(FakeOpenAI):
    """Answers at once, then trickles one word at a time: never silent for long, never finished in time."""

    delay = 0.25
    hang = 0.0  # its own: a hang set on FakeOpenAI by another test must not reach it
    reply = " ".join(["Tryg tilknytning opstår gennem nærvær [1]."] * (WORDS // 6))

    def do_POST(self):  # noqa: N802 - http.server's name
        try:
            super().do_POST()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up: what the deadline is for
            pass

    def _event(self, chunk: dict) -> None:
        time.sleep(self.delay)
        super()._event(chunk)


@pytest.fixture
def slow_server():
    FakeOpenAI.hang, FakeOpenAI.requests = 0.0, []  # the handler records into its base class
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), SlowStreamingOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_a_slowly_streaming_model_is_replaced_by_the_offline_answer_at_the_deadline(corpus_data_dir, slow_server):
    session = llm_assistant(corpus_data_dir, slow_server.server_address[1], timeout=DEADLINE).chat_session()
    tokens: list[str] = []
    answer = session.ask(QUESTION, on_token=tokens.append)
    assert answer.mode == "offline" and answer.citations
    assert any(f"nåede ikke at svare inden for {DEADLINE:g} sekunder" in n for n in answer.notices)
    # Tokens did arrive (the per-token wait was never exceeded), but the stream was cut before its end.
    streamed = "".join(tokens).split()
    assert 0 < len(streamed) < len(SlowStreamingOpenAI.reply.split())


def test_a_follow_ups_rewriting_and_answer_share_one_deadline(corpus_data_dir, slow_server):
    session = llm_assistant(corpus_data_dir, slow_server.server_address[1], timeout=DEADLINE).chat_session()
    session.ask(QUESTION)
    before = len(FakeOpenAI.requests)
    answer = session.ask("Hvad med i vuggestuen?")
    # The rewriting used the whole budget, so no second request was started for the answer.
    assert len(FakeOpenAI.requests) == before + 1
    assert answer.mode == "offline"
    assert any("nåede ikke at svare" in n for n in answer.notices)


def test_missing_provider_settings_name_the_ra_variables(tmp_path):
    settings = make_settings(tmp_path, llm_provider="azure", llm_model="gpt-4o")
    assert missing_settings(settings) == ["RA_LLM_BASE_URL", "RA_LLM_API_KEY", "RA_LLM_API_VERSION"]
    with pytest.raises(ValueError, match="sæt RA_LLM_BASE_URL og RA_LLM_API_KEY og RA_LLM_API_VERSION"):
        make_chat_model(settings)
    assert missing_settings(make_settings(tmp_path, llm_provider="openai")) == ["RA_LLM_MODEL", "RA_LLM_API_KEY"]
    local = make_settings(tmp_path, llm_provider="openai", llm_model="m", llm_base_url="http://127.0.0.1:1/v1")
    assert missing_settings(local) == []


def test_a_session_without_the_model_setting_says_which_variable_to_set(corpus_assistant):
    settings = make_settings(corpus_assistant.settings.data_dir, llm_provider="ollama")
    from assistant.core import build_assistant

    answer = build_assistant(settings, embedder=corpus_assistant.embedder).chat_session().ask(QUESTION)
    assert answer.mode == "offline"
    assert any("RA_LLM_MODEL" in n for n in answer.notices)


def test_an_unknown_provider_lists_the_valid_names(tmp_path, monkeypatch):
    monkeypatch.setenv("RA_LLM_PROVIDER", "gpt")
    with pytest.raises(SettingsError) as caught:
        make_settings(tmp_path)
    assert "RA_LLM_PROVIDER='gpt'" in str(caught.value)
    assert "none, ollama, openai, azure" in str(caught.value)
    assert "RA_LLM_PROVIDER" in caught.value.danish() and "en af:" in caught.value.danish()
