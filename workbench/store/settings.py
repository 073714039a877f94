"""Per-store settings (a key/value table) and the user's spelling dictionary.

The store only keeps the values; which keys exist and what they mean is `workbench.settings`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workbench.errors import InputError
from workbench.store.connection import utc_now
from workbench.store.documents import DocumentsMixin


class SettingsMixin(DocumentsMixin):
    """Settings and user words."""

    def setting(self, key: str) -> str | None:
        """The stored value of a setting, or None when it was never set."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def settings(self) -> dict[str, str]:
        """Every stored setting."""
        return {k: v for k, v in self.conn.execute("SELECT key, value FROM settings ORDER BY key")}

    def set_setting(self, key: str, value: str, actor: str) -> None:
        """Store a setting (replacing its value) and log who changed it."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            self._log(conn, actor, "setting", details=f"{key}={value}")

    def add_user_words(self, words: Iterable[str], author: str, lang: str = "en") -> int:
        """Add words to the user dictionary of `lang`; returns how many were new."""
        rows = [(w, lang, author, utc_now()) for w in words]
        if any(not w or any(c.isspace() for c in w) for w, *_ in rows):
            raise InputError("a dictionary word must be one non-empty word without spaces")
        with self.write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO user_words (word, lang, author, created) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def user_words(self, lang: str = "en") -> list[str]:
        """The user dictionary of `lang`, alphabetical."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT word FROM user_words WHERE lang = ? ORDER BY lower(word)", (lang,)
            )
        ]

    def segments_flagged(self, codes: Sequence[str]) -> list[int]:
        """Segments whose current QA flags include one of `codes`."""
        marks = ",".join("?" * len(codes))
        return [
            row[0]
            for row in self.conn.execute(
                f"SELECT DISTINCT segment_id FROM qa_flags WHERE code IN ({marks}) "
                "ORDER BY segment_id",
                list(codes),
            )
        ]
