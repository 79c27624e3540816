"""The introduction path: stations from data with verbatim quotes, the glossary, progress, the summary."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import docx
import pytest

from assistant.__main__ import main
from assistant.export.outline import to_docx, to_markdown
from assistant.intro.glossary import COPULA, EXPLICIT, RELATIVE, Term, definition_tier, is_statement, load_terms
from assistant.intro.path import MAX_STATIONS, MIN_STATIONS, IntroPath, StationError, load_stations
from assistant.intro.progress import ProgressStore
from assistant.intro.summary import summary
from assistant.settings import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.fixture(scope="module")
def path(corpus_assistant) -> IntroPath:
    return IntroPath(corpus_assistant)


def in_chunk(c) -> bool:
    """A quote is verbatim: the chunk's own text at the stated offsets."""
    return c.quote and c.quote in c.chunk_text


def test_stations_load_from_data_with_title_queries_and_question():
    stations = load_stations(PROMPTS)
    assert MIN_STATIONS <= len(stations) <= MAX_STATIONS
    assert len({s.id for s in stations}) == len(stations)
    for s in stations:
        assert s.title and s.queries and "?" in s.question and s.ask
    worried = [s for s in stations if "bekymret" in s.title.lower()]
    assert worried and "leder" in worried[0].note and "kollega" in worried[0].note


def test_a_broken_stations_file_is_a_clear_error(tmp_path):
    (tmp_path / "intro_stations.toml").write_text('[[station]]\nid = "a"\ntitle = "A"\nqueries = ["x"]\n')
    with pytest.raises(StationError, match="lacks question"):
        load_stations(tmp_path)


def test_every_station_has_two_or_three_verbatim_quotes_not_repeating(path):
    for station in path.stations:
        quotes = path.quotes(station.id)
        assert 2 <= len(quotes) <= 3, station.id
        assert all(in_chunk(c) for c in quotes), station.id
        assert len({c.chunk_id for c in quotes}) == len(quotes), "one quote per passage"
        assert [c.n for c in quotes] == list(range(1, len(quotes) + 1))


def test_a_quote_introducing_a_list_takes_the_list_with_it(path):
    from assistant.text.sentences import BULLET

    for station in path.stations:
        for c in path.quotes(station.id):
            after = c.chunk_text[c.chunk_text.index(c.quote) + len(c.quote):].lstrip("\n")
            assert not (c.quote.endswith(":") and BULLET.match(after)), (station.id, c.quote)


def test_a_station_leads_with_the_documents_explanation_of_its_terms(path):
    led = 0
    for station in path.stations:
        explained = [path.entry(t) for t in station.terms if path.entry(t).explained]
        if explained:
            assert path.quotes(station.id)[0].quote == explained[0].quotes[0].quote, station.id
            led += 1
    assert led >= 3


def test_quotes_follow_the_station_queries(path):
    """Retrieval chooses the quotes: the play station quotes the documents on play."""
    assert any(re.search(r"\bleg", c.quote.lower()) for c in path.quotes("leg"))
    assert any("forældre" in c.quote.lower() for c in path.quotes("foraeldre"))


def test_definition_pattern_grades_how_plainly_a_sentence_defines():
    term = Term("børnesyn")
    assert definition_tier(term, "Ved børnesyn forstås den måde, vi ser børn på.") == EXPLICIT
    assert definition_tier(term, "Børnesynet handler om respekt.") == EXPLICIT
    assert definition_tier(term, "Det overordnede børnesyn er anerkendende.") == COPULA
    assert definition_tier(term, "Vi arbejder ud fra et børnesyn, der tager barnet alvorligt.") == RELATIVE
    assert definition_tier(term, "Vi taler meget om børnesyn i huset her i denne tid.") == 0
    assert definition_tier(term, "Vi drøftede børnesynet, som vi havde formuleret det.") == 0  # what we did with it
    assert definition_tier(term, "Analyserne af vores børnesyn er gode.") == 0  # not the subject
    assert definition_tier(Term("leg"), "Den bedste måde at lege på er ude.") == 0  # a word, not the term


def test_a_term_in_use_is_shown_in_a_sentence_not_a_heading():
    assert is_statement("Inddrager medarbejderne børneperspektiver, får de et indblik i barnets verden.")
    assert not is_statement("Kvalificering af praksis ved at inddrage børneperspektiver")
    assert not is_statement("Hvordan inddrager vi børneperspektiver i hverdagen?")


def test_glossary_has_twenty_terms_with_verbatim_quotes_containing_the_term(path):
    terms = {t.term: t for t in load_terms(PROMPTS)}
    entries = path.glossary()
    assert len(entries) == len(terms) >= 20
    explained = [e for e in entries if e.explained]
    assert len(explained) >= 20
    for entry in entries:
        forms = [f.lower() for f in terms[entry.term].forms]
        for c in entry.quotes:
            assert in_chunk(c)
            assert any(f.split()[0] in c.quote.lower() for f in forms), (entry.term, c.quote)
    børnesyn = next(e for e in entries if e.term == "børnesyn")
    assert "Det betyder" in børnesyn.quotes[0].quote, "a sentence explained by the next is quoted with it"


def test_progress_is_saved_redacted_and_survives_a_new_store(tmp_path):
    store = ProgressStore(tmp_path / "intro_progress.json")
    assert store.load().seen == []
    store.mark_seen("leg")
    store.mark_seen("leg")
    store.mark_seen("sprog")
    progress, notices = store.answer("leg", "Jeg legede med Emil, mor har tlf 12 34 56 78.")
    assert "12 34 56 78" not in progress.answers["leg"] and "[telefonnummer fjernet]" in progress.answers["leg"]
    assert notices and "telefonnummer" in notices[0]
    again = ProgressStore(tmp_path / "intro_progress.json").load()
    assert again.seen == ["leg", "sprog"] and again.answers == progress.answers
    assert "12 34 56 78" not in (tmp_path / "intro_progress.json").read_text(encoding="utf-8")
    _, notices = store.answer("leg", "   ")
    assert notices == [] and "leg" not in store.load().answers
    store.reset()
    assert store.load().seen == []


def test_damaged_progress_file_starts_afresh(tmp_path):
    (tmp_path / "intro_progress.json").write_text("{not json")
    assert ProgressStore(tmp_path / "intro_progress.json").load().seen == []


@pytest.fixture
def progress(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.mark_seen("leg")
    store.mark_seen("foraeldre")
    store.answer("leg", "Jeg vil gå mere med ind i rollelegen.")
    return store.load()


def test_summary_reads_back_from_word(path, progress):
    outline = summary(path.stations, path.quotes, progress, today=date(2026, 11, 23))
    document = docx.Document(io.BytesIO(to_docx(outline)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Min introduktion"
    assert "Dato: 23. november 2026" in text and "Stationer: 2 af 10 set" in text
    assert "Mit svar: Jeg vil gå mere med ind i rollelegen." in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[: len(path.stations)] == [s.title for s in path.stations]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(path.quotes("leg")) + len(path.quotes("foraeldre")), "quotes of seen stations"
    assert path.quotes("leg")[0].quote.split("\n")[0][:40] in text
    assert "Ikke set endnu." in text and "Ikke besvaret endnu." in text


def test_summary_markdown_numbers_every_source(path, progress):
    md = to_markdown(summary(path.stations, path.quotes, progress))
    body, _, sources = md.partition("## Kilder")
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert used and used == {int(n) for n in re.findall(r"^(\d+)\. ", sources, re.M)}


def test_cli_intro_json(corpus_data_dir, monkeypatch, capsys):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    assert main(["intro", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["stations"]) == len(load_stations(PROMPTS))
    station = out["stations"][0]
    assert {"title", "quotes", "question"} <= station.keys()
    for c in station["quotes"] + out["glossary"][0]["quotes"]:
        assert {"quote", "chunk_text", "doc_id", "title", "section", "chunk_id"} <= c.keys()
        assert c["quote"] in c["chunk_text"]
    assert {"term", "quotes"} <= out["glossary"][0].keys()


def test_cli_intro_with_a_broken_stations_file_is_one_line(corpus_data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RA_DATA_DIR", str(corpus_data_dir))
    monkeypatch.setenv("RA_PROMPTS_DIR", str(tmp_path))
    for broken in ("[[station]]\n", "[[station]\n"):  # a station lacking everything; TOML syntax
        (tmp_path / "intro_stations.toml").write_text(broken)
        with pytest.raises(SystemExit) as exc:
            main(["intro", "--json"])
        assert exc.value.code == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error:") and "\n" not in err and "fix the file" in err


def test_eval_thresholds_on_the_glossary_gold(path):
    """The eval's own scoring (python -m evals.intro), so a regression in definition-finding fails here."""
    from evals.data import load_jsonl
    from evals.intro import GOLD, TARGET_EXPLAINS, TARGET_HONEST, score

    gold = load_jsonl(GOLD)
    assert len(gold) >= 15 and sum(1 for g in gold if g["quotes"]) >= 15
    scores = score(path, gold)
    assert scores.verbatim == 1.0 and scores.term_in_quote == 1.0
    assert scores.explains >= TARGET_EXPLAINS and scores.honest >= TARGET_HONEST
