"""The Personalemøde page through AppTest: prepare a guide, run the meeting, get the minutes."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = "../app.py"  # AppTest resolves paths relative to this file
TOPIC = "samarbejdet med forældre til børn i udsatte positioner"


@pytest.fixture
def app(monkeypatch, fresh_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(fresh_data_dir))  # the meetings saved here must not open others
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return at.switch_page("app_pages/personalemoede.py").run()


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def shown(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def test_empty_topic_gets_a_danish_message(app):
    click(app, "Lav mødeguide")
    assert [e.value for e in app.error] == ["Skriv et emne for mødet."]


def test_chat_topic_is_filled_in(monkeypatch, corpus_data_dir):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["meeting_topic"] = "legens betydning"
    at.run()
    at.switch_page("app_pages/personalemoede.py").run()
    assert at.text_input(key="meeting_topic_input").value == "legens betydning"


def test_prepare_edit_run_and_minutes(app):
    app.text_input(key="meeting_topic_input").input(TOPIC)
    app.radio(key="meeting_minutes").set_value(45)
    click(app, "Lav mødeguide")
    assert not app.exception
    assert app.subheader[0].value.startswith("Mødeguide")
    downloads = [d.proto.label for d in app.get("download_button")]
    assert downloads == ["Hent som Word", "Hent som tekstfil"]
    titles = [t.value for t in app.text_input if t.label.startswith("Punkt ")]
    assert len(titles) == 6
    next(b for b in app.button if b.key == "down-0").click().run()  # reorder: opening after reading
    titles2 = [t.value for t in app.text_input if t.label.startswith("Punkt ")]
    assert titles2[:2] == [titles[1], titles[0]]
    next(b for b in app.button if b.key == "drop-5").click().run()  # drop the closing item
    assert len([t for t in app.text_input if t.label.startswith("Punkt ")]) == 5
    click(app, "Start mødet")
    assert "Punkt 1 af 5" in shown(app)
    notes = app.text_area[0]
    notes.input("Far kan ringes op på 20 30 40 50. Vi talte om at læse højt.")
    click(app, "Næste punkt")
    assert any("telefonnummer" in w.value for w in app.warning)
    assert "Punkt 2 af 5" in shown(app)
    click(app, "Forrige punkt")
    assert "20 30 40 50" not in app.text_area[0].value and "læse højt" in app.text_area[0].value
    app.text_input(key="agree-what").input("Korte samtaler ved afhentning")
    app.text_input(key="agree-who").input("Stue B")
    click(app, "Tilføj aftale")
    click(app, "Afslut mødet")
    assert [h.value for h in app.subheader] == ["Referat"]
    text = shown(app)
    assert "Korte samtaler ved afhentning" in text and "Stue B" in text and "20 30 40 50" not in text
    assert [d.proto.label for d in app.get("download_button")] == ["Hent referat som Word", "Hent referat som tekstfil"]


def test_the_next_guide_shows_what_was_agreed_and_the_follow_up_can_be_removed(app):
    app.text_input(key="meeting_topic_input").input(TOPIC)
    app.radio(key="meeting_minutes").set_value(45)
    click(app, "Lav mødeguide")
    click(app, "Start mødet")
    app.text_input(key="agree-what").input("Korte samtaler ved afhentning")
    click(app, "Tilføj aftale")
    click(app, "Afslut mødet")
    click(app, "Tilbage til mødeguiden")
    assert app.text_input(key="meeting_topic_input").value == TOPIC  # the form keeps the meeting's topic
    app.text_input(key="meeting_topic_input").input("legens betydning")  # the next meeting, on another topic
    app.radio(key="meeting_minutes").set_value(30)
    click(app, "Lav mødeguide")
    titles = [t.value for t in app.text_input if t.label.startswith("Punkt ")]
    assert titles[0] == "Opfølgning på sidste møde"
    # the new agenda fits its length: the last guide's boxes under the same names do not override it
    # (walkthrough: 37 minutes for a 30-minute meeting, the warning only after leaving the page)
    lengths = [n.value for n in app.number_input if n.label == "Minutter"]
    assert sum(lengths) == 30 and not app.warning
    assert "Sidste gang aftalte vi" in shown(app) and "Korte samtaler ved afhentning" in shown(app)
    click(app, "Fjern opfølgningen")
    titles = [t.value for t in app.text_input if t.label.startswith("Punkt ")]
    assert "Opfølgning på sidste møde" not in titles and "Sidste gang aftalte vi" not in shown(app)


def test_the_cited_passages_are_numbered_as_in_the_handout(app):
    # walkthrough: the dialogkort's [1] and the first reading's [1] were different passages, every discussion
    # question was [2], and removing a reading left [1], [2], [4]
    import re

    def numbered() -> list[tuple[int, str]]:
        return [(int(m.group(1)), c.value) for c in app.caption if (m := re.match(r"\\?\[(\d+)\\?\]", c.value))]

    def in_order(labels: list[tuple[int, str]]) -> bool:
        """Each passage gets the next number at its first appearance; a number seen before is the same passage."""
        first: dict[int, str] = {}
        for n, label in labels:
            if n in first and first[n] != label or n not in first and n != len(first) + 1:
                return False
            first.setdefault(n, label)
        return True

    app.text_input(key="meeting_topic_input").input(TOPIC)
    click(app, "Lav mødeguide")
    labels = numbered()
    assert len(labels) >= 3 and in_order(labels), labels
    next(b for b in app.button if b.key == "drop-reading-0").click().run()
    assert len(numbered()) < len(labels) and in_order(numbered()), numbered()
