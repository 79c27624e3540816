"""Client/server: ingest and search through a real `chroma run` server on 127.0.0.1."""

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.core import build_assistant
from conftest import make_settings
from evals.browser import free_port

pytestmark = pytest.mark.server


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


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
