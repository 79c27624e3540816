"""Reading documents: the bundled corpus (manifest.toml) and users' PDF, DOCX, Markdown and text files."""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.models import SourceDocument

SUPPORTED = {".pdf", ".docx", ".md", ".markdown", ".txt"}
MAX_NAME_BYTES = 200  # below the usual 255-byte limit, leaving room for temporary suffixes
# No word is this long; a run of this many non-space characters (a long URL, a pasted hash, padding) is cut
# into pieces, because the embedder's cost grows with the characters of a word, not with its tokens.
MAX_WORD_CHARS = 100
# A run this long is not text at all (a base64 image in Markdown, a hex dump, a row of x's): it is dropped.
# Cut into pieces, one such run of 20,000 characters took 8 s to embed and filled a chunk with noise.
JUNK_RUN = re.compile(r"\S{300,}")
WESTERN = ("utf_16", "utf_32", "cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850")
LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


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


def _digest(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def document_id(name: str) -> str:
    """A user document's id, unique per file name: "plan.pdf" -> user-plan-pdf. A name the slug does not
    spell exactly ("17 Referat.txt" beside "17-referat.txt", long or accented names) gets a short hash of
    the name, so two files never share an id (hex digits never spell an extension, so the forms cannot meet)."""
    path = Path(name)
    exact = len(name) <= 60 and name == f"{slug(path.stem)}{path.suffix.lower()}" and path.stem == slug(path.stem)
    return f"user-{slug(name)}" if exact else f"user-{slug(name)}-{_digest(name)}"


def stored_name(name: str) -> str:
    """The name a user's file is kept under in uploads/: the original, shortened (with a hash) when the
    file system would refuse it (most allow 255 bytes), without path separators or control characters."""
    name = re.sub(r"[\x00-\x1f/\\]", "_", Path(name.replace("\\", "/")).name) or "dokument"
    if len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES:
        return name
    suffix = Path(name).suffix[:12]
    stem = name[: len(name) - len(suffix)]
    while len(f"{stem}-{_digest(name)}{suffix}".encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return f"{stem.rstrip()}-{_digest(name)}{suffix}"


@dataclass(frozen=True)
class Limits:
    """What a user's document may be; checked before the work starts (the defaults are the settings')."""

    max_bytes: int = 20 * 1024 * 1024
    max_pdf_pages: int = 300
    max_chars: int = 500_000

    @classmethod
    def of(cls, settings) -> Limits:
        return cls(int(settings.max_file_mb * 1024 * 1024), settings.max_pdf_pages, settings.max_document_chars)

    def describe(self) -> str:
        """The limits in Danish, for the upload page and error messages."""
        return (f"højst {_mb(self.max_bytes)} pr. fil, {self.max_pdf_pages} sider pr. PDF og "
                f"{self.max_chars:,} tegn tekst pr. dokument".replace(",", "."))


def _mb(size: int, exact: bool = False) -> str:
    """Danish megabytes: "20 MB"; exact rounds up, so a file just over the limit never shows as the limit."""
    megabytes = math.ceil(size / 1024 / 1024 * 10) / 10 if exact else size / 1024 / 1024
    shown = f"{megabytes:.1f} MB".replace(".", ",")
    return shown if exact else shown.replace(",0 MB", " MB")


def read_user_file(path: Path, limits: Limits = Limits(), name: str | None = None) -> RawDocument:
    """Read a user's document; raises UnreadableDocument with a Danish reason, whatever goes wrong.

    `name` is the file's name as the user knows it (default: the path's); the id and title come from it."""
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableDocument(f"Filtypen {suffix or '(ingen)'} understøttes ikke. Brug PDF, DOCX, Markdown eller tekst.")
    try:
        size = path.stat().st_size
    except OSError:
        raise UnreadableDocument("Filen findes ikke eller kan ikke åbnes.") from None
    if size == 0:
        raise UnreadableDocument("Filen er tom.")
    if size > limits.max_bytes:
        raise UnreadableDocument(f"Filen er for stor ({_mb(size, exact=True)}). Den må højst fylde {_mb(limits.max_bytes)}.")
    reader = {".pdf": _read_pdf, ".docx": _read_docx}.get(suffix, _read_text)
    text, meta_title = _guarded(reader, path, limits)
    if len(text) > limits.max_chars:
        raise UnreadableDocument(
            f"Dokumentet er for langt ({len(text):,} tegn). Det må højst have {limits.max_chars:,} tegn; "
            "del det op i flere filer.".replace(",", ".")
        )
    text = LONG_WORD.sub(lambda m: " ".join(_pieces(m.group(), MAX_WORD_CHARS)), JUNK_RUN.sub("", text))
    if len(text.split()) < 5:
        if suffix == ".pdf":
            raise UnreadableDocument("PDF'en indeholder ingen tekst (måske et scannet dokument uden tekstlag).")
        raise UnreadableDocument("Filen indeholder ingen tekst.")
    title = (meta_title or "").strip() if isinstance(meta_title, str) else ""
    title = title or Path(name).stem.replace("_", " ").replace("-", " ").strip() or "Dokument"
    # The id names the file with its extension: "plan.pdf" and "plan.docx" are different documents.
    doc = SourceDocument(id=document_id(name), title=title[:200], short=title[:60], path=str(path), user_added=True)
    return RawDocument(doc, text)


def _pieces(word: str, size: int) -> list[str]:
    return [word[i : i + size] for i in range(0, len(word), size)]


def _guarded(reader, path: Path, limits: Limits) -> tuple[str, str | None]:
    """One file's failure stays that file's: any error while reading becomes an UnreadableDocument."""
    try:
        return reader(path, limits)
    except UnreadableDocument:
        raise
    except RecursionError:
        raise UnreadableDocument("Filen er for indviklet opbygget til at kunne læses (for dybt indlejret).") from None
    except MemoryError:
        raise UnreadableDocument("Filen kræver for meget hukommelse at læse.") from None
    except OSError:
        raise UnreadableDocument("Filen kunne ikke læses fra disken.") from None
    except Exception as exc:  # broken XML, zip or PDF structures raise many kinds of errors
        raise UnreadableDocument(f"Filen er beskadiget og kan ikke læses ({type(exc).__name__}).") from None


def _read_text(path: Path, limits: Limits) -> tuple[str, str | None]:
    text = decode(path.read_bytes())
    title = None
    if path.suffix.lower() in (".md", ".markdown"):
        heading = re.search(r"^#\s+(.+)$", text, re.M)
        title = heading.group(1) if heading else None
        text = _markdown_to_text(text)
    return text, title


def decode(data: bytes) -> str:
    """Text in UTF-8, or in what charset-normalizer finds (Windows files are often cp1252)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument("Filen ligner ikke en tekstfil.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    # Equally plausible readings are common for short texts; Danish offices write Western European ones.
    best = next((m for m in matches if m.encoding in WESTERN), matches[0] if matches else None)
    if best is None:
        raise UnreadableDocument("Filens tegnkodning kan ikke genkendes. Gem den som UTF-8-tekst, og prøv igen.")
    text = str(best)
    if "\x00" in text:
        raise UnreadableDocument("Filen ligner ikke en tekstfil.")
    return text


def _markdown_to_text(text: str) -> str:
    """Keep the words, drop the markup: headings stay on their own lines, as the cleaner expects."""
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*[-*+]\s+", "• ", text, flags=re.M)
    return re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)


def _read_pdf(path: Path, limits: Limits) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # many PDFs are "encrypted" with an empty password
            raise FileNotDecryptedError("password")
        if len(reader.pages) > limits.max_pdf_pages:
            raise UnreadableDocument(
                f"PDF'en har {len(reader.pages)} sider. Den må højst have {limits.max_pdf_pages} sider; del den op."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (FileNotDecryptedError, DependencyError):
        raise UnreadableDocument(
            "PDF'en er beskyttet med adgangskode. Gem en udgave uden adgangskode, og prøv igen."
        ) from None
    except PdfReadError:
        raise UnreadableDocument("PDF'en er beskadiget eller ufuldstændig og kan ikke læses.") from None
    # A leading space marks a page start, as in the bundled extractions.
    return "\n".join(" " + p for p in pages), title


def _read_docx(path: Path, limits: Limits) -> tuple[str, str | None]:
    import zipfile

    import docx

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableDocument("Word-filen er beskadiget (ikke en gyldig DOCX-fil).") from None
    if unpacked > 20 * limits.max_bytes:  # a "zip bomb" would fill the memory while it is read
        raise UnreadableDocument(f"Word-filen fylder for meget udpakket ({_mb(unpacked)}).")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # missing parts (KeyError), broken XML (XMLSyntaxError), not a Word file
        raise UnreadableDocument(f"Word-filen er beskadiget og kan ikke læses ({type(exc).__name__}).") from None
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
