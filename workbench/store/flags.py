"""QA flags: what the checks found on the target a segment had when it was checked."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from workbench.records import Flag, Severity
from workbench.store.part import Part


class Flags(Part):
    """The `qa_flags` table."""

    def replace(self, items: Sequence[tuple[int, int | None, Sequence[Flag]]]) -> None:
        """Set the QA flags of segments: (segment id, translation id checked, flags)."""
        with self.write() as conn:
            for segment_id, translation_id, flags in items:
                conn.execute("DELETE FROM qa_flags WHERE segment_id = ?", (segment_id,))
                self.insert(conn, segment_id, translation_id, flags)

    def of_segment(self, segment_id: int) -> list[Flag]:
        """The QA flags stored for a segment."""
        return [
            Flag(row[0], Severity(row[1]), row[2], row[3], row[4])
            for row in self.conn.execute(
                "SELECT code, severity, message, span_start, span_end FROM qa_flags "
                "WHERE segment_id = ? ORDER BY id",
                (segment_id,),
            )
        ]

    def of_document(self, document_id: int) -> list[tuple[int, Flag]]:
        """Every flag of a document's segments: (segment id, flag), in document order."""
        return [
            (row[0], Flag(row[1], Severity(row[2]), row[3], row[4], row[5]))
            for row in self.conn.execute(
                "SELECT f.segment_id, f.code, f.severity, f.message, f.span_start, f.span_end "
                "FROM qa_flags f JOIN segments s ON s.id = f.segment_id "
                "WHERE s.document_id = ? ORDER BY s.paragraph, s.idx, f.id",
                (document_id,),
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

    @staticmethod
    def insert(
        conn: sqlite3.Connection,
        segment_id: int,
        translation_id: int | None,
        flags: Sequence[Flag],
    ) -> None:
        """Add a segment's flags inside the caller's write."""
        conn.executemany(
            "INSERT INTO qa_flags (segment_id, translation_id, code, severity, message, "
            "span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (segment_id, translation_id, f.code, str(f.severity), f.message, f.start, f.end)
                for f in flags
            ],
        )
