"""Streams for exporters: approved (or current) units with their provenance, straight from SQL.

Read-only: it reads segments, targets, beads and flags, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workbench.records import ExportUnit, Origin, SegmentStatus
from workbench.store.documents import Documents
from workbench.store.part import Part
from workbench.store.transaction import Connection


class Exports(Part):
    """Export rows (no table of its own)."""

    def __init__(self, connection: Connection, documents: Documents) -> None:
        super().__init__(connection)
        self.documents = documents

    def rows(
        self,
        document_ids: Sequence[int] = (),
        *,
        approved_only: bool = True,
        since: str | None = None,
    ) -> Iterator[ExportUnit]:
        """Stream translatable segments with a target (approved by default), in order."""
        clauses = [
            "s.translatable = 1",
            "s.merged_into IS NULL",
            "d.role = 'source'",
            "trim(t.text) != ''",
        ]
        params: list = []
        if document_ids:
            clauses.append(f"d.id IN ({','.join('?' * len(document_ids))})")
            params += list(document_ids)
        if approved_only:
            clauses.append("s.status = 'approved'")
        if since:
            clauses.append("coalesce(s.reviewed_at, t.created) >= ?")
            params.append(since)
        cursor = self.conn.execute(
            f"""
            SELECT s.id, s.source, s.gap, t.text, d.source_lang, d.target_lang, d.title, d.id,
                s.paragraph, s.idx, t.origin, s.status, coalesce(s.reviewer, t.author),
                (SELECT min(created) FROM translations f WHERE f.segment_id = s.id),
                coalesce(s.reviewed_at, t.created), t.score,
                EXISTS (SELECT 1 FROM qa_flags q WHERE q.segment_id = s.id
                    AND q.severity = 'error'),
                EXISTS (SELECT 1 FROM segments m WHERE m.merged_into = s.id),
                (SELECT bead_type FROM beads b WHERE b.lead_segment_id = s.id
                    AND b.superseded = 0 ORDER BY b.id DESC LIMIT 1)
            FROM segments s
            JOIN documents d ON d.id = s.document_id
            JOIN translations t ON t.id = s.current_translation_id
            WHERE {" AND ".join(clauses)}
            ORDER BY d.id, s.paragraph, s.idx
            """,
            params,
        )
        for row in cursor:
            segment_ids: tuple[int, ...] = (row[0],)
            source = row[1]
            position = f"{row[8]}.{row[9]}"
            if row[17]:
                members = self.documents.merged_members(row[0])
                source = self.documents.segment(row[0]).source
                segment_ids += tuple(m.id for m in members)
                position += f"-{members[-1].paragraph}.{members[-1].index}"
            yield ExportUnit(
                source=source,
                target=row[3],
                source_lang=row[4],
                target_lang=row[5],
                document=row[6],
                document_id=row[7],
                position=position,
                segment_ids=segment_ids,
                bead_type=row[18] or "1-1",
                origin=Origin(row[10]),
                status=SegmentStatus(row[11]),
                author=row[12],
                created=row[13],
                changed=row[14],
                score=row[15],
                flagged=bool(row[16]),
            )
