"""The real LLM wiring (init_chat_model -> langchain-openai -> HTTP) against a scripted, fake
OpenAI-compatible server on 127.0.0.1: a streamed cited answer, a refused connection, a hang."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.core import build_assistant
from conftest import make_settings
from evals.browser import free_port


class FakeOpenAI(BaseHTTPRequestHandler):
    reply = "Tryg tilknytning opstår gennem nærvær [1]."
    hang = 0.0
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(body)
        time.sleep(self.hang)
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in self.reply.split(" "):
                self._event({"choices": [{"index": 0, "delta": {"role": "assistant", "content": word + " "},
                                          "finish_reason": None}]})
            self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            self.wfile.write(b"data: [DONE]\n\n")
        else:
            payload = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": self.reply},
                                    "finish_reason": "stop"}]}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def _event(self, chunk: dict) -> None:
        chunk |= {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake"}
        self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
        self.wfile.flush()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    FakeOpenAI.hang, FakeOpenAI.requests = 0.0, []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def llm_assistant(corpus_data_dir, port: int, timeout: float = 20):
    settings = make_settings(corpus_data_dir, llm_provider="openai", llm_model="fake-local", llm_api_key="none",
                             llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout=timeout)
    return build_assistant(settings)


QUESTION = "Hvordan opstår tryg tilknytning?"


def test_fake_openai_server_streams_a_cited_answer(corpus_data_dir, fake_server):
    session = llm_assistant(corpus_data_dir, fake_server.server_address[1]).chat_session()
    tokens = []
    answer = session.ask(QUESTION, on_token=tokens.append)
    assert answer.mode == "llm" and answer.answered
    assert len(tokens) > 3, "tokens arrive one by one"
    assert answer.text.strip() == "Tryg tilknytning opstår gennem nærvær [1]."
    assert answer.citations[0].n == 1 and answer.citations[0].quote in answer.citations[0].chunk_text
    sent = FakeOpenAI.requests[-1]
    assert sent["model"] == "fake-local" and sent["stream"] is True
    assert "[1]" in sent["messages"][-1]["content"] or "[1]" in json.dumps(sent["messages"], ensure_ascii=False)


def test_refused_connection_falls_back_to_offline_with_notice(corpus_data_dir):
    session = llm_assistant(corpus_data_dir, free_port()).chat_session()  # nothing listens there
    answer = session.ask(QUESTION)
    assert answer.mode == "offline" and answer.answered and answer.citations
    assert answer.notices and "sprogmodel" in " ".join(answer.notices).lower()


def test_hanging_server_times_out_to_offline_with_notice(corpus_data_dir, fake_server):
    FakeOpenAI.hang = 15.0
    session = llm_assistant(corpus_data_dir, fake_server.server_address[1], timeout=1).chat_session()
    started = time.perf_counter()
    answer = session.ask(QUESTION)
    assert time.perf_counter() - started < 12  # did not wait for the server's 15 s
    assert answer.mode == "offline" and answer.citations
    assert answer.notices
