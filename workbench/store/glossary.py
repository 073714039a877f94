"""The glossary: terms a translation must use, per language pair."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from workbench.errors import InputError
from workbench.formulas import refuse_formula_term
from workbench.store.part import Part
from workbench.store.transaction import utc_now


class Glossary(Part):
    """The `glossary` table."""

    def add_terms(
        self,
        terms: Iterable[tuple[str, str, str | None]],
        *,
        source_lang: str,
        target_lang: str,
    ) -> int:
        """Add (source, target, note) terms; returns how many were new."""
        now = utc_now()
        rows = [(s.strip(), t.strip(), n, source_lang, target_lang, now) for s, t, n in terms]
        if any(not s or not t for s, t, *_ in rows):
            raise InputError("a glossary term needs both a source and a target")
        for source, target, *_ in rows:
            refuse_formula_term(source)
            refuse_formula_term(target)
        with self.write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO glossary (source, target, note, source_lang, target_lang, "
                "created) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def terms(
        self, source_lang: str = "sv", target_lang: str = "en"
    ) -> list[tuple[str, str, str | None]]:
        """The glossary for a language pair: (source, target, note), alphabetical."""
        return [
            (row[0], row[1], row[2])
            for row in self.conn.execute(
                "SELECT source, target, note FROM glossary WHERE source_lang = ? "
                "AND target_lang = ? ORDER BY lower(source)",
                (source_lang, target_lang),
            )
        ]

    @staticmethod
    def add_term(
        conn: sqlite3.Connection, term: tuple[str, str, str | None, str, str], now: str
    ) -> None:
        """Add (source, target, note, source_lang, target_lang) inside the caller's write."""
        conn.execute(
            "INSERT OR IGNORE INTO glossary (source, target, note, source_lang, "
            "target_lang, created) VALUES (?, ?, ?, ?, ?, ?)",
            (*term, now),
        )
