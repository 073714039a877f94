"""Alignment beads: which source segments a target translates, by alignment or by MT.

An alignment of two documents and the MT bead of a lead segment are superseded, never deleted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.records import Bead
from workbench.store.events import Events
from workbench.store.part import Part
from workbench.store.transaction import Connection, utc_now


@dataclass(frozen=True, slots=True)
class StoredBead:
    """A bead as stored: its place in the document and the texts on both sides."""

    id: int
    ordinal: int
    bead: Bead
    source_texts: tuple[str, ...]
    target_texts: tuple[str, ...]


class Beads(Part):
    """The `beads` table."""

    def __init__(self, connection: Connection, events: Events) -> None:
        super().__init__(connection)
        self.events = events

    def replace(
        self,
        source_document_id: int,
        target_document_id: int,
        beads: Sequence[Bead],
        author: str,
    ) -> int:
        """Store a fresh alignment of two documents, superseding (not deleting) the old one."""
        now = utc_now()
        with self.write() as conn:
            conn.execute(
                "UPDATE beads SET superseded = 1 WHERE source_document_id = ? "
                "AND target_document_id = ? AND superseded = 0",
                (source_document_id, target_document_id),
            )
            conn.executemany(
                "INSERT INTO beads (source_document_id, target_document_id, ordinal, source_ids, "
                "target_ids, target_parts, bead_type, score, method, author, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        source_document_id,
                        target_document_id,
                        ordinal,
                        json.dumps(list(bead.source_ids)),
                        json.dumps(list(bead.target_ids)),
                        len(bead.target_ids),
                        bead.type,
                        bead.score,
                        bead.method,
                        author,
                        now,
                    )
                    for ordinal, bead in enumerate(beads)
                ],
            )
            self.events.record(
                conn,
                author,
                "align",
                document_id=source_document_id,
                details=json.dumps({"target_document_id": target_document_id, "beads": len(beads)}),
            )
        return len(beads)

    def current(self, source_document_id: int, target_document_id: int) -> list[StoredBead]:
        """The current alignment of two documents in order, with the texts of both sides."""
        rows = self.conn.execute(
            "SELECT id, ordinal, source_ids, target_ids, score, method FROM beads "
            "WHERE source_document_id = ? AND target_document_id = ? AND superseded = 0 "
            "ORDER BY ordinal",
            (source_document_id, target_document_id),
        ).fetchall()
        texts = {
            row[0]: row[1]
            for row in self.conn.execute(
                "SELECT id, source FROM segments WHERE document_id IN (?, ?)",
                (source_document_id, target_document_id),
            )
        }
        result = []
        for bead_id, ordinal, source_json, target_json, score, method in rows:
            source_ids = tuple(json.loads(source_json))
            target_ids = tuple(json.loads(target_json))
            result.append(
                StoredBead(
                    id=bead_id,
                    ordinal=ordinal,
                    bead=Bead(source_ids, target_ids, score, method),
                    source_texts=tuple(texts[i] for i in source_ids),
                    target_texts=tuple(texts[i] for i in target_ids),
                )
            )
        return result

    def mt_bead_type(self, segment_id: int) -> str:
        """The type of the current MT bead led by this segment ("1-1" if none recorded)."""
        row = self.conn.execute(
            "SELECT bead_type FROM beads WHERE lead_segment_id = ? AND superseded = 0 "
            "ORDER BY id DESC LIMIT 1",
            (segment_id,),
        ).fetchone()
        return row[0] if row else "1-1"

    def target_split(self, segment_id: int) -> tuple[str, tuple[int, ...]] | None:
        """The split offsets of a segment's target and the text they were made on, if any.

        That text is the version current when the bead was written (see `workbench.splits`).
        """
        row = self.conn.execute(
            "SELECT target_splits, created FROM beads WHERE lead_segment_id = ? "
            "AND superseded = 0 ORDER BY id DESC LIMIT 1",
            (segment_id,),
        ).fetchone()
        if row is None or row[0] == "[]":
            return None
        text = self.conn.execute(
            "SELECT text FROM translations WHERE segment_id = ? AND created <= ? "
            "ORDER BY created DESC, id DESC LIMIT 1",
            (segment_id, row[1]),
        ).fetchone()
        return (text[0] if text else ""), tuple(json.loads(row[0]))

    @staticmethod
    def add_mt_bead(
        conn: sqlite3.Connection,
        document_id: int,
        segment_id: int,
        paragraph: int,
        idx: int,
        method: str,
        now: str,
    ) -> None:
        """The 1-1 bead of a freshly translated segment, inside the caller's write."""
        conn.execute(
            "INSERT INTO beads (source_document_id, lead_segment_id, ordinal, source_ids, "
            "target_ids, target_parts, bead_type, score, method, created) "
            "VALUES (?, ?, ?, ?, '[]', 1, '1-1', ?, ?, ?)",
            (
                document_id,
                segment_id,
                paragraph * 100_000 + idx,
                json.dumps([segment_id]),
                1.0,
                method,
                now,
            ),
        )

    @staticmethod
    def restore_mt_beads(conn: sqlite3.Connection, lead_id: int, bead_ids: list[int]) -> None:
        """Make `bead_ids` current again in place of the beads `lead_id` leads now (undoing a
        merge), inside the caller's write."""
        conn.execute(
            "UPDATE beads SET superseded = 1 WHERE lead_segment_id = ? AND superseded = 0",
            (lead_id,),
        )
        for bead_id in bead_ids:
            conn.execute("UPDATE beads SET superseded = 0 WHERE id = ?", (bead_id,))

    @staticmethod
    def replace_mt_bead(
        conn: sqlite3.Connection,
        document_id: int,
        lead_id: int,
        source_ids: list[int],
        splits: list[int],
        author: str,
        now: str,
        *,
        superseding: tuple[int, ...],
    ) -> None:
        """Supersede the MT beads led by `superseding` with one led by `lead_id` (a merge or
        split by a reviewer), inside the caller's write."""
        marks = ",".join("?" * len(superseding))
        conn.execute(
            f"UPDATE beads SET superseded = 1 WHERE lead_segment_id IN ({marks}) "
            "AND superseded = 0",
            superseding,
        )
        paragraph, idx = conn.execute(
            "SELECT paragraph, idx FROM segments WHERE id = ?", (lead_id,)
        ).fetchone()
        parts = len(splits) + 1
        conn.execute(
            "INSERT INTO beads (source_document_id, lead_segment_id, ordinal, source_ids, "
            "target_ids, target_parts, target_splits, bead_type, score, method, author, created) "
            "VALUES (?, ?, ?, ?, '[]', ?, ?, ?, 1.0, 'manual', ?, ?)",
            (
                document_id,
                lead_id,
                paragraph * 100_000 + idx,
                json.dumps(source_ids),
                parts,
                json.dumps(splits),
                f"{len(source_ids)}-{parts}",
                author,
                now,
            ),
        )
