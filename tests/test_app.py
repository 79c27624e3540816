"""The Streamlit view through AppTest: the chat answers with sources, sources open in context."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = "../app.py"  # AppTest resolves paths relative to this file


@pytest.fixture
def app(monkeypatch, fresh_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(fresh_data_dir))  # sessions saved here must not reach other tests
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return at


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_question_gets_an_answer_with_sources(app):
    app.chat_input[0].set_value("Hvordan kan vi hjælpe børnene med at få venner?").run()
    assert not app.exception
    assert "relationer" in texts(app) and "\\[1\\]" in texts(app)
    labels = [e.label for e in app.expander]
    assert labels and labels[0].startswith("\\[1\\]")
    assert any(b.label == "Vis i dokumentet" for b in app.button)


def test_example_question_button_asks_it(app):
    next(b for b in app.button if b.label == "Hvordan samarbejder vi med forældrene?").click().run()
    assert "Hvordan samarbejder vi med forældrene?" in texts(app)
    assert app.expander, "the answer should list its sources"


def test_source_opens_in_context_on_the_sources_page(app):
    app.chat_input[0].set_value("Hvad er intentionstrængsel?").run()
    next(b for b in app.button if b.label == "Vis i dokumentet").click().run()  # app.py switches to Kilder
    assert "Det citerede afsnit i sammenhæng" in [h.value for h in app.subheader]
    assert ":orange-background[" in texts(app)


def test_empty_and_too_long_questions_get_danish_messages(app):
    app.chat_input[0].set_value("   ").run()
    assert len(app.error) == 1 and app.error[0].value.startswith("Skriv et spørgsmål")
    long = "Vi har en stille pige i vuggestuen, som sjældent leger med de andre. " * 40
    app.chat_input[0].set_value(long).run()
    assert "for langt" in app.error[0].value
    # what was typed is not lost with the emptied chat box: it can be shortened and asked again
    kept = next(t for t in app.text_area if t.key == "kept-question")
    assert kept.value == long
    kept.input("Hvordan hjælper vi en stille pige, der sjældent leger med de andre?").run()
    next(b for b in app.button if b.label == "Spørg med den forkortede tekst").click().run()
    assert not app.error and len(app.chat_message) == 2
    assert not [t for t in app.text_area if t.key == "kept-question"]


def test_personal_data_is_redacted_and_warned_about(app):
    app.chat_input[0].set_value("Hvordan taler vi med mor til Emil, tlf 12 34 56 78, om sovetid?").run()
    shown = texts(app)
    assert "12 34 56 78" not in shown
    assert any("telefonnummer" in w.value for w in app.warning)


def test_unanswerable_question_says_so(app):
    app.chat_input[0].set_value("Hvad koster en ny legeplads i Odense?").run()
    shown = texts(app)
    assert "dækker dokumenterne ikke" in shown or "svarer måske ikke direkte" in shown  # refused, or marked as nearest


def test_missing_index_shows_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("RA_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "ikke indlæst" in at.warning[0].value and "ingest.py" in at.warning[0].value
    assert any(b.label == "Indlæs dokumenterne nu" for b in at.button)


def test_sources_page_lists_documents_and_searches(app):
    app.switch_page("app_pages/kilder.py").run()
    assert "5 dokumenter" in [h.value for h in app.subheader]
    app.text_input[0].set_value("forældresamarbejde").run()
    assert sum(b.label == "Vis i dokumentet" for b in app.button) == 5


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def test_full_reflection_session(app, tmp_path, monkeypatch):
    app.switch_page("app_pages/refleksion.py").run()
    next(r for r in app.radio if r.label == "Tema").set_value("forældresamarbejde").run()
    click(app, "Start med temaet")
    assert "Spørgsmål 1 af 5" in app.get("progress")[0].proto.text
    first = app.subheader[0].value
    app.text_area[0].input("Vi spørger forældrene ved afhentning, og kontakt på mor@example.dk virker godt.")
    click(app, "Gem svar")
    assert any("mail" in w.value for w in app.warning), "personal data is warned about"
    assert "mor@example.dk" not in app.text_area[0].value
    assert any(m.value.startswith("**") and m.value.endswith("?**") for m in app.markdown), "a deepening question"
    click(app, "Næste →")
    assert "Spørgsmål 2 af 5" in app.get("progress")[0].proto.text
    app.text_area[0].input("Vi har forskellige samtaler for forskellige familier.")
    click(app, "Gem svar")
    click(app, "Afslut nu")
    assert app.subheader[0].value.startswith("Opsummering")
    shown = "\n".join(m.value for m in app.markdown)
    assert "Vi har forskellige samtaler for forskellige familier\\." in shown and "(ikke besvaret)" in shown
    next(t for t in app.text_area if t.label == "Prøvehandlinger").input("Vi prøver korte samtaler i to uger.")
    click(app, "Gem aftaler")
    downloads = app.get("download_button")
    assert [d.proto.label for d in downloads] == ["Hent som Word", "Hent som tekstfil"]
    # The session is saved: a fresh page lists it for resuming.
    click(app, "Ny session")
    assert "Gemte sessioner" in [h.value for h in app.subheader]
    assert any(b.label == "Fortsæt" for b in app.button)
    assert first
    click(app, "Fortsæt")
    assert app.subheader[0].value.startswith("Opsummering")
    assert next(t for t in app.text_area if t.label == "Prøvehandlinger").value == "Vi prøver korte samtaler i to uger."


def test_typed_answer_is_kept_when_moving_on_without_saving(app):
    app.switch_page("app_pages/refleksion.py").run()
    next(r for r in app.radio if r.label == "Tema").set_value("planlægning").run()
    click(app, "Start med temaet")
    app.text_area[0].input("Vi planlægger ud fra børnenes interesser.")
    click(app, "Næste →")
    assert "Spørgsmål 2 af 3" in app.get("progress")[0].proto.text
    click(app, "← Forrige")
    assert app.text_area[0].value == "Vi planlægger ud fra børnenes interesser."


def test_refusal_suggestions_are_questions_to_click(app):
    app.chat_input[0].set_value("Hvem vandt Superligaen i fodbold sidste sæson?").run()
    suggestion = next(b for b in app.button if b.label.startswith("Hvad skriver dokumenterne om"))
    suggestion.click().run()
    assert not app.exception
    assert suggestion.label.replace("?", "") in texts(app).replace("\\", "").replace("?", "")


def test_meeting_request_offers_the_meeting_guide(app):
    app.chat_input[0].set_value("Lav en dagsorden til personalemødet om forældresamarbejde").run()
    next(b for b in app.button if b.label == "Åbn mødeguiden").click().run()  # app.py opens the meeting page
    assert app.text_input(key="meeting_topic_input").value == "forældresamarbejde"


def test_the_concern_box_shows_the_concern_as_kept_once_questions_are_suggested(app):
    # walkthrough: after "Foreslå spørgsmål" the box still showed the name and the phone number the notice
    # said were removed
    app.switch_page("app_pages/refleksion.py").run()
    next(t for t in app.text_area if t.label == "Hvad optager jer?").input(
        "Jeg er bekymret for Emma Jensen på 4 år, hun trækker sig fra legen. Mor har ringet fra 22 45 67 89.")
    click(app, "Foreslå spørgsmål")
    box = next(t for t in app.text_area if t.label == "Hvad optager jer?")
    assert "Emma" not in box.value and "22 45" not in box.value and "[navn fjernet]" in box.value
    assert any("personoplysninger" in w.value for w in app.warning)
    assert [c for c in app.checkbox if c.key and c.key.startswith("suggestion-")]


def test_a_reflection_answer_over_the_limit_is_kept_to_shorten_not_dropped(app):
    # walkthrough: a paste over 5,000 characters into "Jeres svar" showed nothing (the box's limit dropped it)
    app.switch_page("app_pages/refleksion.py").run()
    next(t for t in app.text_area if t.label == "Hvad optager jer?").input("hvordan vi inddrager børnenes perspektiv")
    click(app, "Foreslå spørgsmål")
    click(app, "Start med de valgte spørgsmål")
    long = "Vi har talt længe om det på stuen, og vi er enige om meget. " * 100
    app.text_area[0].input(long)
    click(app, "Gem svar")
    assert app.text_area[0].value == long and any("for langt" in w.value for w in app.warning)
    click(app, "Næste →")  # moving on does not store it either
    assert app.text_area[0].value == long and any("for langt" in w.value for w in app.warning)


def test_reflection_from_a_concern_to_an_exported_summary_with_a_non_answer_and_a_name(app, fresh_data_dir):
    from assistant.export.reflection import to_markdown
    from assistant.reflect.sessions import SessionStore
    from assistant.text.pii import redact

    app.switch_page("app_pages/refleksion.py").run()
    next(t for t in app.text_area if t.label == "Hvad optager jer?").input(
        "hvordan vi inddrager børnenes perspektiv i hverdagen")
    click(app, "Foreslå spørgsmål")
    suggested = [c.label for c in app.checkbox if c.key and c.key.startswith("suggestion-")]
    assert any("opmærksomhed på barnets perspektiv" in s for s in suggested[:3]), suggested
    click(app, "Start med de valgte spørgsmål")
    # A non-answer: the question is explained, not followed up as if it were an answer.
    app.text_area[0].input("hvad er 'det'?")
    click(app, "Gem svar")
    assert any(m.value.startswith("**Spørgsmålet tager udgangspunkt i") for m in app.markdown)
    click(app, "Næste →")
    # A name: what the warning says is removed is gone from the text box, and the box shows what is stored.
    named = "Ida Marie på Solstuen trækker sig, når de stille børn bliver overset i samlingen."
    app.text_area[0].input(named)
    click(app, "Gem svar")
    stored = redact(named)
    assert app.text_area[0].value == stored.text
    for finding in stored.findings:
        assert finding.text not in app.text_area[0].value
    assert any(m.value.startswith("**I skriver om “") for m in app.markdown), "a follow-up on the answer"
    click(app, "Afslut nu")
    assert app.subheader[0].value.startswith("Opsummering")
    # Agreements are saved as typed: typed, not saved with the button, and still in the export.
    next(t for t in app.text_area if t.label == "Aftaler").input("Vi observerer de stille børn i samlingen.").run()
    markdown = next(d for d in app.get("download_button") if d.proto.label == "Hent som tekstfil")
    app.switch_page("app_pages/refleksion.py").run()  # leave and come back: nothing typed is lost
    assert next(t for t in app.text_area if t.label == "Aftaler").value == "Vi observerer de stille børn i samlingen."
    assert markdown is not None
    exported = to_markdown(SessionStore(fresh_data_dir / "reflection.sqlite").load(app.session_state["reflection_id"]))
    assert "Vi observerer de stille børn i samlingen." in exported and "## Det lagde vi mærke til" in exported
    assert stored.text in exported and all(f.text not in exported for f in stored.findings)


def test_a_situation_told_in_the_chat_opens_reflection_with_it_as_the_concern(app):
    situation = "Vi har en dreng på 4 på stuen, som slår de andre, når han bliver sur. Hvordan skal vi forstå ham?"
    app.chat_input[0].set_value(situation).run()
    next(b for b in app.button if b.label == "Reflektér over situationen").click().run()  # opens Refleksion
    assert not app.exception
    box = next(t for t in app.text_area if t.label == "Hvad optager jer?")
    assert box.value == situation
    assert any(b.label == "Start med de valgte spørgsmål" for b in app.button)  # the documents' questions for it
