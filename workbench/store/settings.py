"""Per-store settings: a key/value table.

The store only keeps the values; which keys exist and what they mean is `workbench.settings`.
"""

from __future__ import annotations

from workbench.store.events import Events
from workbench.store.part import Part
from workbench.store.transaction import Connection


class Settings(Part):
    """The `settings` table."""

    def __init__(self, connection: Connection, events: Events) -> None:
        super().__init__(connection)
        self.events = events

    def get(self, key: str) -> str | None:
        """The stored value of a setting, or None when it was never set."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def values(self) -> dict[str, str]:
        """Every stored setting."""
        return {k: v for k, v in self.conn.execute("SELECT key, value FROM settings ORDER BY key")}

    def put(self, key: str, value: str, actor: str) -> None:
        """Store a setting (replacing its value) and log who changed it."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            self.events.record(conn, actor, "setting", details=f"{key}={value}")
