"""The user's spelling dictionary: words the spelling check accepts, per language."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.errors import InputError
from workbench.store.part import Part
from workbench.store.transaction import utc_now


class Dictionary(Part):
    """The `user_words` table."""

    def add_words(self, words: Iterable[str], author: str, lang: str = "en") -> int:
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

    def words(self, lang: str = "en") -> list[str]:
        """The user dictionary of `lang`, alphabetical."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT word FROM user_words WHERE lang = ? ORDER BY lower(word)", (lang,)
            )
        ]
