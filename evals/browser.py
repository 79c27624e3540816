"""The real app in a real browser: `streamlit run app.py` on 127.0.0.1 and Debian's chromium via playwright.
Shared by the tests (a CLI ingest while the app serves) and the benchmark (Enter → answer)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(env: dict[str, str], timeout: float = 60) -> Iterator[str]:
    """The app serving on a free port with these `RA_` settings; yields its URL once healthy."""
    port = free_port()
    log = tempfile.TemporaryFile()  # not a pipe: an unread pipe fills and stalls a chatty server
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False", **env},
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while not _healthy(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                log.seek(0)
                raise RuntimeError("streamlit did not start: " + log.read().decode(errors="replace")[-2000:])
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def chromium():
    """Debian's chromium, headless; one per process (Playwright's sync API runs one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(url: str, timeout_ms: int = 90_000, browser=None):
    """A page at `url` in a fresh browser context (its own cookies and session); in `browser` when given,
    else in a chromium of its own."""
    if browser is None:
        with chromium() as own, browser_page(url, timeout_ms, own) as page:
            yield page
        return
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(url)
        yield page
    finally:
        context.close()


WATCH = """() => {
  if (window.__watch) return;
  window.__watch = true;
  window.__last = performance.now();
  new MutationObserver(() => { window.__last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener("keydown", e => { if (e.key === "Enter") window.__enter = performance.now(); }, true);
}"""
DONE = """([count, quiet]) => {
  const messages = document.querySelectorAll('[data-testid="stChatMessage"]');
  return messages.length >= count && !document.querySelector('[data-testid="stSpinner"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && messages[count - 1].innerText.length > 40 && performance.now() - window.__last > quiet;
}"""


IDLE = """() => !!document.querySelector('[data-testid="stChatInputTextArea"]')
  && !document.querySelector('[data-testid="stSpinner"]')
  && !document.querySelector('[data-testid="stStatusWidget"]')"""


SETTLED = """(quiet) => !document.querySelector('[data-testid="stSpinner"]')
  && !document.querySelector('[data-testid="stStatusWidget"]')
  && performance.now() - window.__last > quiet"""


def settle(page, timeout_ms: int = 90_000, quiet_ms: int = 400) -> None:
    """Wait until the page's run has finished and nothing on it has changed for `quiet_ms`: a click on a
    button the run is still drawing can be lost (seen on the CI machine, "Vis i dokumentet" right after
    an answer)."""
    page.evaluate(WATCH)
    page.wait_for_function(SETTLED, arg=quiet_ms, timeout=timeout_ms, polling=50)


def fill_when_done(locator, text: str, timeout_ms: int = 90_000, quiet_ms: int = 400) -> None:
    """Type into a field once the page's run has finished and the page is still: a run still drawing the
    page replaces stale fields and drops what was typed into them (seen on a busy CI machine, where the
    spinner had not yet shown), so the value is checked again after the page has settled."""
    from playwright.sync_api import expect

    page = locator.page
    for _ in range(3):
        settle(page, timeout_ms, quiet_ms)
        locator.fill(text)
        expect(locator).to_have_value(text, timeout=timeout_ms)
        settle(page, timeout_ms, quiet_ms)
        if locator.input_value() == text:
            return
    raise AssertionError(f"the field kept losing what was typed: {text!r}")


def ask(page, question: str, timeout_ms: int = 90_000, quiet_ms: int = 400) -> tuple[str, float]:
    """Type a question and press Enter; once the page has been still for `quiet_ms` with the answer shown
    and the run finished, its text and the seconds from Enter to the last change of the page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Typed as a user would: once the page has finished its run and shows the chat box.
    page.wait_for_function(IDLE, timeout=timeout_ms, polling=50)
    page.evaluate(WATCH)
    count = page.get_by_test_id("stChatMessage").count() + 2
    page.get_by_test_id("stChatInputTextArea").fill(question)
    page.keyboard.press("Enter")
    try:
        page.wait_for_function(DONE, arg=[count, quiet_ms], timeout=timeout_ms, polling=50)
    except PlaywrightTimeout as error:  # say what the page showed instead
        raise AssertionError(f"no answer to {question!r}; the page shows: "
                             + page.locator("body").inner_text()[-1500:]) from error
    seconds = page.evaluate("() => (window.__last - window.__enter) / 1000")
    return page.get_by_test_id("stChatMessage").nth(count - 1).inner_text(), seconds
