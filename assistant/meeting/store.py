"""Guides and meetings saved as JSON rows in `meetings.sqlite`, beside the reflection sessions."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from pathlib import Path

from assistant.meeting.models import Agreement, Meeting, MeetingGuide


class MeetingStore:
    """A new connection per call, so Streamlit's threads may share one store."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS guides (id TEXT PRIMARY KEY, topic TEXT, updated TEXT, data TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS meetings "
                       "(id TEXT PRIMARY KEY, topic TEXT, updated TEXT, finished INTEGER, data TEXT)")

    @classmethod
    def for_settings(cls, settings) -> "MeetingStore":
        return cls(settings.data_dir / "meetings.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    # ------------------------------------------------------------ guides

    def save_guide(self, guide: MeetingGuide) -> MeetingGuide:
        """Saves the guide (a new id the first time) and returns it as saved."""
        guide = guide if guide.id else guide.model_copy(update={"id": uuid.uuid4().hex[:12]})
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO guides VALUES (?, ?, ?, ?)",
                       (guide.id, guide.topic, datetime.now().isoformat(), guide.model_dump_json()))
        return guide

    def load_guide(self, guide_id: str) -> MeetingGuide:
        with self._connect() as db:
            row = db.execute("SELECT data FROM guides WHERE id = ?", (guide_id,)).fetchone()
        if row is None:
            raise KeyError(guide_id)
        return MeetingGuide.model_validate_json(row[0])

    def guides(self) -> list[MeetingGuide]:
        """Saved guides, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT data FROM guides ORDER BY updated DESC").fetchall()
        return [MeetingGuide.model_validate_json(r[0]) for r in rows]

    # ------------------------------------------------------------ meetings

    def save_meeting(self, meeting: Meeting) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO meetings VALUES (?, ?, ?, ?, ?)",
                       (meeting.id, meeting.guide.topic, datetime.now().isoformat(), int(meeting.finished),
                        meeting.model_dump_json()))

    def load_meeting(self, meeting_id: str) -> Meeting:
        with self._connect() as db:
            row = db.execute("SELECT data FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
        if row is None:
            raise KeyError(meeting_id)
        return Meeting.model_validate_json(row[0])

    def last_agreements(self, topic: str = "") -> list[Agreement]:
        """What the last finished meeting agreed: on the same topic when there is one, else any."""
        with self._connect() as db:
            rows = db.execute("SELECT topic, data FROM meetings WHERE finished = 1 ORDER BY updated DESC").fetchall()
        same = [r for r in rows if topic and r[0].casefold() == topic.casefold()]
        for _, data in same + rows:
            agreements = Meeting.model_validate_json(data).agreements
            if agreements:
                return agreements
        return []
