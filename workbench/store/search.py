"""Concordance: every stored segment and memory entry whose text contains a phrase.

Matching folds case for all of Unicode (`casefold`, see `folding.py`) and reads a merged
segment's source with its members, as the reviewer sees it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.store.folding import fold
from workbench.store.part import Part
from workbench.store.rows import SHOWN_SOURCE, SOURCE_MATCH


class SearchSide(enum.StrEnum):
    """Which text of a pair a concordance search looks in."""

    SOURCE = "source"
    TARGET = "target"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """One pair containing the phrase: a stored segment or a memory entry."""

    kind: str  # "segment" or "memory"
    source: str
    target: str | None
    source_lang: str
    target_lang: str
    document_id: int | None
    document: str | None
    segment_id: int | None
    status: str  # the segment's status, or the memory entry's origin


class Search(Part):
    """Concordance over segments and the translation memory (no table of its own)."""

    def concordance(
        self, phrase: str, side: SearchSide = SearchSide.BOTH, limit: int | None = None
    ) -> Iterator[ConcordanceHit]:
        """Segments (document order) then memory entries containing `phrase`, case folded,
        read from the store as they are consumed."""
        needle = fold(phrase.strip())
        if not needle:
            return
        segment_match = {
            SearchSide.SOURCE: SOURCE_MATCH,
            SearchSide.TARGET: "instr(casefold(t.text), ?)",
            SearchSide.BOTH: f"({SOURCE_MATCH} OR instr(casefold(t.text), ?))",
        }[side]
        memory_match = {
            SearchSide.SOURCE: "instr(casefold(source), ?)",
            SearchSide.TARGET: "instr(casefold(target), ?)",
            SearchSide.BOTH: "(instr(casefold(source), ?) OR instr(casefold(target), ?))",
        }[side]
        needles = [needle] * (2 if side == SearchSide.BOTH else 1)
        bound = -1 if limit is None else limit
        # Rows are read as they are yielded, never fetched all at once: a common word can
        # match most of an archive.
        segments = self.conn.execute(
            f"""
            SELECT rtrim({SHOWN_SOURCE}), t.text, d.source_lang, d.target_lang, d.id, d.title,
                s.id, s.status
            FROM segments s JOIN documents d ON d.id = s.document_id
            LEFT JOIN translations t ON t.id = s.current_translation_id
            WHERE s.merged_into IS NULL AND {segment_match}
            ORDER BY d.id, s.paragraph, s.idx LIMIT ?
            """,
            [*needles, bound],
        )
        found = 0
        for row in segments:
            found += 1
            yield ConcordanceHit("segment", row[0], row[1], row[2], row[3], *row[4:])
        if limit is not None:
            bound = limit - found
            if bound <= 0:
                return
        for source, target, source_lang, target_lang, origin in self.conn.execute(
            "SELECT source, target, source_lang, target_lang, origin FROM tm_entries "
            f"WHERE {memory_match} ORDER BY id LIMIT ?",
            [*needles, bound],
        ):
            yield ConcordanceHit(
                "memory", source, target, source_lang, target_lang, None, None, None, origin
            )
