"""What went wrong, said for people: known failures mapped to a one-line fix (CLI) and a Danish message (app).

The CLI prints `error: <fix>` and exits with 2; the app shows the Danish text instead of a traceback.
Anything not recognised still gets a short message naming the error, never a traceback."""

from __future__ import annotations

import errno
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings, SettingsError


@dataclass(frozen=True)
class Problem:
    """A failure explained: `fix` for the command line (English), `danish` for the app."""

    fix: str
    danish: str


def explain(exc: BaseException) -> Problem:
    from assistant.search.store import IndexMismatchError, IndexMissingError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, SettingsError):
        return Problem(exc.cli_message(), exc.danish())
    if isinstance(exc, IndexMissingError):
        return Problem(text, "Dokumenterne er ikke indlæst endnu. Kør `python ingest.py` i projektmappen.")
    if isinstance(exc, IndexMismatchError):
        return Problem(text, "Indekset er bygget med en anden indlejringsmodel. Kør `python ingest.py --rebuild`.")
    if _chroma_unreachable(exc):
        return Problem(
            f"{text} Start the Chroma server (RA_CHROMA_HOST/RA_CHROMA_PORT) or unset RA_CHROMA_HOST.",
            "Databasen med dokumenterne (Chroma-serveren) svarer ikke. Prøv igen om lidt; virker det stadig "
            "ikke, så bed den ansvarlige om at starte serveren.",
        )
    if _read_only(exc):
        return Problem(
            f"{text}: the data directory is not writable; make it writable or point RA_DATA_DIR elsewhere.",
            "Datamappen er skrivebeskyttet, så intet kan gemmes. Bed den ansvarlige om at give skriveadgang.",
        )
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return Problem(f"{text}: the disk is full; free some space.", "Disken er fuld. Frigør plads, og prøv igen.")
    return Problem(
        f"unexpected {type(exc).__name__}: {text[:200]}",
        f"Der opstod en uventet fejl ({type(exc).__name__}). Prøv igen; sker det igen, så kontakt den ansvarlige.",
    )


def _chroma_unreachable(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not connect to a Chroma server" in text or type(exc).__name__ in {"ConnectError", "ConnectTimeout"}


def _read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    return "readonly database" in str(exc) or "read-only file system" in str(exc).lower()


def writable(folder: Path) -> bool:
    """Whether files can be created in the folder (permissions alone do not say so: root, read-only mounts)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def readable_copy(settings: Settings) -> Settings:
    """Settings for reading an index in a read-only data directory: a private temporary copy (Chroma writes
    even when it only reads). Unchanged when the directory is writable, missing, or a Chroma server is used."""
    if settings.chroma_host or not settings.data_dir.exists() or writable(settings.data_dir):
        return settings
    copy = Path(tempfile.mkdtemp(prefix="ra-readonly-"))
    for name in ("chroma", "embeddings.sqlite"):
        source = settings.data_dir / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        elif source.exists():
            shutil.copy(source, copy / name)
    return settings.model_copy(update={"data_dir": copy})
