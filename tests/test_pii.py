"""Personal data in Danish text is found and redacted; numbers that are not personal data are left alone."""

from __future__ import annotations

import pytest

from assistant.text.pii import find_personal_data, redact, warning


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Barnets CPR-nummer er 010203-1234.", "cpr"),
        ("cpr 1505851234 står i journalen", "cpr"),
        ("CPR 010190 1234 står i journalen", "cpr"),
        ("CPR 010190\u00a01234 (hårdt mellemrum)", "cpr"),
        ("CPR 010190\u20111234 (hård bindestreg fra Word)", "cpr"),
        ("CPR 010190\u20131234 (tankestreg)", "cpr"),
        ("CPR 010190\u20101234 (Unicode-bindestreg)", "cpr"),
        ("Ring til mor på 12 34 56 78 i morgen", "phone"),
        ("Ring på +45 23456789.", "phone"),
        ("tlf. 0045 2345 6789", "phone"),
        ("Hendes nummer er 87654321", "phone"),
        ("Skriv til mor.hansen@example.dk om det", "email"),
    ],
)
def test_finds_personal_data(text, kind):
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [kind]
    f = findings[0]
    assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "Projektet kørte i 2014-2017 og igen i 2007-2009.",
        "Det gælder 13.000 børn i alderen 0-5 år.",
        "Der er 65 legestuegrupper og 1-2-årige i 86 procent af tilfældene.",
        "Budgettet var 12.345.678 kr. eller 1.234.567,89 kr.",
        "I årene 2019 2020 steg tallet.",
        "3113991234 er ikke en dato",  # day 31 of month 13
        "311399 1234 og 311399\u20131234 er heller ikke",
        "Projektet kørte i 2014\u20132017 og 2014 \u2013 2017.",
        "Åbent 8\u201316 for 13.000 børn på 1.234 institutioner.",
    ],
)
def test_leaves_years_amounts_and_counts_alone(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize("text", ["Ring 12 34 56 78 i dag.", "Ring 2345 6789 i dag.", "Ring 23456789 i dag."])
def test_phone_numbers_are_not_mistaken_for_cpr_numbers(text):
    assert [f.kind for f in find_personal_data(text)] == ["phone"]


def test_redact_replaces_each_kind_with_a_danish_placeholder():
    result = redact("Mor (010203-1234) har tlf. 12 34 56 78 og mail mor@example.dk.")
    assert result.text == (
        "Mor ([CPR-nummer fjernet]) har tlf. [telefonnummer fjernet] og mail [e-mail fjernet]."
    )
    assert [f.kind for f in result.findings] == ["cpr", "phone", "email"]


def test_redact_without_personal_data_returns_the_text_unchanged():
    text = "Hvordan arbejder vi med små grupper?"
    result = redact(text)
    assert result.text == text and not result.findings


def test_warning_names_what_was_removed_in_danish():
    assert warning([]) == ""
    message = warning(find_personal_data("010203-1234 og x@example.dk"))
    assert "CPR-nummer og e-mailadresse" in message
    assert "fjernet" in message


# Issue 9, case 4: the realistic formats of evals/pii_formats.py, names, and no false alarms.
from evals.pii_formats import NEGATIVE, POSITIVE  # noqa: E402


@pytest.mark.parametrize("text, value, kind", POSITIVE, ids=[f"{k}-{i}" for i, (_, _, k) in enumerate(POSITIVE)])
def test_realistic_formats_are_redacted(text, value, kind):
    result = redact(text)
    assert value not in result.text
    assert kind in {f.kind for f in result.findings}


@pytest.mark.parametrize("text", NEGATIVE)
def test_look_alikes_are_left_alone(text):
    assert find_personal_data(text) == []


def test_the_format_set_covers_what_the_issue_lists():
    written = {value for _, value, _ in POSITIVE}
    for example in ["12345678", "010203-1234", "010203 - 1234", "010203/1234", "01.02.03-1234", "+45-12345678",
                    "+45.12.34.56.78", "12-34-56-78", "12 345 678"]:
        assert example in written
    assert len(POSITIVE) >= 47


def test_a_name_on_a_room_is_redacted_but_the_room_is_kept():
    assert redact("Ida Marie på Solstuen græder meget").text == "[navn fjernet] på Solstuen græder meget"


def test_a_full_name_the_documents_print_is_public_unless_the_text_says_the_writer_knows_the_person():
    # reader round r: "Hvad mener Pernille Juhl …?" lost the name of the expert FOA quotes, and with it the answer
    assert redact("Hvad mener Pernille Juhl er børns behov?").text == "Hvad mener Pernille Juhl er børns behov?"
    assert redact("Hvad siger Claus Holm om rutiner?").findings == []  # "Holm" is also a word
    assert redact("Hvad siger Claus Holms forskning?").findings == []
    assert redact("Pernille slår de andre børn").text == "[navn fjernet] slår de andre børn"  # a first name alone
    assert redact("Min kollega Signe Nielsen råber ad børnene").text == "Min kollega [navn fjernet] råber ad børnene"
    assert redact("Signe Nielsen på Solstuen er ked af det").text.startswith("[navn fjernet]")


def test_the_corpus_own_words_are_not_taken_for_names():
    from evals.reliability import pii_eval

    result = pii_eval()
    assert result["corpus_false"] == [] and result["missed"] == [] and result["false_alarms"] == []


def test_redaction_keeps_offsets_of_the_original_text_with_full_width_digits():
    text = "Ring \uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19 i dag"
    (finding,) = find_personal_data(text)
    assert text[finding.start : finding.end] == finding.text == "\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"


def test_the_warning_names_names():
    assert "navn" in warning(find_personal_data("Min kollega Bo er syg"))
