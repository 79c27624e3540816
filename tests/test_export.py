"""Exports of a reflection session: Markdown and a Word document opened again with python-docx."""

from __future__ import annotations

import io
import re
import shutil

import docx
import pytest

from assistant.export.outline import danish_date as outline_date
from assistant.export.reflection import _themes, filename, outline, to_docx, to_markdown
from assistant.reflect.facilitator import Facilitator, SessionStore
from assistant.settings import PROJECT_ROOT

ANSWERS = [
    "Vi taler om børnenes forudsætninger på stuemødet, men ikke systematisk.",
    "Vi bruger video en gang om måneden.",
]


@pytest.fixture(scope="module")
def session(corpus_assistant, tmp_path_factory):
    facilitator = Facilitator(corpus_assistant, SessionStore(tmp_path_factory.mktemp("export") / "r.sqlite"))
    session = facilitator.start_from_theme("forberedelse", title="Personalemøde i Mariehønen")
    facilitator.answer(session, ANSWERS[0])
    facilitator.answer_deepening(session, "Vi vil lave en oversigt over børnegruppen.")
    facilitator.next(session)
    facilitator.answer(session, ANSWERS[1])
    facilitator.next(session)
    facilitator.skip(session)
    facilitator.finish(session, agreements="Vi drøfter analyserne på hvert stuemøde.",
                       experiments="Vi afprøver små grupper ved frokost i tre uger.")
    return session


def danish_date(session) -> str:
    return outline_date(session.created)


def _docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(data))
    return document, "\n".join(p.text for p in document.paragraphs)


def test_docx_has_title_date_theme_questions_answers_and_sources(session):
    document, text = _docx_text(to_docx(session))
    first = document.paragraphs[0]
    assert first.style.name == "Title" and first.text == "Refleksion: Personalemøde i Mariehønen"
    assert document.core_properties.title == "Refleksion: Personalemøde i Mariehønen"
    assert f"Dato: {danish_date(session)}" in text and "Tema: Forberedelse" in text
    summary = ["Det lagde vi mærke til", "Det siger dokumenterne", "Forslag til prøvehandlinger", "Aftaler",
               "Næste skridt"]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == summary + ["Kilder"]
    questions = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert questions == [f"{i}. {s.question.text}" for i, s in enumerate(session.steps, 1)]
    for answer in ANSWERS:
        assert f"Svar: {answer}" in text
    assert "Svar: Sprunget over." in text and "Svar: Ikke besvaret." in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    # Agreements and prøvehandlinger, saved as typed, are listed under "Aftaler".
    assert "Vi drøfter analyserne på hvert stuemøde." in bullets
    assert "Vi afprøver små grupper ved frokost i tre uger." in bullets
    assert any(b.startswith("Forberedelse: “Vi taler om børnenes forudsætninger") for b in bullets), bullets
    assert f"Opfølgning: {session.steps[0].response.text}" in text
    source_lines = [p.text for p in document.paragraphs if re.match(r"^\[\d+\] ", p.text)]
    assert len(source_lines) == len(outline(session).citations()) >= 2
    assert all("“" in line for line in source_lines)


def test_every_citation_number_in_the_text_is_in_the_source_list(session):
    md = to_markdown(session)
    body, _, source_part = md.partition("## Kilder")
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = {int(n) for n in re.findall(r"^(\d+)\. ", source_part, re.M)}
    assert used and used == listed
    # Answered questions cite their follow-up's passage, where the follow-up quotes one.
    sources = [s.response.source for s in session.steps if s.response and s.response.source]
    assert sources and all(" ".join(c.quote.split())[:50] in md for c in sources)


def test_markdown_starts_with_title_date_and_theme(session):
    md = to_markdown(session)
    assert md.startswith("# Refleksion: Personalemøde i Mariehønen\n")
    assert f"**Dato:** {danish_date(session)}" in md and "**Tema:** Forberedelse" in md
    assert "**Spørgsmål:** 2 af 4 besvaret" in md


def test_export_filename_is_safe(session):
    name = filename(session, "docx")
    assert name.startswith("refleksion-personalemøde-i-mariehønen-") and name.endswith(".docx")
    assert "/" not in name and " " not in name


def test_theme_labels_come_from_the_configured_prompts_dir_read_once(session, tmp_path, monkeypatch):
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    themes = prompts / "reflection_themes.toml"
    themes.write_text(themes.read_text(encoding="utf-8").replace('label = "Forberedelse"', 'label = "Forberedelse (lokal)"'),
                      encoding="utf-8")
    monkeypatch.setenv("RA_PROMPTS_DIR", str(prompts))
    before = _themes.cache_info().misses
    assert "**Tema:** Forberedelse (lokal)" in to_markdown(session)
    _, text = _docx_text(to_docx(session))
    assert "Tema: Forberedelse (lokal)" in text
    assert _themes.cache_info().misses == before + 1
    assert "**Tema:** Forberedelse  " in to_markdown(session, prompts_dir=PROJECT_ROOT / "prompts")
