"""Real browser: open the Introduktion path, a station, the ordliste, and download the summary as Word."""

from __future__ import annotations

import io

import docx
import pytest

from evals.browser import fill_when_done


pytestmark = pytest.mark.browser


def test_intro_path_station_glossary_and_export(page, tmp_path):  
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    page.get_by_text("Introduktion", exact=True).first.click()
    expect(page.get_by_text("0 af 10 stationer set")).to_be_visible()
    page.get_by_role("button", name="Legen og din rolle i den").click()
    expect(page.get_by_text("Det skriver dokumenterne")).to_be_visible()
    expect(page.get_by_role("button", name="Vis i dokumentet").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "station.png"), full_page=True)
    fill_when_done(page.get_by_role("textbox", name="Dit svar"), "Jeg vil gå mere med ind i rollelegen med Oliver.")
    page.get_by_role("button", name="Gem svar").click()
    # the box shows what was kept, as the notice says: the name is gone from the screen too
    expect(page.get_by_role("textbox", name="Dit svar")).to_have_value("Jeg vil gå mere med ind i rollelegen med [navn fjernet].")
    page.get_by_role("button", name="← Alle stationer").click()
    expect(page.get_by_role("button", name="✓ Legen og din rolle i den")).to_be_visible()
    page.screenshot(path=str(tmp_path / "path.png"), full_page=True)

    page.get_by_text("Ordliste", exact=True).click()
    page.get_by_role("textbox", name="Find et ord").fill("børnesyn")
    page.keyboard.press("Enter")
    page.get_by_test_id("stExpander").filter(has_text="børnesyn").first.click()
    expect(page.get_by_text("Børnesynet har fokus på kontekst").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "glossary.png"), full_page=True)

    page.get_by_text("Opsummering", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som Word").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert saved.suffix == ".docx" and "Min introduktion" in text
    assert "Mit svar: Jeg vil gå mere med ind i rollelegen med [navn fjernet]." in text
    assert (tmp_path / "path.png").stat().st_size > 10_000
