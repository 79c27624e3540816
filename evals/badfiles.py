"""A set of bad, odd and hostile user files, generated on the spot (nothing is stored in the repository).

Each file comes with what should happen to it: `accept` (it is a fine document in an odd form: a Windows
encoding, a very long or colliding name) or `reject` (a clear Danish reason, and nothing left behind)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

TEXT = (
    "Legepladsen\n\nPå legepladsen har vi en ny sandkasse med tag, så børnene kan lege i skygge om sommeren. "
    "Vi rydder op sammen med børnene hver eftermiddag, før de bliver hentet.\n"
)


@dataclass(frozen=True)
class BadFile:
    path: Path
    expect: str  # "accept" or "reject"
    what: str


def pdf_bytes(pages: list[list[str]], title: str | None = None, catalog_extra: bytes = b"") -> bytes:
    """A minimal valid PDF with a text layer on each page (Helvetica, WinAnsi for æøå)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    font = 3 + 2 * n
    for i, lines in enumerate(pages):
        stream = "\n".join(["BT /F1 11 Tf 50 780 Td 14 TL", *[f"({esc(x)}) '" for x in lines], "ET"]).encode("cp1252")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> "
                       f"/Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    if title:
        objects.append(f"<< /Title ({esc(title)}) >>".encode("cp1252"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info = b" /Info %d 0 R" % len(objects) if title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info, xref)
    return bytes(out)


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([TEXT.split("\n")]))))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(document_xml: str | None, content_types: bool = True) -> bytes:
    """A DOCX package by hand: broken XML or missing parts are what Word-files from odd tools look like."""
    from docx import Document

    good = io.BytesIO()
    Document().save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename == "[Content_Types].xml" and not content_types:
                continue
            data = src.read(item.filename)
            if item.filename == "word/document.xml" and document_xml is not None:
                data = document_xml.encode()
            dst.writestr(item, data)
    return out.getvalue()


def bad_files(folder: Path, max_mb: float = 20, max_pages: int = 300, max_chars: int = 500_000) -> list[BadFile]:
    """Write the set into `folder` (limits as in the settings) and return what each file should do."""
    folder.mkdir(parents=True, exist_ok=True)
    nested = b" /Deep " + b"[" * 20000 + b"]" * 20000
    files: list[tuple[str, bytes, str, str]] = [
        ("tom.txt", b"", "reject", "empty file"),
        ("mellemrum.txt", b"   \n\n \t ", "reject", "only whitespace"),
        ("binaer.txt", bytes(range(256)) * 40, "reject", "binary data named .txt"),
        ("windows-cp1252.txt", TEXT.encode("cp1252"), "accept", "Windows cp1252 text"),
        ("latin1.md", ("# Sovetid\n\n" + TEXT).encode("latin-1"), "accept", "latin-1 Markdown"),
        ("utf16.txt", TEXT.encode("utf-16"), "accept", "UTF-16 with BOM"),
        ("ikke-pdf.pdf", b"%PDF-1.4\n this is not really a pdf \x00\x01\x02", "reject", "corrupt PDF"),
        ("halv.pdf", pdf_bytes([TEXT.split("\n")])[:300], "reject", "truncated PDF"),
        ("krypteret.pdf", encrypted_pdf(), "reject", "password-protected PDF"),
        ("dyb.pdf", pdf_bytes([TEXT.split("\n")], catalog_extra=nested), "reject", "deeply nested PDF (recursion)"),
        ("scannet.pdf", pdf_bytes([[]]), "reject", "PDF without a text layer"),
        ("mange-sider.pdf", pdf_bytes([["Side med lidt tekst om leg og læring i dagtilbud."]] * (max_pages + 1)),
         "reject", "more pages than the limit"),
        ("xml-fejl.docx", docx_bytes("<w:document><w:body><w:p>ikke lukket"), "reject", "DOCX with broken XML"),
        ("dele-mangler.docx", docx_bytes(None, content_types=False), "reject", "DOCX without [Content_Types].xml"),
        ("ikke-zip.docx", TEXT.encode(), "reject", "text file named .docx"),
        ("billede.png", b"\x89PNG\r\n\x1a\n", "reject", "unsupported type"),
        ("for-stor.txt", b"a " * int(max_mb * 1024 * 1024 / 2 + 10), "reject", "larger than the file size limit"),
        ("for-lang.txt", ("Børn leger. " * (max_chars // 12 + 10)).encode(), "reject", "more characters than the limit"),
        ("et-ord.txt", ("x" * 20_000 + "\n\n" + TEXT).encode(), "accept", "one 20,000-character word"),
        ("17 Referat.txt", ("Referat\n\n" + TEXT + " Mødet handlede om garderoben.").encode(), "accept", "name colliding (1)"),
        ("17-referat.txt", ("Referat\n\n" + TEXT + " Mødet handlede om madpakker.").encode(), "accept", "name colliding (2)"),
        ("Å" * 120 + ".txt", TEXT.encode(), "accept", "244-byte file name (stored shortened)"),
        ("linje\nskift.txt", TEXT.encode(), "accept", "newline in the file name"),
        ("ingen-endelse", TEXT.encode(), "reject", "no extension"),
        ("kun-billeder.md", b"# Billeder\n\n![a](a.png)\n![b](b.png)\n", "reject", "Markdown with only images"),
        ("nul-tegn.md", b"# Titel\n\nTekst\x00med\x00nul-tegn " * 20, "reject", "NUL characters in text"),
    ]
    out = []
    for name, data, expect, what in files:
        path = folder / name
        path.write_bytes(data)
        out.append(BadFile(path, expect, what))
    return out
