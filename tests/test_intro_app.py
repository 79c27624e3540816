"""The Introduktion page through AppTest: the path, a station, the answer guard, the ordliste, the export."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.intro.path import load_stations
from assistant.settings import PROJECT_ROOT

APP = "../app.py"  # AppTest resolves paths relative to this file
STATIONS = load_stations(PROJECT_ROOT / "prompts")


@pytest.fixture
def app(monkeypatch, tmp_path, corpus_data_dir):
    """The app on the Introduktion page, with its own data dir (progress is saved there)."""
    data_dir = tmp_path / "data"


    shutil.copytree(corpus_data_dir, data_dir)
    monkeypatch.setenv("RA_DATA_DIR", str(data_dir))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/introduktion.py").run()
    assert not at.exception
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_path_lists_the_stations_and_opens_one(app):
    labels = [b.label for b in app.button]
    assert all(s.title in labels for s in STATIONS)
    assert "0 af 10 stationer set" in app.get("progress")[0].proto.text
    button(app, STATIONS[1].title).click().run()
    assert app.subheader[0].value == STATIONS[1].title
    assert "Det skriver dokumenterne" in markdown(app)
    assert 2 <= sum(b.label == "Vis i dokumentet" for b in app.button) <= 3
    button(app, "← Alle stationer").click().run()
    assert f"✓ {STATIONS[1].title}" in [b.label for b in app.button], "a seen station is marked"
    assert "1 af 10 stationer set" in app.get("progress")[0].proto.text


def test_answer_is_redacted_saved_and_shown_redacted(app):
    button(app, STATIONS[0].title).click().run()
    button(app, "Gem svar").click().run()
    assert any("Skriv et svar" in w.value for w in app.warning), "an empty answer gets a Danish message"
    answer = next(t for t in app.text_area if t.label == "Dit svar")
    answer.input("Jeg tænkte på et barn; mor skrev fra mor@example.dk.")
    button(app, "Gem svar").click().run()
    assert any("mailadresse" in w.value for w in app.warning)
    shown = next(t for t in app.text_area if t.label == "Dit svar").value
    assert "mor@example.dk" not in shown and "[e-mail fjernet]" in shown
    button(app, "Næste station →").click().run()
    assert app.subheader[0].value == STATIONS[1].title


def test_worried_station_says_where_to_go_apart_from_the_quotes(app):
    worried = next(s for s in STATIONS if s.note)
    button(app, worried.title).click().run()
    assert any("leder" in i.value for i in app.info)


def test_ask_further_opens_the_chat_on_the_topic(app):
    button(app, STATIONS[0].title).click().run()
    button(app, "Spørg videre").click().run()  # app.py opens the chat, which asks the station's question
    assert STATIONS[0].ask in [m.value for m in app.markdown]
    assert app.chat_input


def section(at, name: str):
    return next(r for r in at.radio if r.key == "intro_section").set_value(name).run()


def test_ordliste_shows_terms_with_quotes(app):
    assert not app.expander, "the ordliste is looked up only when chosen"
    section(app, "Ordliste")
    terms = [e.label for e in app.expander]
    assert len(terms) >= 20 and "børnesyn" in terms
    app.text_input(key="glossary-filter").input("børnesyn").run()
    assert [e.label for e in app.expander] == ["børnesyn"]
    assert any(b.label == "Vis i dokumentet" for b in app.expander[0].button)


def test_export_downloads_word_and_markdown(app):
    button(app, STATIONS[0].title).click().run()
    section(app, "Opsummering")
    assert "1 af 10 stationer set" in "\n".join(c.value for c in app.caption)
    downloads = app.get("download_button")
    assert [d.proto.label for d in downloads] == ["Hent som Word", "Hent som tekstfil"]


def test_chat_example_button_leads_to_the_path(monkeypatch, corpus_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    button(at, "Ny? Start introduktionen").click().run()
    assert any(r.key == "intro_section" for r in at.radio)


def test_a_broken_stations_file_gets_a_danish_message(monkeypatch, tmp_path, corpus_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    monkeypatch.setenv("RA_PROMPTS_DIR", str(tmp_path))
    (tmp_path / "intro_stations.toml").write_text("[[station]\n")
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/introduktion.py").run()
    assert not at.exception
    assert "Introduktionen kan ikke vises" in at.error[0].value
