"""Personal data in Danish text: CPR numbers, phone numbers, e-mail addresses and names, found and redacted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from stdnum.dk import cpr as stdnum_cpr

from assistant.text.names import find_names

Kind = Literal["cpr", "phone", "email", "name"]

# Word processors substitute Unicode hyphens and dashes; detection sees them all as "-".
DASHES = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
# Detection runs on a normalised copy of the same length (see `_normalised`), so these patterns see ASCII
# digits, "-" and plain spaces. A number glued to a preceding digit group ("1.010203-1234") is not one.
BEFORE = r"(?<![\w+])(?<!\d[.,/-])"
AFTER = r"(?!\w|[.,/-]\d)"
CPR = re.compile(rf"{BEFORE}(\d{{2}})(\.?)(\d{{2}})\2(\d{{2}})( ?[-/] ?| )?(\d{{4}}){AFTER}")
CPR_CUE = re.compile(r"(?:cpr|personnummer|personnr|p-nr)[\w.-]*\W{0,4}$", re.IGNORECASE)
# Danish numbers have eight digits and never a leading 0, written whole or grouped; +45/0045 is optional.
PHONE = re.compile(rf"{BEFORE}(?:(\+ ?45|0045|\(\+?45\))[ .-]?)?(\d(?:[ .-]?\d){{7}}){AFTER}")
PHONE_CUE = re.compile(
    r"(?:tlf|telefon\w*|mobil\w*|mob|tel|ring\w*(?: til| på)?|sms|nummer|nr)\.?:? ?$", re.IGNORECASE
)
GROUPINGS = {(8,), (2, 2, 2, 2), (4, 4), (2, 3, 3), (2, 2, 4), (4, 2, 2)}
AMOUNT_AFTER = re.compile(r"\s*(?:kr\b|kroner|mio|mia|%|procent|børn|personer|timer|år\b)", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")

PLACEHOLDERS: dict[Kind, str] = {
    "cpr": "[CPR-nummer fjernet]",
    "phone": "[telefonnummer fjernet]",
    "email": "[e-mail fjernet]",
    "name": "[navn fjernet]",
}
PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))
NAMES: dict[Kind, str] = {"cpr": "CPR-nummer", "phone": "telefonnummer", "email": "e-mailadresse", "name": "navn"}


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


def _normalised(text: str) -> str:
    """NFKC per character where it keeps the length (full-width digits, non-breaking and thin spaces),
    dashes as "-": offsets in the copy are offsets in the original, which is what gets redacted."""
    out = []
    for ch in text:
        if ch in DASHES:
            out.append("-")
            continue
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _cue(pattern: re.Pattern[str], text: str, start: int) -> bool:
    return bool(pattern.search(text[max(0, start - 25) : start]))


def _is_cpr(m: re.Match[str], text: str) -> bool:
    """A real birth date (stdnum, century from the 7th digit); without a CPR cue or a separator the
    modulus-11 check must hold too (numbers issued since 2007 may fail it, so it is not asked of those)."""
    digits = m.group(1) + m.group(3) + m.group(4) + m.group(6)
    try:
        stdnum_cpr.get_birth_date(digits)
    except Exception:  # stdnum raises its own ValidationError subclasses for impossible dates
        return False
    marked = bool(m.group(2) or m.group(5)) or _cue(CPR_CUE, text, m.start())
    return marked or stdnum_cpr.is_valid(digits)


def _is_phone(m: re.Match[str], text: str) -> bool:
    number = m.group(2)
    if number[0] == "0":
        return False
    if m.group(1) or _cue(PHONE_CUE, text, m.start()):
        return True
    separators = set(re.findall(r"[ .-]", number))
    groups = tuple(len(g) for g in re.split(r"[ .-]", number))
    if len(separators) > 1 or groups not in GROUPINGS or AMOUNT_AFTER.match(text, m.end()):
        return False
    # "2014-2017", "2014 2017" are years; "12.345.678" is an amount.
    if groups == (4, 4) and (separators == {"-"} or separators == {"."} or _years(number)):
        return False
    return not (separators == {"."} and groups == (2, 3, 3))


def _years(text: str) -> bool:
    groups = re.split(r"[ .-]", text)
    return len(groups) == 2 and all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)


def find_personal_data(text: str) -> list[Finding]:
    """CPR numbers, phone numbers, e-mail addresses and names in the text, in reading order, not overlapping."""
    plain = _normalised(text)
    spans: list[tuple[Kind, int, int]] = [("email", m.start(), m.end()) for m in EMAIL.finditer(plain)]
    spans += [("cpr", m.start(), m.end()) for m in CPR.finditer(plain) if _is_cpr(m, plain)]
    spans += [("phone", m.start(), m.end()) for m in PHONE.finditer(plain) if _is_phone(m, plain)]
    spans += [("name", s, e) for s, e in find_names(text)]
    result: list[Finding] = []
    # Earlier kinds win where matches overlap: an e-mail may contain digits, a CPR number is not a phone number.
    for kind, start, end in spans:
        if not any(f.start < end and start < f.end for f in result):
            result.append(Finding(kind, text[start:end], start, end))
    return sorted(result, key=lambda f: f.start)


def usable(text: str) -> str:
    """Text every later step can encode: lone surrogates (from undecodable command-line bytes) become "?",
    NULs the replacement character."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


def redact(text: str) -> Redaction:
    """The text with each piece of personal data replaced by a Danish placeholder; the result is `usable`,
    since it is what gets stored, sent and searched."""
    text = usable(text)
    findings = find_personal_data(text)
    parts, last = [], 0
    for f in findings:
        parts += [text[last : f.start], PLACEHOLDERS[f.kind]]
        last = f.end
    parts.append(text[last:])
    return Redaction("".join(parts), findings)


def without_placeholders(text: str, gap: str = ",") -> str:
    """Redacted text with each placeholder a break (`gap`): "spørge [navn fjernet] mor" is no phrase to reuse."""
    return PLACEHOLDER.sub(gap, text)


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
