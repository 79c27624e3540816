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
