"""Real browser: a leader prepares a guide, downloads the handout and steps through the meeting."""

from __future__ import annotations

import re
import time

import pytest

from evals.browser import fill_when_done, settle


pytestmark = pytest.mark.browser


def test_prepare_a_guide_and_run_it_in_facilitator_mode(page, app_url, tmp_path):  
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    page.goto(f"{app_url}/personalemoede")
    started = time.monotonic()
    page.get_by_label("Emne").fill("samarbejdet med forældre til børn i udsatte positioner")
    page.get_by_text("45", exact=True).click()
    page.get_by_label("Hvem deltager?").fill("hele huset")
    # Streamlit's English hint under a field ("Press Enter to submit form") is not shown
    expect(page.get_by_test_id("InputInstructions").first).to_be_hidden()
    page.get_by_role("button", name="Lav mødeguide").click()
    expect(page.get_by_text("Mødeguide:", exact=False)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som Word").click()
    handout = tmp_path / "handout.docx"
    download.value.save_as(handout)
    assert handout.stat().st_size > 5_000
    assert time.monotonic() - started < 120, "a leader gets from a topic to a handout in under two minutes"
    page.screenshot(path=str(tmp_path / "guide.png"), full_page=True)

    page.get_by_role("button", name="Start mødet").click()
    # six items, or seven when an earlier meeting's agreements open this one
    expect(page.get_by_text(re.compile(r"Punkt 1 af [67]\b"))).to_be_visible()
    # the shared screen shows the item from its top, though "Start mødet" was clicked at the foot of the guide
    page.wait_for_function("document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0", timeout=30_000)
    total = re.search(r"Punkt 1 af (\d)", page.get_by_text(re.compile("Punkt 1 af")).inner_text()).group(1)
    expect(page.frame_locator("iframe").first.get_by_text("Tid tilbage", exact=False)).to_be_visible()
    fill_when_done(page.get_by_role("textbox", name="Noter fra gruppen"), "Vi kender udsagnet fra vores egen hverdag.")
    page.get_by_role("button", name="Næste punkt").click()
    expect(page.get_by_text(f"Punkt 2 af {total}", exact=False)).to_be_visible()
    page.get_by_role("button", name="Forrige punkt").click()  # the notes typed there are still in their box
    expect(page.get_by_text(f"Punkt 1 af {total}", exact=False)).to_be_visible()
    notes = page.get_by_role("textbox", name="Noter fra gruppen")
    expect(notes).to_have_count(1)  # the item's box is drawn anew: the one of the item left goes first
    expect(notes).to_have_value("Vi kender udsagnet fra vores egen hverdag.")
    page.get_by_role("button", name="Næste punkt").click()
    expect(page.get_by_text(f"Punkt 2 af {total}", exact=False)).to_be_visible()
    page.get_by_role("button", name="Næste punkt").click()
    expect(page.get_by_text(f"Punkt 3 af {total}", exact=False)).to_be_visible()
    page.screenshot(path=str(tmp_path / "facilitator.png"), full_page=True)
    # an agreement added is shown at once: the box of agreements stays open (clicked once the run that drew
    # the item has finished: while it draws, the last item's box is still on the page, seen on a clean clone)
    settle(page)
    page.get_by_text("Aftaler", exact=True).click()
    fill_when_done(page.get_by_role("textbox", name="Hvad gør vi?"), "Vi prøver små grupper i garderoben.")
    page.get_by_role("button", name="Tilføj aftale").click()
    expect(page.get_by_text("Vi prøver små grupper i garderoben.", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Afslut mødet").click()
    expect(page.get_by_text("Referat", exact=True).first).to_be_visible()
    expect(page.get_by_text("Vi kender udsagnet fra vores egen hverdag.", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Hent referat som Word")).to_be_visible()
    assert (tmp_path / "facilitator.png").stat().st_size > 10_000
