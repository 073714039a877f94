"""The rows an article is rebuilt from: every visible segment in reading order, with its layout,
current target and review state. Read-only; the renderer decides what to show."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.records import ArticleSegment, Origin, SegmentKind, SegmentStatus, Severity
from workbench.store.documents import Documents
from workbench.store.part import Part
from workbench.store.transaction import Connection

# A segment merged into another is shown by its lead, whose text covers it; the gap after the
# group is the last member's (as `segments_by_ids` does for the review screens).
_ARTICLE_SQL = """
    SELECT s.id, s.paragraph, s.idx, s.kind, s.translatable, s.block, s.lead, s.source,
        coalesce(
            (SELECT m.gap FROM segments m WHERE m.merged_into = s.id
             ORDER BY m.paragraph DESC, m.idx DESC LIMIT 1),
            s.gap),
        (SELECT group_concat(m.source || m.gap, '') FROM
            (SELECT source, gap FROM segments WHERE merged_into = s.id
             ORDER BY paragraph, idx) m),
        s.status, t.text, t.origin, t.score, s.reviewer, t.author, s.gap, s.review_comment
    FROM segments s LEFT JOIN translations t ON t.id = s.current_translation_id
    WHERE s.document_id = ? AND s.merged_into IS NULL
    ORDER BY s.paragraph, s.idx
"""


class Article(Part):
    """Reading a document back as an article (no table of its own)."""

    def __init__(self, connection: Connection, documents: Documents) -> None:
        super().__init__(connection)
        self.documents = documents

    def segments(self, document_id: int, *, with_flags: bool = False) -> Iterator[ArticleSegment]:
        """A document's visible segments in reading order, streamed (one document in memory
        at most); `with_flags` adds each segment's QA flags as (severity, message) pairs."""
        self.documents.get(document_id)
        flags: dict[int, list[tuple[Severity, str]]] = {}
        if with_flags:
            for segment_id, severity, message in self.conn.execute(
                "SELECT f.segment_id, f.severity, f.message FROM qa_flags f "
                "JOIN segments s ON s.id = f.segment_id WHERE s.document_id = ? ORDER BY f.id",
                (document_id,),
            ):
                flags.setdefault(segment_id, []).append((Severity(severity), message))
        for row in self.conn.execute(_ARTICLE_SQL, (document_id,)):
            source = row[7] if row[9] is None else (row[7] + row[16] + row[9]).rstrip()
            yield ArticleSegment(
                id=row[0],
                paragraph=row[1],
                index=row[2],
                kind=SegmentKind(row[3]),
                translatable=bool(row[4]),
                block=row[5],
                lead=row[6],
                source=source,
                gap=row[8],
                status=SegmentStatus(row[10]),
                target=row[11],
                origin=Origin(row[12]) if row[12] else None,
                score=row[13],
                reviewer=row[14] or (row[15] if row[12] == Origin.HUMAN else None),
                flags=tuple(flags.get(row[0], ())),
                comment=row[17],
            )

    def unready_segment_ids(self, document_id: int) -> tuple[list[int], list[int], int]:
        """Visible translatable segments without a target, those not approved, and how many
        translatable segments there are."""
        rows = self.conn.execute(
            "SELECT id, current_translation_id IS NULL, status != 'approved' FROM segments "
            "WHERE document_id = ? AND translatable AND merged_into IS NULL "
            "ORDER BY paragraph, idx",
            (document_id,),
        ).fetchall()
        return [row[0] for row in rows if row[1]], [row[0] for row in rows if row[2]], len(rows)
