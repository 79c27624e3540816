"""Real browser end to end: `streamlit run` on 127.0.0.1 driven by Debian's chromium via playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.browser import fill_when_done, settle

pytestmark = pytest.mark.browser


def test_ask_a_question_and_open_a_source_in_context(page, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)

    page.get_by_test_id("stChatInputTextArea").fill("Hvordan kan vi hjælpe børnene med at få venner?")
    page.keyboard.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text("relationer")
    expect(answer.get_by_test_id("stExpander").first).to_contain_text("[1]")
    settle(page)
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

    answer.get_by_test_id("stExpander").first.click()
    # Under a full test run's load, in an app started moments before, a click right after the first answer
    # was now and then lost (twice in about forty runs; never alone, also not with both cores busy): a user
    # clicks again, and so does the test.
    context = page.get_by_text("Det citerede afsnit i sammenhæng")
    for attempt in range(3):
        settle(page)
        answer.get_by_role("button", name="Vis i dokumentet").first.click()
        try:
            expect(context).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    expect(context).to_be_visible()
    page.screenshot(path=str(tmp_path / "source.png"), full_page=True)
    assert (tmp_path / "answer.png").stat().st_size > 10_000
    assert (tmp_path / "source.png").stat().st_size > 10_000


def test_a_follow_up_is_answered_in_the_context_of_the_question(page):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Hvordan samarbejder vi bedst med forældrene?")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("[1]")
    box.fill("Hvad mener FOA om det?")
    page.keyboard.press("Enter")
    follow_up = page.get_by_test_id("stChatMessage").nth(3)
    expect(follow_up).to_contain_text("FOA")
    expect(follow_up).to_contain_text("forældre")
    expect(follow_up).not_to_contain_text("Det dækker dokumenterne ikke")


def test_a_situation_told_in_the_chat_is_taken_to_reflection(page):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    situation = "Vi har en dreng på 4 på stuen, som slår de andre, når han bliver sur. Hvordan skal vi forstå ham?"
    page.get_by_test_id("stChatInputTextArea").fill(situation)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("[1]")
    settle(page)
    page.get_by_role("button", name="Reflektér over situationen").click()
    expect(page.get_by_label("Hvad optager jer?")).to_have_value(situation)  # the team's concern, as told
    expect(page.get_by_role("button", name="Start med de valgte spørgsmål")).to_be_visible()


def test_short_reflection_session(page, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    page.get_by_text("Refleksion", exact=True).first.click()
    expect(page.get_by_text("Vælg et tema")).to_be_visible()
    page.get_by_text("Planlægning (3 spørgsmål)").click()
    page.get_by_role("button", name="Start med temaet").click()
    expect(page.get_by_text("Spørgsmål 1 af 3")).to_be_visible()
    fill_when_done(page.get_by_label("Jeres svar"), "Vi planlægger hver mandag ud fra børnenes interesser.")
    page.get_by_role("button", name="Gem svar").click()
    expect(page.get_by_text("Svar på opfølgningen (valgfrit)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "reflection.png"), full_page=True)
    page.get_by_role("button", name="Afslut nu").click()
    expect(page.get_by_text("Opsummering", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Hent som Word")).to_be_visible()
    page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    assert (tmp_path / "summary.png").stat().st_size > 10_000


def test_reflection_from_a_concern_to_an_exported_summary(page, tmp_path):
    """A concern, a non-answer, an answer naming a child, agreements, and the Markdown download."""
    from playwright.sync_api import expect

    from assistant.text.pii import redact

    expect.set_options(timeout=90_000)
    page.get_by_text("Refleksion", exact=True).first.click()
    page.get_by_label("Hvad optager jer?").fill("hvordan vi inddrager børnenes perspektiv i hverdagen")
    page.get_by_role("button", name="Foreslå spørgsmål").click()
    page.get_by_role("button", name="Start med de valgte spørgsmål").click()
    expect(page.get_by_text("Spørgsmål 1 af", exact=False)).to_be_visible()
    fill_when_done(page.get_by_label("Jeres svar").last, "hvad er 'det'?")
    page.get_by_role("button", name="Gem svar").click()
    expect(page.get_by_text("Spørgsmålet tager udgangspunkt i", exact=False)).to_be_visible()
    page.get_by_role("button", name="Næste →").click()
    expect(page.get_by_text("Spørgsmål 2 af", exact=False)).to_be_visible()
    named = "Ida Marie på Solstuen trækker sig, når de stille børn bliver overset i samlingen."
    fill_when_done(page.get_by_label("Jeres svar").last, named)
    page.get_by_role("button", name="Gem svar").click()
    expect(page.get_by_text("I skriver om", exact=False).first).to_be_visible()
    stored = redact(named)
    expect(page.get_by_label("Jeres svar").last).to_have_value(stored.text)  # the box shows what was stored
    page.get_by_role("button", name="Afslut nu").click()
    expect(page.get_by_text("Det lagde I mærke til")).to_be_visible()
    fill_when_done(page.get_by_label("Aftaler"), "Vi observerer de stille børn i samlingen. Mette tager noter.")
    page.get_by_role("button", name="Gem aftaler").click()
    expect(page.get_by_text("Aftalerne er gemt", exact=False)).to_be_visible()  # the page is drawn anew
    # the box shows what was stored: the name removed on screen too (a fresh box replaces the typed one)
    expect(page.get_by_label("Aftaler")).to_have_count(1)
    expect(page.get_by_label("Aftaler")).to_have_value("Vi observerer de stille børn i samlingen. [navn fjernet] tager noter.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som tekstfil").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Vi observerer de stille børn i samlingen." in text and "## Det lagde vi mærke til" in text
    assert all(f.text not in text for f in stored.findings)
    assert download.value.suggested_filename.count("-20") == 1  # the date once


def test_upload_search_and_remove_a_document(page, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)
    good = tmp_path / "udeliv.txt"
    good.write_text("Udeliv i vuggestuen\n\nVi sover middagslur i barnevogne under halvtaget, også om vinteren.\n")
    empty = tmp_path / "tom.txt"
    empty.write_text("")
    page.get_by_text("Kilder", exact=True).first.click()
    # Streamlit's box says "Upload" and "200MB per file" (our limit is 20 MB): Danish words stand in their place
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    expect(dropzone).to_be_visible()
    shown = dropzone.evaluate("""zone => [...zone.querySelectorAll('span, p')]
        .filter(e => !e.children.length && e.dataset.testid !== 'stIconMaterial')
        .map(e => [getComputedStyle(e).fontSize === '0px' ? '' : e.innerText, getComputedStyle(e, '::after').content])
        .flat().join(' ')""")
    assert "Vælg filer" in shown and "Træk filerne hertil" in shown, shown
    assert "Upload" not in shown and "200MB" not in shown, shown
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(good), str(empty)])
    add = page.get_by_role("button", name="Tilføj dokumenter")
    confirm = page.get_by_text("Jeg har tjekket dokumenterne, og de må gemmes")
    # the personal-data check may ask first (a capitalised title can look like a name); each uploaded
    # file reruns the page, so wait until the button is usable or the question is asked
    expect(add.and_(page.locator(":enabled")).or_(confirm).first).to_be_visible()
    if confirm.count():
        confirm.click()
    expect(add).to_be_enabled()
    add.click()
    expect(page.get_by_text("tom.txt: Filen er tom.")).to_be_visible()
    expect(page.get_by_text("1 dokument(er) tilføjet")).to_be_visible()
    page.get_by_label("Søg i dokumenterne").fill("middagslur under halvtaget")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Vi sover middagslur i barnevogne").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    page.get_by_role("button", name="Fjern", exact=True).click()
    # removing is for everyone: asked once more, and "Annuller" keeps the document
    page.get_by_role("button", name="Annuller").click()
    expect(page.get_by_role("button", name="Fjern", exact=True)).to_have_count(1)
    page.get_by_role("button", name="Fjern", exact=True).click()
    page.get_by_role("button", name="Ja, fjern dokumentet").click()
    expect(page.get_by_role("button", name="Fjern", exact=True)).to_have_count(0)
