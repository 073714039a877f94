"""Reading documents and segments out of SQL rows: the columns a segment is selected with, the
source a merged segment shows, and the records built from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from workbench.records import Document, Origin, Segment, SegmentKind, SegmentStatus

SEGMENT_COLUMNS = """
    s.id, s.document_id, s.paragraph, s.idx, s.source, s.kind, s.lang, s.lang_prob,
    s.translatable, s.status, s.gap, t.text, t.id, t.origin, t.score
"""
SEGMENT_FROM = """
    FROM segments s LEFT JOIN translations t ON t.id = s.current_translation_id
"""
# A lead segment's source as shown: its own text and that of every segment merged into it.
SHOWN_SOURCE = """
    s.source || s.gap || coalesce((SELECT group_concat(x, '') FROM (SELECT m.source || m.gap AS x
        FROM segments m WHERE m.merged_into = s.id ORDER BY m.paragraph, m.idx)), '')
"""
SOURCE_MATCH = f"instr(casefold({SHOWN_SOURCE}), ?)"
ORDERS = {
    "position": "s.paragraph, s.idx",
    # Lowest MT confidence first; unscored segments after the scored ones.
    "score": "t.score IS NULL, t.score, s.paragraph, s.idx",
}


def document_from_row(row: Sequence) -> Document:
    """Build a `Document` from a `SELECT * FROM documents` row."""
    return Document(
        id=row[0],
        path=row[1],
        title=row[2],
        sha256=row[3],
        source_lang=row[4],
        target_lang=row[5],
        role=row[6],
        revision=row[7],
        created=row[8],
    )


def segment_from_row(row: Sequence) -> Segment:
    """Build a `Segment` from a row of `SEGMENT_COLUMNS`."""
    return Segment(
        id=row[0],
        document_id=row[1],
        paragraph=row[2],
        index=row[3],
        source=row[4],
        kind=SegmentKind(row[5]),
        lang=row[6],
        lang_prob=row[7],
        translatable=bool(row[8]),
        status=SegmentStatus(row[9]),
        gap=row[10],
        target=row[11],
        translation_id=row[12],
        origin=Origin(row[13]) if row[13] else None,
        score=row[14],
    )


def with_members(segment: Segment, members: list[tuple[str, str]]) -> Segment:
    """A lead segment shows the source of every segment merged into it, gaps kept."""
    if not members:
        return segment
    text = segment.source + segment.gap + "".join(source + gap for source, gap in members)
    return replace(segment, source=text.rstrip(), gap=members[-1][1])
