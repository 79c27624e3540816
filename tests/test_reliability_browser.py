"""Issue 9, cases 6 and 7 in a real browser: bare URLs in a question stay text (no <a> element), and
invalid settings show a Danish message instead of a traceback."""

from __future__ import annotations

import re
import subprocess

import pytest

from evals.browser import app_server, browser_page

pytestmark = pytest.mark.browser


def test_urls_stay_text_and_bad_settings_get_a_danish_page(page, chromium_browser, corpus_data_dir, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=120_000)
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

    data_dir = tmp_path / "data"
    subprocess.run(["cp", "-r", str(corpus_data_dir), str(data_dir)], check=True)
    with app_server({"RA_DATA_DIR": str(data_dir), "RA_EMBEDDER": "foo"}, timeout=120) as url, \
            browser_page(url, browser=chromium_browser) as bad:
        expect(bad.get_by_text("RA_EMBEDDER har en ugyldig værdi")).to_be_visible()
        assert "Traceback" not in bad.content()
        bad.screenshot(path=str(tmp_path / "settings-error.png"), full_page=True)
