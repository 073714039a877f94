"""The audit log: who did what to which document or segment, and when. Append-only."""

from __future__ import annotations

import sqlite3

from workbench.records import Event
from workbench.store.part import Part
from workbench.store.transaction import utc_now


class Events(Part):
    """The `events` table."""

    @staticmethod
    def record(
        conn: sqlite3.Connection,
        actor: str,
        action: str,
        *,
        document_id: int | None = None,
        segment_id: int | None = None,
        details: str | None = None,
    ) -> None:
        """Log an action inside the caller's write transaction."""
        conn.execute(
            "INSERT INTO events (time, actor, action, document_id, segment_id, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (utc_now(), actor, action, document_id, segment_id, details),
        )

    def recent(self, segment_id: int | None = None, limit: int = 200) -> list[Event]:
        """The audit log, newest first (for one segment or all)."""
        sql = "SELECT id, time, actor, action, document_id, segment_id, details FROM events"
        params: list = []
        if segment_id is not None:
            sql += " WHERE segment_id = ?"
            params.append(segment_id)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return [Event(*row) for row in self.conn.execute(sql, params)]
