"""Reflection sessions saved in SQLite (`reflection.sqlite` under the data directory), so a session can be
resumed later, also by a team on a shared computer."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from assistant.models import ReflectionSession


class SessionStore:
    """Reflection sessions as JSON rows; a new connection per call, so threads may share it."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS sessions "
                "(id TEXT PRIMARY KEY, title TEXT, updated TEXT, finished INTEGER, data TEXT)"
            )

    @classmethod
    def for_settings(cls, settings) -> "SessionStore":
        return cls(settings.data_dir / "reflection.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(self, session: ReflectionSession) -> None:
        session.updated = datetime.now()
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                (session.id, session.title, session.updated.isoformat(), int(session.finished),
                 session.model_dump_json()),
            )

    def load(self, session_id: str) -> ReflectionSession:
        with self._connect() as db:
            row = db.execute("SELECT data FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise KeyError(session_id)
        return ReflectionSession.model_validate_json(row[0])

    def list(self) -> list[ReflectionSession]:
        """All saved sessions, most recently changed first."""
        with self._connect() as db:
            rows = db.execute("SELECT data FROM sessions ORDER BY updated DESC").fetchall()
        return [ReflectionSession.model_validate_json(r[0]) for r in rows]

    def latest_unfinished(self) -> ReflectionSession | None:
        """The session a returning user most likely wants to continue."""
        return next((s for s in self.list() if not s.finished), None)

    def returning(self) -> bool:
        """True when a session was saved on this machine before: the page then explains less."""
        with self._connect() as db:
            return db.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is not None

    def delete(self, session_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
