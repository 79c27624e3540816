"""Personal data in Danish text: CPR numbers, phone numbers and e-mail addresses, found and redacted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["cpr", "phone", "email"]

# The separator may be a hyphen, a Unicode hyphen or dash (word processors substitute them) or a space.
DASHES = "\\-\u2010\u2011\u2012\u2013"  # for use inside [...]: the hyphen escaped
CPR = re.compile(rf"(?<![\w.,{DASHES}])(\d{{2}})(\d{{2}})(\d{{2}})[{DASHES}\s]?(\d{{4}})(?![\w{DASHES}]|[.,]\d)")
# Danish numbers have eight digits, never a leading 0, written whole or in groups of two or four;
# +45/0045 is optional. Dashes are not accepted: "2014-2017" is a span of years.
PHONE = re.compile(
    r"(?<![\w.,+-])(?:(?:\+|00)45 ?)?"
    r"([1-9]\d{7}|[1-9]\d(?: \d{2}){3}|[1-9]\d{3} \d{4})"
    r"(?![\w-]|[.,]\d)"
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")

PLACEHOLDERS: dict[Kind, str] = {
    "cpr": "[CPR-nummer fjernet]",
    "phone": "[telefonnummer fjernet]",
    "email": "[e-mail fjernet]",
}
NAMES: dict[Kind, str] = {"cpr": "CPR-nummer", "phone": "telefonnummer", "email": "e-mailadresse"}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data and where it stands in the text."""

    kind: Kind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Redaction:
    """The text with personal data replaced, and what was replaced."""

    text: str
    findings: list[Finding] = field(default_factory=list)


def _plausible_cpr(day: str, month: str, year: str) -> bool:
    """A CPR number starts with a real birth date (either century)."""
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
            return True
        except ValueError:
            continue
    return False


def _years(text: str) -> bool:
    """`2014 2017` is two years, not a phone number."""
    groups = text.split()
    return len(groups) == 2 and all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)


def find_personal_data(text: str) -> list[Finding]:
    """CPR numbers, phone numbers and e-mail addresses in the text, in reading order, not overlapping."""
    found = [Finding("email", m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [
        Finding("cpr", m.group(), m.start(), m.end())
        for m in CPR.finditer(text)
        if _plausible_cpr(m.group(1), m.group(2), m.group(3))
    ]
    found += [Finding("phone", m.group(), m.start(), m.end()) for m in PHONE.finditer(text) if not _years(m.group(1))]
    result: list[Finding] = []
    # Earlier kinds win where matches overlap: an e-mail may contain digits, a CPR number is not a phone number.
    for finding in found:
        if not any(f.start < finding.end and finding.start < f.end for f in result):
            result.append(finding)
    return sorted(result, key=lambda f: f.start)


def redact(text: str) -> Redaction:
    findings = find_personal_data(text)
    parts, last = [], 0
    for f in findings:
        parts += [text[last : f.start], PLACEHOLDERS[f.kind]]
        last = f.end
    parts.append(text[last:])
    return Redaction("".join(parts), findings)


def warning(findings: list[Finding]) -> str:
    """A Danish notice telling the user what was removed, or an empty string when nothing was."""
    if not findings:
        return ""
    kinds = list(dict.fromkeys(NAMES[f.kind] for f in findings))
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " og " + kinds[-1]
    return (
        f"Din tekst indeholdt personoplysninger ({listed}). De er fjernet, før teksten blev gemt "
        "eller brugt. Skriv ikke oplysninger, der kan identificere børn, forældre eller kolleger."
    )
