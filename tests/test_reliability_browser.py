"""Issue 9, cases 6 and 7 in a real browser: bare URLs in a question stay text (no <a> element), and
invalid settings show a Danish message instead of a traceback."""

from __future__ import annotations

import re

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import PROJECT_ROOT
from test_browser import CHROMIUM, LAUNCH_ARGS, free_port

pytestmark = pytest.mark.browser


@contextmanager
def app_server(env: dict[str, str]):
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RA_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, env={**clean, "ANONYMIZED_TELEMETRY": "False", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_urls_stay_text_and_bad_settings_get_a_danish_page(corpus_data_dir, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    data_dir = tmp_path / "data"
    subprocess.run(["cp", "-r", str(corpus_data_dir), str(data_dir)], check=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with app_server({"RA_DATA_DIR": str(data_dir)}) as url:
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").fill(
                "Hvad siger https://example.com/side og www.example.dk om små grupper? Skriv til a@example.dk"
            )
            page.keyboard.press("Enter")
            question = page.get_by_test_id("stChatMessage").first
            expect(question).to_contain_text("example.com/side")
            expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text(
                re.compile(r"dokumenterne|skriver|nævner|beskriver|forklarer", re.I))
            assert page.locator("[data-testid='stChatMessage'] a").count() == 0
            assert page.locator("a[href*='example']").count() == 0
        with app_server({"RA_DATA_DIR": str(data_dir), "RA_EMBEDDER": "foo"}) as url:
            page.goto(url)
            expect(page.get_by_text("RA_EMBEDDER har en ugyldig værdi")).to_be_visible()
            assert "Traceback" not in page.content()
            page.screenshot(path=str(tmp_path / "settings-error.png"), full_page=True)
        browser.close()
