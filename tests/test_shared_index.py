"""One index, several processes: the CLI ingests a document while a searcher (or the app) keeps serving.

The searcher notices the new generation on its next search and swaps its state whole; searches in
flight finish on the old state. Everything here is real: e5, embedded Chroma, `ingest.py` as a process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from conftest import PROJECT_ROOT

SNOW = """Snehuleprojektet i Mælkebøtten

I vinter byggede børnene i Mælkebøtten snehuler på legepladsen sammen med de voksne. Snehuleprojektet
lærte børnene at samarbejde om en fælles opgave, at vente på tur og at hjælpe hinanden med at bære sne.
De voksne satte ord på det, børnene gjorde, og talte med dem om kulde, vand og is. Bagefter tegnede
børnene deres snehuler og fortalte forældrene om dem ved afhentning. Pædagogerne oplevede, at selv de
stille børn tog del i legen, fordi opgaven var konkret, og alle kunne bidrage. Projektet blev gentaget
hver uge, så længe der lå sne på legepladsen.
"""
SNOW_QUESTION = "Hvad lærte børnene af snehuleprojektet?"
OLD_QUESTION = "Hvad anbefaler KL om rammerne for gode børneliv?"


def cli_ingest(assistant, path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RA_DATA_DIR": str(assistant.settings.data_dir),
           "RA_CORPUS_DIR": str(assistant.settings.corpus_dir)}
    return subprocess.run([sys.executable, "ingest.py", str(path)], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


class Askers:
    """Threads asking the same searcher in a loop, counting answers and keeping every failure."""

    def __init__(self, searcher, vector, threads: int = 3):
        self.searcher, self.vector = searcher, vector
        self.errors: list[BaseException] = []
        self.done = 0
        self.found_new, self.stop = threading.Event(), threading.Event()
        self.threads = [threading.Thread(target=self.ask) for _ in range(threads)]

    def ask(self) -> None:
        while not self.stop.is_set():
            try:
                for question, vec in ((OLD_QUESTION, None), (SNOW_QUESTION, self.vector)):
                    hits = self.searcher.search(question, k=3, vector=vec)
                    assert hits, question
                    self.searcher.window_similarities(self.vector, [h.chunk.id for h in hits])
                    if hits[0].chunk.doc_id.startswith("user-"):
                        self.found_new.set()
                    self.done += 1
            except BaseException as exc:  # noqa: BLE001 - every failure counts
                self.errors.append(exc)

    def __enter__(self) -> "Askers":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def test_searches_in_threads_continue_through_a_cli_ingest(small_assistant, tmp_path):
    searcher = small_assistant.searcher
    assert searcher.search(OLD_QUESTION, k=3)
    (tmp_path / "snehuler.txt").write_text(SNOW, encoding="utf-8")
    with Askers(searcher, small_assistant.embedder.embed_query(SNOW_QUESTION)) as askers:
        result = cli_ingest(small_assistant, tmp_path / "snehuler.txt")
        assert result.returncode == 0, result.stderr
        askers.found_new.wait(timeout=60)  # noticed by a search, with no reload called
    assert askers.errors == [] and askers.found_new.is_set() and askers.done > 20
    assert searcher.search(SNOW_QUESTION, k=1)[0].chunk.doc_id.startswith("user-snehuler")


def test_searches_never_see_half_a_state_while_it_is_swapped(small_assistant):
    searcher = small_assistant.searcher
    with Askers(searcher, small_assistant.embedder.embed_query(SNOW_QUESTION)) as askers:
        for _ in range(30):
            searcher.reload()  # a whole new state each time, built beside the old one
    assert askers.errors == [] and askers.done > 30


def test_a_rebuild_in_another_process_is_noticed(small_assistant, tmp_path):
    """`ingest.py --rebuild` drops and recreates the collection: the old handle dies, the next search
    opens the new one."""
    searcher = small_assistant.searcher
    before = searcher.state.marker
    env = {**os.environ, "RA_DATA_DIR": str(small_assistant.settings.data_dir),
           "RA_CORPUS_DIR": str(small_assistant.settings.corpus_dir)}
    result = subprocess.run([sys.executable, "ingest.py", "--rebuild"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    hits = searcher.search(OLD_QUESTION, k=3, mode="dense")
    assert len(hits) == 3 and searcher.state.marker != before
    assert small_assistant.index_exists()  # what the app asks on every run


def test_unchanged_reingest_keeps_the_generation(small_assistant):
    marker = small_assistant.searcher.state.marker
    small_assistant.ingest()
    assert small_assistant.searcher.state.marker == marker


def test_paged_reads_cover_every_record(small_assistant, monkeypatch):
    """Reads go in pages (one `get` of everything fails above 32,766 records): with tiny pages, a
    re-ingest still sees every record and changes nothing."""
    from assistant.search import store

    ids, _ = small_assistant.store.stored()
    monkeypatch.setattr(store, "PAGE", 7)
    paged, hashes = small_assistant.store.stored()
    assert sorted(paged) == sorted(ids) and len(ids) > 7 and set(hashes) == {"kl-anbefalinger"}
    report = small_assistant.ingest()
    assert report.added == 0 and report.removed == 0
    assert small_assistant.searcher.search(OLD_QUESTION, k=3)


@pytest.mark.browser
def test_the_app_keeps_answering_while_the_cli_adds_a_document(small_assistant, chromium_browser, tmp_path):
    """Issue 9, case 1, as a user meets it: the real app, a real browser, `ingest.py` in between."""
    from evals.browser import app_server, ask, browser_page

    settings = small_assistant.settings
    env = {"RA_DATA_DIR": str(settings.data_dir), "RA_CORPUS_DIR": str(settings.corpus_dir)}
    (tmp_path / "snehuler.txt").write_text(SNOW, encoding="utf-8")
    with app_server(env) as url, browser_page(url, browser=chromium_browser) as page:
        first, _ = ask(page, OLD_QUESTION)
        result = cli_ingest(small_assistant, tmp_path / "snehuler.txt")
        assert result.returncode == 0, result.stderr
        snow, _ = ask(page, SNOW_QUESTION)
        again, _ = ask(page, OLD_QUESTION)
        body = page.locator("body").inner_text()
    assert "Kilder" in first and "Kilder" in again
    assert "snehuler" in snow.lower() and "Kilder" in snow
    assert "Traceback" not in body and "Error" not in body
