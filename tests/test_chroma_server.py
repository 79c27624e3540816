"""Client/server: ingest and search through a real `chroma run` server on 127.0.0.1."""

import shutil

import pytest

from assistant.core import build_assistant
from conftest import chroma_run, make_settings
from evals.browser import free_port

pytestmark = pytest.mark.server


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    with chroma_run(tmp_path / "server", port):
        yield port


def test_ingest_and_search_through_a_chroma_server(chroma_server, corpus_data_dir, tmp_path):
    data_dir = tmp_path / "client"
    data_dir.mkdir()
    shutil.copy(corpus_data_dir / "embeddings.sqlite", data_dir)  # reuse embeddings; the store is new
    settings = make_settings(data_dir, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assistant = build_assistant(settings)
    report = assistant.ingest()
    assert report.documents == 5 and report.added == report.chunks > 200
    assert not (data_dir / "chroma").exists(), "server mode must not create an embedded store"
    hits = assistant.searcher.search("Hvad er intentionstrængsel?", k=5)
    assert any("intentioner" in h.chunk.text for h in hits)
    # A second client sees the same index through the server.
    again = build_assistant(settings)
    assert again.ingest().added == 0
