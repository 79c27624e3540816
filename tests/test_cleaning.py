"""Cleaning rules, each checked on real passages of the bundled corpus."""

import re

import pytest

from assistant.text.cleaning import Vocabulary, clean_document, furniture_lines, join_ligatures, join_lines
from conftest import CORPUS


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_texts(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def cleaned(vocab) -> dict[str, str]:
    return {p.stem: clean_document(p.read_text(encoding="utf-8"), vocab).text for p in CORPUS.glob("*.txt")}


def test_line_break_hyphenation_is_joined(vocab):
    assert join_lines(["De små børn er hjerteblod for os i kom-", "munerne, og vi har"], vocab) == (
        "De små børn er hjerteblod for os i kommunerne, og vi har"
    )


def test_hyphen_before_conjunction_is_kept(vocab, cleaned):
    assert join_lines(["Det kan være støtte-", "og specialpædagoger"], vocab).endswith("støtte- og specialpædagoger")
    assert "støtte- og specialpædagoger" in cleaned["inspirationskatalog-kommunale-projekter"]
    assert "lege- og læringsmiljøer" in cleaned["koege-dagtilbudsstrategi"].lower()


def test_a_word_broken_before_a_part_that_is_also_a_conjunction_is_joined(vocab, cleaned):
    # "sam- ⏎ men": "men" is a conjunction, but the corpus writes "sammen" far more than "sam"
    assert join_lines(["og én samme voksen, der er sam-", "men med dem hele dagen"], vocab).endswith("er sammen med dem hele dagen")
    assert "sam- men" not in cleaned["foa-rundbordssamtaler-2025"] and "er sammen med dem hele dagen" in cleaned["foa-rundbordssamtaler-2025"]


def test_a_word_broken_with_a_spaced_hyphen_is_joined_and_a_dash_is_kept(vocab, cleaned):
    # "udvidet sam - ⏎ arbejde" was quoted as "sam - arbejde"
    assert join_lines(["forløb med udvidet sam - ", "arbejde er beskedent."], vocab).endswith("udvidet samarbejde er beskedent.")
    assert "sam - arbejde" not in cleaned["fremtidens-dagtilbud-praksiskatalog"]
    assert join_lines(["børn og voksne -", "og forældre"], vocab).endswith("voksne - og forældre")


def test_real_hyphen_in_known_compound_is_kept(vocab):
    # "0-6-årsalderen" is written with hyphens elsewhere in the corpus.
    assert "0-6-årsalderen" in join_lines(["børn i 0-6-", "årsalderen i Køge Kommune"], vocab)


def test_word_split_by_lost_soft_hyphen_is_joined(cleaned):
    text = cleaned["fremtidens-dagtilbud-praksiskatalog"]
    assert "dagplejepædagogen både formelt og uformelt" in text
    assert "opmærksom på næste gang" in text
    assert "dagpleje pædagogen" not in text


def test_two_real_words_are_not_glued(vocab):
    assert join_lines(["de fik også", "så meget ud af det"], vocab) == "de fik også så meget ud af det"
    assert join_lines(["den pædagogiske", "praksis"], vocab) == "den pædagogiske praksis"


def test_a_line_that_ends_in_a_space_ended_its_word(vocab, cleaned):
    # "personalemøder" is a corpus word, but Køge's line "… det pædagogiske personale " ends in a space: the
    # extractor saw a word boundary, so "personale" and "møder" stay two words; a lost soft hyphen leaves none
    assert join_lines(["Sikrer, at det pædagogiske personale ", "møder barnet"], vocab).endswith("personale møder barnet")
    assert join_lines(["Sikrer, at det pædagogiske personale", "møder barnet"], vocab).endswith("personalemøder barnet")
    assert "personale møder barnet i udsat position" in cleaned["koege-dagtilbudsstrategi"]


@pytest.mark.parametrize(
    "split, joined",
    [("kvalifi cere", "kvalificere"), ("refl eksion", "refleksion"), ("samlet fl ok", "samlet flok"),
     ("Opkvalifi cering", "Opkvalificering"), ("fl ere naturaktiviteter", "flere naturaktiviteter")],
)
def test_split_ligatures_are_joined_from_corpus_vocabulary(vocab, split, joined):
    assert join_ligatures(split, vocab) == joined


def test_ligature_rule_leaves_real_words_alone(vocab):
    assert join_ligatures("et fl er godt", vocab) == "et fl er godt"  # "er" is a word; "fler" is not


def test_no_split_ligatures_remain_in_corpus(cleaned):
    for name in ("kvalifi cere", "refl eksion", " fl ok", " fl ere"):
        assert all(name not in text for text in cleaned.values()), name


def test_running_headers_and_page_numbers_are_removed(cleaned):
    foa = cleaned["foa-rundbordssamtaler-2025"]
    assert "OPSAMLING PÅ RUNDBORDSSAMTALE | FOA" not in foa
    assert "| FOA" not in foa
    fd = cleaned["fremtidens-dagtilbud-praksiskatalog"]
    assert fd.count("En didaktisk ramme i fire faser") <= 2  # heading kept, repeated running header dropped


def test_page_number_lines_are_furniture():
    lines = ["Tekst om børn.", "29", "30\t FOA  |  OPSAMLING PÅ RUNDBORDSSAMTALE", "Mere tekst.",
             "30PRAKSISKATALOG – FREMTIDENS DAGTILBUD", "01 / VIDEN OM DAGTILBUD"]
    assert furniture_lines(lines) == {1, 2, 4}


def test_letter_spaced_words_are_joined(vocab, cleaned):
    assert "PEJLEMÆRKE" in cleaned["koege-dagtilbudsstrategi"]
    assert "PE JLEMÆRKE" not in cleaned["koege-dagtilbudsstrategi"]
    text = clean_document("D A G T IL B U D\n\nEt afsnit om dagtilbud.", vocab).text
    assert text.startswith("DAGTILBUD")


def test_bullets_are_normalised(cleaned):
    koege = cleaned["koege-dagtilbudsstrategi"]
    assert "• strukturkvalitet, som handler om de fysiske rammer, normering, uddannelsesniveau" in koege
    assert "∆" not in cleaned["foa-rundbordssamtaler-2025"]
    assert "\ufffd" not in cleaned["inspirationskatalog-kommunale-projekter"]


def test_wrapped_lines_become_paragraphs(cleaned):
    assert ("FOA organiserer pædagogisk personale i både dagplejen og daginstitutionerne. Som forberedelse til "
            "offentliggørelsen af den nationale kvalitetsundersøgelse") in cleaned["foa-rundbordssamtaler-2025"]


def test_paragraph_cut_by_page_break_is_rejoined(cleaned):
    # In the source a blank line splits "...forældre," from "forvaltningschefer, ..."
    assert "undervisere, forældre, forvaltningschefer, dagtilbudsledere" in cleaned["foa-rundbordssamtaler-2025"]


def test_headings_open_sections(vocab):
    raw = (CORPUS / "kl-sammen-om-de-bedste-rammer.txt").read_text(encoding="utf-8")
    titles = [s.title for s in clean_document(raw, vocab).sections]
    assert "03 / VI SKAL SÆTTE TIDLIGT IND OG FOREBYGGE BØRNS MISTRIVSEL" in titles
    assert "FEM ANBEFALINGER TIL CHRISTIANSBORG" in titles


def test_gold_quotes_survive_cleaning(cleaned):
    from evals.data import answerable, dev_questions, norm

    files = {"koege-strategi": "koege-dagtilbudsstrategi", "kl-anbefalinger": "kl-sammen-om-de-bedste-rammer",
             "inspirationskatalog": "inspirationskatalog-kommunale-projekter",
             "fremtidens-dagtilbud": "fremtidens-dagtilbud-praksiskatalog", "foa-rundbord": "foa-rundbordssamtaler-2025"}
    for q in answerable(dev_questions()):
        for gold in q["gold"]:
            assert norm(gold["quote"]) in norm(cleaned[files[gold["doc"]]]), gold["quote"]


def test_a_byline_under_a_quote_signs_the_quote_and_does_not_head_the_next_one(vocab):
    raw = ("Kend alle børnene\n”Kvalitet er der, hvor personalet kender børnene”.\n\n"
           "Grethe Kragh-Müller · Børnepsykolog\n\nFør logbog over konfliktsituationer\n"
           "”Der er mest af det helt almindelige i hverdagen”.\n\n"
           "Claus Holm · Institutleder · Danmarks Institut for\nPædagogik og Uddannelse · Aarhus Universitet\n")
    doc = clean_document(raw, vocab)
    titles = [s.title for s in doc.sections]
    assert titles == ["Kend alle børnene", "Før logbog over konfliktsituationer"]
    first, second = (doc.text[s.start : s.end] for s in doc.sections)
    assert "Grethe Kragh-Müller" in first and "Grethe" not in second
    assert second.rstrip().endswith("Aarhus Universitet")  # a byline over two lines stays one


def test_a_photo_credit_or_source_line_is_dropped_and_a_web_address_titles_no_section(vocab):
    # "Foto: Simon Klein Knudsen – KL vil arbejde for, at" was a section title; so were a figure's "Kilde: …"
    # and "Rapporten findes på www.sm.dk"
    titles = {s.title for p in CORPUS.glob("*.txt") for s in clean_document(p.read_text(encoding="utf-8"), vocab).sections}
    assert not [t for t in titles if re.search(r"Foto:|Kilde:|www\.", t)]
    raw = "Indledende tekst om børn.\n\nFoto: Jens Hansen\n\nKL VIL ARBEJDE FOR\n\nAt børn trives.\n\nKilde: EVA 2020\n\nMere tekst her."
    text = clean_document(raw, vocab)
    assert "Foto:" not in text.text and "Kilde:" not in text.text and "Mere tekst her." in text.text
    long = clean_document("Tekst.\n\nKilde: Dagtilbudsloven siger, at alle børn skal have et godt børneliv i dagtilbud.", vocab)
    assert "Kilde: Dagtilbudsloven" in long.text  # a sentence that starts so is text, not a credit
    assert [s.title for s in text.sections if s.title] == ["KL VIL ARBEJDE FOR"]
