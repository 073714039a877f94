"""Repetitions: segments sharing a normalised source, and propagating a reviewer's target to them.

The key function (`workbench.textkeys.normalise`) is passed in; keys are filled in lazily for
segments added since the last call, since a segment's source never changes after ingest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from workbench.records import Origin, SegmentStatus
from workbench.store.documents import Documents
from workbench.store.events import Events
from workbench.store.part import Part
from workbench.store.review import Reviews
from workbench.store.transaction import Connection, utc_now

SourceKey = Callable[[str], str]
# A segment a human has touched keeps its target: reviewed, edited, or with a human version.
_UNTOUCHED = (
    "s.translatable = 1 AND s.merged_into IS NULL AND s.status IN ('new', 'translated') "
    "AND NOT EXISTS (SELECT 1 FROM translations h WHERE h.segment_id = s.id "
    "AND h.origin = 'human') "
    "AND NOT EXISTS (SELECT 1 FROM segments m WHERE m.merged_into = s.id)"
)


class Repetitions(Part):
    """The `segment_keys` table: repetition counts and propagation."""

    def __init__(
        self, connection: Connection, *, documents: Documents, reviews: Reviews, events: Events
    ) -> None:
        super().__init__(connection)
        self.documents = documents
        self.reviews = reviews
        self.events = events

    def counts(self, segment_ids: Sequence[int], key: SourceKey) -> dict[int, int]:
        """For each segment, how many other translatable segments share its normalised source."""
        self._refresh_source_keys(key)
        counts: dict[int, int] = {}
        for start in range(0, len(segment_ids), 500):
            chunk = list(segment_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            counts |= {
                row[0]: row[1]
                for row in self.conn.execute(
                    "SELECT k.segment_id, (SELECT count(*) FROM segment_keys o JOIN segments s "
                    "ON s.id = o.segment_id WHERE o.source_key = k.source_key "
                    "AND o.segment_id != k.segment_id AND s.translatable = 1 "
                    "AND s.merged_into IS NULL) FROM segment_keys k "
                    f"WHERE k.segment_id IN ({marks})",
                    chunk,
                )
            }
        return counts

    def propagate(self, segment_id: int, author: str, key: SourceKey) -> list[int]:
        """Give the segment's current target to its untouched repetitions; returns their ids.

        One transaction: a reviewer editing a repetition at the same time gets the usual conflict.
        """
        self._refresh_source_keys(key)
        now = utc_now()
        changed: list[int] = []
        with self.write() as conn:
            row = conn.execute(
                "SELECT k.source_key, t.id, t.text FROM segment_keys k JOIN segments s "
                "ON s.id = k.segment_id JOIN translations t ON t.id = s.current_translation_id "
                "WHERE k.segment_id = ?",
                (segment_id,),
            ).fetchone()
            if row is None or not row[2].strip():
                return []
            source_key, master_tid, text = row
            targets = conn.execute(
                "SELECT s.id, s.document_id, s.current_translation_id, t.text FROM segment_keys k "
                "JOIN segments s ON s.id = k.segment_id LEFT JOIN translations t "
                f"ON t.id = s.current_translation_id WHERE k.source_key = ? AND s.id != ? "
                f"AND {_UNTOUCHED} ORDER BY s.id",
                (source_key, segment_id),
            ).fetchall()
            for target_id, document_id, current_tid, current_text in targets:
                if current_text == text:
                    continue
                translation_id = self.reviews.insert_translation(
                    conn,
                    target_id,
                    text,
                    Origin.PROPAGATED,
                    author,
                    now,
                    parent_id=current_tid,
                    note=f"from segment {segment_id}",
                )
                self.documents.set_target(
                    conn, target_id, translation_id, SegmentStatus.TRANSLATED, now
                )
                self.events.record(
                    conn,
                    author,
                    "propagate",
                    document_id=document_id,
                    segment_id=target_id,
                    details=json.dumps({"translation_id": translation_id, "from": master_tid}),
                )
                changed.append(target_id)
        return changed

    def _refresh_source_keys(self, key: SourceKey) -> None:
        missing = self.conn.execute(
            "SELECT id, source FROM segments WHERE id > "
            "(SELECT coalesce(max(segment_id), 0) FROM segment_keys) ORDER BY id"
        ).fetchall()
        if missing:
            with self.write() as conn:
                conn.executemany(
                    "INSERT OR IGNORE INTO segment_keys (segment_id, source_key) VALUES (?, ?)",
                    [(segment_id, key(source)) for segment_id, source in missing],
                )
