"""Reading documents: the bundled corpus (manifest.toml) and users' PDF, DOCX, Markdown and text files."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.models import SourceDocument

SUPPORTED = {".pdf", ".docx", ".md", ".markdown", ".txt"}


class UnreadableDocument(Exception):
    """A file that cannot be ingested; the message says why, in Danish, for the user."""


@dataclass
class RawDocument:
    doc: SourceDocument
    text: str


def load_manifest(corpus_dir: Path) -> list[RawDocument]:
    manifest = tomllib.loads((corpus_dir / "manifest.toml").read_text(encoding="utf-8"))
    out = []
    for entry in manifest["document"]:
        text = (corpus_dir / entry["file"]).read_text(encoding="utf-8")
        doc = SourceDocument(
            id=entry["id"], title=entry["title"], short=entry.get("short", entry["title"]),
            publisher=entry.get("publisher", ""), path=entry["file"],
        )
        out.append(RawDocument(doc, text))
    return out


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.encode("ascii", "ignore").decode()).strip("-")[:60] or "dokument"


def read_user_file(path: Path) -> RawDocument:
    """Read a user's document; raises UnreadableDocument with a Danish reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableDocument(f"Filtypen {suffix or '(ingen)'} understøttes ikke. Brug PDF, DOCX, Markdown eller tekst.")
    if not path.exists():
        raise UnreadableDocument("Filen findes ikke.")
    if path.stat().st_size == 0:
        raise UnreadableDocument("Filen er tom.")
    reader = {".pdf": _read_pdf, ".docx": _read_docx}.get(suffix, _read_text)
    text, meta_title = reader(path)
    if len(text.split()) < 5:
        if suffix == ".pdf":
            raise UnreadableDocument("PDF'en indeholder ingen tekst (måske et scannet dokument uden tekstlag).")
        raise UnreadableDocument("Filen indeholder ingen tekst.")
    title = (meta_title or "").strip() or path.stem.replace("_", " ").replace("-", " ").strip()
    # The id names the file with its extension: "plan.pdf" and "plan.docx" are different documents.
    doc = SourceDocument(id=f"user-{slug(path.name)}", title=title, short=title[:60], path=str(path), user_added=True)
    return RawDocument(doc, text)


def _read_text(path: Path) -> tuple[str, str | None]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableDocument("Filen er ikke gemt som UTF-8-tekst (forkert tegnkodning).") from None
    if "\x00" in text:
        raise UnreadableDocument("Filen ligner ikke en tekstfil.")
    title = None
    if path.suffix.lower() in (".md", ".markdown"):
        heading = re.search(r"^#\s+(.+)$", text, re.M)
        title = heading.group(1) if heading else None
        text = _markdown_to_text(text)
    return text, title


def _markdown_to_text(text: str) -> str:
    """Keep the words, drop the markup: headings stay on their own lines, as the cleaner expects."""
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+", "• ", text, flags=re.M)
    return re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)


def _read_pdf(path: Path) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"PDF'en kan ikke læses (beskadiget eller krypteret fil): {exc}") from None
    # A leading space marks a page start, as in the bundled extractions.
    return "\n".join(" " + p for p in pages), title


def _read_docx(path: Path) -> tuple[str, str | None]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(f"Word-filen kan ikke læses (beskadiget fil): {exc}") from None
    lines = []
    for para in document.paragraphs:
        style = (para.style.name or "").lower() if para.style is not None else ""
        text = para.text.strip()
        if not text:
            continue
        if "list" in style:
            text = "• " + text
        lines.append(text)
        lines.append("")  # paragraphs are separate blocks for the cleaner
    return "\n".join(lines), document.core_properties.title
