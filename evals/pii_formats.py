"""Realistic ways Danish staff write personal data, and look-alikes that are not personal data.

Each positive case is (text, the personal value in it); the value must be gone after redaction.
The CPR numbers are made up: valid dates, and both with and without a valid modulus-11 check."""

from __future__ import annotations

NBSP, NNBSP = "\u00a0", "\u202f"


def _full_width(digits: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in digits)


CPR = [
    ("CPR-nummer: 010203-1234", "010203-1234"),
    ("cpr-nr.010203-1234 skal med på listen", "010203-1234"),
    ("cpr.nr. 0102031234", "0102031234"),
    ("Personnummer 010203 - 1234", "010203 - 1234"),
    ("hendes cpr er 010203/1234", "010203/1234"),
    ("CPR 01.02.03-1234", "01.02.03-1234"),
    ("Barnets CPR 010203 1234 står i journalen", "010203 1234"),
    (f"CPR 010203{NBSP}1234", f"010203{NBSP}1234"),
    ("CPR 010203\u20111234 (hård bindestreg fra Word)", "010203\u20111234"),
    ("CPR 010203\u20131234", "010203\u20131234"),
    ("P-nr: 150585-4321", "150585-4321"),
    ("cpr: 1505854321", "1505854321"),
    (f"CPR {_full_width('010203-1234')}", _full_width("010203-1234")),
    ("Født 241219-4001, vuggestuebarn", "241219-4001"),
    ("(211015-2345)", "211015-2345"),
    ("Mor: 070785-1122.", "070785-1122"),
]

PHONE = [
    ("tlf.12345678", "12345678"),
    ("Tlf: 23 45 67 89", "23 45 67 89"),
    ("Ring på 23456789 efter kl. 15", "23456789"),
    ("mobil 2345 6789", "2345 6789"),
    ("+4523456789", "+4523456789"),
    ("+45 23456789", "+45 23456789"),
    ("+45-12345678", "+45-12345678"),
    ("+45.12.34.56.78", "+45.12.34.56.78"),
    ("+45 12 34 56 78", "+45 12 34 56 78"),
    ("0045 2345 6789", "0045 2345 6789"),
    ("(+45) 23 45 67 89", "(+45) 23 45 67 89"),
    ("far har nr. 12-34-56-78", "12-34-56-78"),
    ("Hendes nummer er 12 345 678", "12 345 678"),
    ("mormor: 12.34.56.78", "12.34.56.78"),
    (f"Ring 23{NBSP}45{NBSP}67{NBSP}89", f"23{NBSP}45{NBSP}67{NBSP}89"),
    (f"Ring 2345{NNBSP}6789", f"2345{NNBSP}6789"),
    (f"tlf. {_full_width('23456789')}", _full_width("23456789")),
    ("sms til 23 45 6789", "23 45 6789"),
    ("telefon:98765432", "98765432"),
]

EMAIL = [
    ("Skriv til mor.hansen@example.dk om det", "mor.hansen@example.dk"),
    ("far: JENS_P+dagtilbud@firma.co.uk", "JENS_P+dagtilbud@firma.co.uk"),
    ("mail: anne-sofie@børnehuset.dk", "anne-sofie@børnehuset.dk"),
    ("kontakt\uff1aida\uff20example.dk", "ida\uff20example.dk"),
]

NAMES = [
    ("Ida Marie på Solstuen har svært ved afleveringen", "Ida Marie"),
    ("Hendes mor Yasmin ringede i morges", "Yasmin"),
    ("Idas far vil gerne have et møde", "Idas"),
    ("Min kollega Bo er syg i dag", "Bo"),
    ("Vi talte med Mikkel om frokosten", "Mikkel"),
    ("Noah (4 år) græder ved afleveringen", "Noah"),
    ("Mor til Zehra vil have en samtale", "Zehra"),
    ("Aksel på Mariehønestuen bider", "Aksel"),
    ("Spørg Karen Hansen om vagtplanen", "Karen Hansen"),
    ("Anne-Sofie og Frederik leger godt sammen", "Anne-Sofie"),
    # names no list holds, inside a sentence
    ("Vi har en dreng på 4 på stuen, Malik, som slår de andre", "Malik"),
    ("pigen Vigga græder hver morgen ved afleveringen", "Vigga"),
]

POSITIVE = [(t, v, "cpr") for t, v in CPR] + [(t, v, "phone") for t, v in PHONE] + \
    [(t, v, "email") for t, v in EMAIL] + [(t, v, "name") for t, v in NAMES]

# Look-alikes from the kind of text staff write, which must come through unchanged.
NEGATIVE = [
    "Projektet kørte i 2014-2017 og igen i 2007-2009.",
    "Det gælder 13.000 børn i alderen 0-5 år.",
    "Budgettet var 12.345.678 kr. eller 1.234.567,89 kr.",
    "I årene 2019 2020 steg tallet.",
    "Mødet er den 01.02.2025 kl. 14.30.",
    "Vi har 12 345 678 kr. til rådighed.",
    "Sagsnummer 2023-0045-1234 er lukket.",
    "3113991234 er ikke en dato",
    "Åbent 8\u201316 for 13.000 børn på 1.234 institutioner.",
    "Køge Kommune, KL og FOA samarbejder om dagtilbuddene.",
    "Per barn er der to voksne på legepladsen.",
    "Hans mor kom for sent.",
    "Læreplanen bygger på Dagtilbudsloven og Master for styrkede pædagogiske læreplaner.",
    "Bo og leve i et trygt miljø er vigtigt.",
    "Line op ved døren, sagde pædagogen.",
    # capitalised words inside a sentence that are no names: a room, tools
    "Børnene på Solsikkestuen er på tur i dag.",
    "Hvad gik Holbæks digitale udviklingsplan ud på?",
    "Referatet er skrevet i Word og delt på Teams, og forældrene får det på Aula.",
]
