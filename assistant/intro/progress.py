"""A newcomer's progress on the path, saved on this machine: stations seen and answers to their questions.

Answers may mention children or colleagues: they are redacted (`assistant.text.pii`) before they are
stored, and the redacted text is what the page shows and the summary prints."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.text.pii import redact, warning

PROGRESS_FILE = "intro_progress.json"


class Progress(BaseModel):
    """What one person has done on the path."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    seen: list[str] = Field(default_factory=list)
    """Ids of the stations opened, in the order first opened."""
    answers: dict[str, str] = Field(default_factory=dict)
    """Station id -> the answer to its reflection question (redacted)."""
    updated: datetime | None = None
    """When anything last changed."""


class ProgressStore:
    """Progress as one JSON file in the data directory. Streamlit sessions share the machine's file, so
    read-modify-write happens under a lock and the file is replaced whole (never half written)."""

    _lock = threading.Lock()

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def for_settings(cls, settings) -> ProgressStore:
        return cls(settings.data_dir / PROGRESS_FILE)

    def load(self) -> Progress:
        try:
            return Progress.model_validate_json(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):  # nothing saved yet, or a damaged file: start afresh
            return Progress()

    def mark_seen(self, station_id: str) -> Progress:
        with self._lock:
            progress = self.load()
            if station_id in progress.seen:
                return progress
            progress.seen.append(station_id)
            return self._save(progress)

    def answer(self, station_id: str, text: str) -> tuple[Progress, list[str]]:
        """Store the answer redacted (an empty one removes it); returns the Danish notices to show."""
        redaction = redact(text.strip())
        with self._lock:
            progress = self.load()
            if redaction.text:
                progress.answers[station_id] = redaction.text
            else:
                progress.answers.pop(station_id, None)
            progress = self._save(progress)
        notice = warning(redaction.findings)
        return progress, [notice] if notice else []

    def reset(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)

    def _save(self, progress: Progress) -> Progress:
        progress.updated = datetime.now()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(progress.model_dump(mode="json"), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
        return progress
