"""The translation memory as stored: imported and approved pairs, and fuzzy-match suggestions.

Matching is `translate.memory`'s business; this part keeps the pairs, keyed by
`textkeys.normalise`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from workbench.store.part import Part
from workbench.store.transaction import utc_now
from workbench.textkeys import language_tag, normalise, primary_language


class Memory(Part):
    """The `tm_entries` and `tm_suggestions` tables."""

    def add_pairs(
        self,
        pairs: Iterable[tuple[str, str] | tuple[str, str, str, str]],
        *,
        source_lang: str,
        target_lang: str,
        origin: str = "import",
        chunk: int = 5_000,
    ) -> int:
        """Add (source, target[, source_lang, target_lang]) pairs to the memory in chunks, each
        committed as it fills; a pair without its own languages gets the given ones. Returns
        how many were new."""
        added = 0
        batch: list[tuple] = []
        now = utc_now()

        def flush() -> int:
            with self.write() as conn:
                before = conn.total_changes
                conn.executemany(
                    "INSERT OR IGNORE INTO tm_entries (source, target, source_lang, target_lang, "
                    "source_key, origin, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
                return conn.total_changes - before

        for source, target, *languages in pairs:
            pair_source_lang, pair_target_lang = languages or (source_lang, target_lang)
            if source.strip() and target.strip():
                batch.append(
                    (
                        source,
                        target,
                        pair_source_lang,
                        pair_target_lang,
                        normalise(source),
                        origin,
                        now,
                    )
                )
            if len(batch) >= chunk:
                added += flush()
                batch.clear()
        if batch:
            added += flush()
        return added

    def pairs(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """Every memory entry for a language pair, matched by BCP 47 prefix (an "sv-SE" entry
        serves "sv"). Ordered so the best-tagged entry for a source comes last, where
        `TranslationMemory` lets it win: other variants, then the bare language, then the exact
        tag; newest last within each."""
        return self._pairs(source_lang, target_lang)

    def exact(self, source: str, source_lang: str, target_lang: str) -> str | None:
        """The target of the best memory entry whose normalised source is `source`'s (the one
        `TranslationMemory` would let win), without indexing the whole memory."""
        found = self._pairs(source_lang, target_lang, normalise(source))
        return found[-1][1] if found else None

    def _pairs(
        self, source_lang: str, target_lang: str, key: str | None = None
    ) -> list[tuple[str, str]]:
        wanted = (language_tag(source_lang).lower(), language_tag(target_lang).lower())
        primary = (primary_language(source_lang), primary_language(target_lang))
        rank = "(CASE WHEN {col} = ? THEN 2 WHEN {col} = ? THEN 1 ELSE 0 END)"
        source_col = "lower(replace(source_lang, '_', '-'))"
        target_col = "lower(replace(target_lang, '_', '-'))"
        return [
            (row[0], row[1])
            for row in self.conn.execute(
                f"SELECT source, target FROM tm_entries "
                f"WHERE ({source_col} = ? OR {source_col} LIKE ? || '-%') "
                f"AND ({target_col} = ? OR {target_col} LIKE ? || '-%') "
                f"AND (? IS NULL OR source_key = ?) "
                f"ORDER BY {rank.format(col=source_col)} + {rank.format(col=target_col)}, id",
                (
                    primary[0],
                    primary[0],
                    primary[1],
                    primary[1],
                    key,
                    key,
                    wanted[0],
                    primary[0],
                    wanted[1],
                    primary[1],
                ),
            )
        ]

    def count(self) -> int:
        """How many entries the memory holds."""
        return self.conn.execute("SELECT count(*) FROM tm_entries").fetchone()[0]

    def record_suggestions(self, suggestions: Sequence[tuple[int, str, str, float]]) -> None:
        """Replace the fuzzy-match suggestions of the given segments: (segment, src, tgt, score)."""
        with self.write() as conn:
            conn.executemany(
                "DELETE FROM tm_suggestions WHERE segment_id = ?",
                sorted({(s[0],) for s in suggestions}),
            )
            conn.executemany(
                "INSERT INTO tm_suggestions (segment_id, source, target, score) "
                "VALUES (?, ?, ?, ?)",
                suggestions,
            )

    def suggestions(self, segment_id: int) -> list[tuple[str, str, float]]:
        """Stored fuzzy matches for a segment, best first: (source, target, score)."""
        return [
            (row[0], row[1], row[2])
            for row in self.conn.execute(
                "SELECT source, target, score FROM tm_suggestions WHERE segment_id = ? "
                "ORDER BY score DESC",
                (segment_id,),
            )
        ]

    @staticmethod
    def add_approved(
        conn: sqlite3.Connection, segment_id: int, source: str, target: str, now: str
    ) -> None:
        """Keep an approved pair in the memory, inside the approval's write."""
        document = conn.execute(
            "SELECT d.source_lang, d.target_lang FROM segments s JOIN documents d "
            "ON d.id = s.document_id WHERE s.id = ?",
            (segment_id,),
        ).fetchone()
        conn.execute(
            "INSERT OR IGNORE INTO tm_entries (source, target, source_lang, target_lang, "
            "source_key, origin, segment_id, created) VALUES (?, ?, ?, ?, ?, 'approved', ?, ?)",
            (source, target, document[0], document[1], normalise(source), segment_id, now),
        )
