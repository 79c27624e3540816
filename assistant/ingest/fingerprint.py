"""Everything an ingest reads, as one digest: when it matches the last complete ingest, the index is
already up to date and the work (cleaning, chunking, comparing every record) is skipped."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from assistant.ingest.loaders import RawDocument

FILE = "ingested.json"
# The code that turns a text into chunks and sentences: a change to it must rebuild the index, as a change
# to the text would.
_PACKAGE = Path(__file__).resolve().parents[1]
SHAPING_CODE = ("text/cleaning.py", "text/sentences.py", "ingest/chunking.py")


def digest(raw_docs: list[RawDocument], settings: str, prompts_dir: Path) -> str:
    """Texts, metadata, the settings that shape chunks and vectors, and the prompts that derive questions."""
    h = hashlib.sha1(settings.encode())
    for raw in raw_docs:
        h.update(raw.doc.model_dump_json().encode())
        h.update(hashlib.sha1(raw.text.encode()).digest())
    for module in SHAPING_CODE:
        h.update((_PACKAGE / module).read_bytes())
    for prompt in sorted(prompts_dir.glob("*")) if prompts_dir.is_dir() else []:
        h.update(prompt.name.encode() + prompt.read_bytes())
    return h.hexdigest()


def last(data_dir: Path, key: str) -> dict | None:
    """The counts of the last complete ingest, when it read exactly this."""
    try:
        state = json.loads((data_dir / FILE).read_text())
    except (OSError, ValueError):
        return None
    return state if state.get("digest") == key else None


def remember(data_dir: Path, key: str, documents: int, chunks: int) -> None:
    path = data_dir / FILE
    tmp = path.with_name(f".{FILE}.{os.getpid()}")
    tmp.write_text(json.dumps({"digest": key, "documents": documents, "chunks": chunks}))
    os.replace(tmp, path)
