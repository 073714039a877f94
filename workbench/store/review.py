"""Translation versions and review actions: MT results, edits, approval, rejection, revert.

History is append-only: every change adds a `translations` row or an event; an edit names the
version it started from and a stale one raises `ConflictError` (its text is kept in history).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from workbench.errors import ConflictError, InputError
from workbench.records import NewTranslation, Origin, Role, SegmentStatus, Translation
from workbench.store.beads import Beads
from workbench.store.documents import Documents
from workbench.store.effort import Effort
from workbench.store.events import Events
from workbench.store.flags import Flags
from workbench.store.memory import Memory
from workbench.store.part import Part
from workbench.store.transaction import Connection, utc_now


def translation_from_row(row: Sequence) -> Translation:
    """Build a `Translation` from a `SELECT * FROM translations` row."""
    return Translation(
        id=row[0],
        segment_id=row[1],
        text=row[2],
        origin=Origin(row[3]),
        engine=row[4],
        model_id=row[5],
        score=row[6],
        author=row[7],
        created=row[8],
        parent_id=row[9],
        signature=row[10],
    )


class Reviews(Part):
    """The `translations` table: every version of every target, and the review actions that
    add them or change a segment's status."""

    def __init__(
        self,
        connection: Connection,
        *,
        documents: Documents,
        events: Events,
        flags: Flags,
        beads: Beads,
        memory: Memory,
        effort: Effort,
    ) -> None:
        super().__init__(connection)
        self.documents = documents
        self.events = events
        self.flags = flags
        self.beads = beads
        self.memory = memory
        self.effort = effort

    def record_translations(self, items: Sequence[NewTranslation], actor: str = "workbench") -> int:
        """Store MT/TM results with their QA flags and 1-1 beads in one transaction.

        A segment that already has a target is skipped, so a resumed batch never
        translates anything twice. Returns how many were recorded.
        """
        recorded = 0
        now = utc_now()
        with self.write() as conn:
            for item in items:
                row = conn.execute(
                    "SELECT document_id, current_translation_id, paragraph, idx FROM segments "
                    "WHERE id = ?",
                    (item.segment_id,),
                ).fetchone()
                if row is None or row[1] is not None:
                    continue
                document_id, _, paragraph, idx = row
                translation_id = self.insert_translation(
                    conn,
                    item.segment_id,
                    item.text,
                    item.origin,
                    item.author or actor,
                    now,
                    parent_id=None,
                    engine=item.engine,
                    model_id=item.model_id,
                    score=item.score,
                    signature=item.signature,
                )
                self.documents.set_target(
                    conn, item.segment_id, translation_id, SegmentStatus.TRANSLATED, now
                )
                self.flags.insert(conn, item.segment_id, translation_id, item.flags)
                self.beads.add_mt_bead(
                    conn, document_id, item.segment_id, paragraph, idx, str(item.origin), now
                )
                recorded += 1
        return recorded

    def save_edit(
        self, segment_id: int, text: str, author: str, base_translation_id: int | None
    ) -> Translation:
        """Save a reviewer's target as a new human version; status becomes edited."""
        return self._new_version(segment_id, text, author, base_translation_id, "edit")

    def revert(self, segment_id: int, author: str, base_translation_id: int | None) -> Translation:
        """Make the version the current one was made from current again, as a new version."""
        history = self.history(segment_id)
        current_id = base_translation_id
        if current_id is None:
            current_id = self.documents.segment(segment_id).translation_id
        # The version this one was made from: never one of another segment state (see
        # `Restructure.revert` for a merge's version).
        parent_id = next((t.parent_id for t in history if t.id == current_id), None)
        previous = next((t for t in history if t.id == parent_id), None)
        if previous is None:
            raise InputError(f"segment {segment_id} has no earlier version to revert to")
        return self._new_version(
            segment_id, previous.text, author, base_translation_id, "revert", origin=previous.origin
        )

    def approve(
        self,
        segment_id: int,
        reviewer: str,
        *,
        base_translation_id: int | None = None,
        comment: str | None = None,
    ) -> None:
        """Approve the current version; refused for an empty target or a boilerplate segment."""
        now = utc_now()
        with self.write() as conn:
            segment = self.check_base(conn, segment_id, base_translation_id, None, reviewer)
            role = conn.execute("SELECT role FROM users WHERE name = ?", (reviewer,)).fetchone()
            if role is None and conn.execute("SELECT 1 FROM users LIMIT 1").fetchone():
                # With accounts, a name approves only as the account it exactly is.
                raise InputError(
                    f"{reviewer!r} is not an account of this store: approving needs a reviewer "
                    "account",
                    hint="see `workbench users list`",
                )
            if role is not None and role[0] != Role.REVIEWER:
                raise InputError(f"{reviewer} is a {role[0]}: approving needs the reviewer role")
            if not segment["translatable"]:
                raise InputError(f"segment {segment_id} is boilerplate; it cannot be approved")
            if not (segment["text"] or "").strip():
                raise InputError(f"segment {segment_id} has an empty target; it cannot be approved")
            self.documents.set_review(
                conn, segment_id, SegmentStatus.APPROVED, reviewer, now, comment
            )
            # A merged lead's target translates its members too: the memory keys on all of them.
            merged_source = self.documents.segment(segment_id).source
            self.effort.record(conn, segment_id, segment["tid"], segment["text"], reviewer, now)
            self.memory.add_approved(conn, segment_id, merged_source, segment["text"], now)
            self.events.record(
                conn,
                reviewer,
                "approve",
                document_id=segment["document_id"],
                segment_id=segment_id,
                details=json.dumps({"translation_id": segment["tid"]}),
            )

    def approve_many(
        self,
        document_id: int,
        segment_ids: Sequence[int],
        reviewer: str,
        *,
        force: bool = False,
    ) -> int:
        """Approve several segments of one document, all or none; returns how many.

        Segments with a QA error are refused (naming them) unless `force` is given.
        """
        self.documents.get(document_id)
        owned = {
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM segments WHERE document_id = ? AND merged_into IS NULL",
                (document_id,),
            )
        }
        strangers = [i for i in segment_ids if i not in owned]
        if strangers:
            raise InputError(
                f"segment {strangers[0]} is not a segment of document {document_id}",
                hint=f"see `workbench segments {document_id}`",
            )
        if not force:
            self._refuse_errors(segment_ids)
        with self.write():
            for segment_id in segment_ids:
                self.approve(segment_id, reviewer)
        return len(segment_ids)

    def _refuse_errors(self, segment_ids: Sequence[int]) -> None:
        wanted = set(segment_ids)
        flagged = {
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT segment_id FROM qa_flags WHERE severity = 'error'"
            )
            if row[0] in wanted
        }
        if flagged:
            names = ", ".join(str(i) for i in segment_ids if i in flagged)
            many = len(flagged) > 1
            raise InputError(
                f"segment{'s' if many else ''} {names} {'have' if many else 'has'} QA errors; "
                "nothing approved",
                hint="see `workbench qa DOC`; fix the targets or pass --force",
            )

    def reject(self, segment_id: int, reviewer: str, comment: str | None = None) -> None:
        """Reject the current version, with an optional comment for the translator."""
        now = utc_now()
        with self.write() as conn:
            segment = self.check_base(conn, segment_id, None, None, reviewer)
            if not segment["translatable"]:
                raise InputError(f"segment {segment_id} is boilerplate; it cannot be rejected")
            self.documents.set_review(
                conn, segment_id, SegmentStatus.REJECTED, reviewer, now, comment
            )
            self.events.record(
                conn,
                reviewer,
                "reject",
                document_id=segment["document_id"],
                segment_id=segment_id,
                details=comment,
            )

    def history(self, segment_id: int) -> list[Translation]:
        """Every version of a segment's target, oldest first."""
        rows = self.conn.execute(
            "SELECT id, segment_id, text, origin, engine, model_id, score, author, created, "
            "parent_id, signature FROM translations WHERE segment_id = ? ORDER BY id",
            (segment_id,),
        ).fetchall()
        return [translation_from_row(row) for row in rows]

    def approvals(self, segment_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Who approved each approved segment among `segment_ids`, and when."""
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(segment_ids), 500):
            chunk = list(segment_ids[start : start + 500])
            for segment_id, reviewer, when in self.conn.execute(
                f"SELECT id, reviewer, reviewed_at FROM segments WHERE status = ? "
                f"AND id IN ({','.join('?' * len(chunk))})",
                [str(SegmentStatus.APPROVED), *chunk],
            ):
                found[segment_id] = (reviewer, when)
        return found

    def mt_version(self, segment_id: int) -> Translation | None:
        """The first machine (or memory) translation of a segment, the reviewer's reference."""
        for version in self.history(segment_id):
            if version.origin in (Origin.MT, Origin.TM):
                return version
        return None

    def _new_version(
        self,
        segment_id: int,
        text: str,
        author: str,
        base_translation_id: int | None,
        action: str,
        origin: Origin = Origin.HUMAN,
    ) -> Translation:
        now = utc_now()
        conflict: ConflictError | None = None
        with self.write() as conn:
            try:
                segment = self.check_base(conn, segment_id, base_translation_id, text, author)
            except ConflictError as exc:
                conflict = exc
            else:
                translation_id = self.insert_translation(
                    conn, segment_id, text, origin, author, now, parent_id=segment["tid"]
                )
                self.documents.set_target(
                    conn, segment_id, translation_id, SegmentStatus.EDITED, now, clear_review=True
                )
                self.events.record(
                    conn,
                    author,
                    action,
                    document_id=segment["document_id"],
                    segment_id=segment_id,
                    details=json.dumps({"translation_id": translation_id}),
                )
        if conflict is not None:
            raise conflict
        return self.history(segment_id)[-1]

    def check_base(
        self,
        conn: sqlite3.Connection,
        segment_id: int,
        base_translation_id: int | None,
        losing_text: str | None,
        actor: str,
    ) -> dict:
        """The segment's current state, inside a write; `ConflictError` if its current version
        is no longer `base_translation_id` (then `losing_text` is kept in history)."""
        row = conn.execute(
            "SELECT s.document_id, s.current_translation_id, s.translatable, s.source, t.text "
            "FROM segments s LEFT JOIN translations t ON t.id = s.current_translation_id "
            "WHERE s.id = ?",
            (segment_id,),
        ).fetchone()
        if row is None:
            raise InputError(f"no segment {segment_id} in the store")
        segment = {
            "document_id": row[0],
            "tid": row[1],
            "translatable": bool(row[2]),
            "source": row[3],
            "text": row[4],
        }
        if base_translation_id is not None and base_translation_id != row[1]:
            if losing_text is not None:
                # Keep the loser's text in history (not current) so no work is lost.
                self.insert_translation(
                    conn,
                    segment_id,
                    losing_text,
                    Origin.HUMAN,
                    actor,
                    utc_now(),
                    parent_id=base_translation_id,
                    note="conflict",
                )
                self.events.record(
                    conn, actor, "conflict", document_id=row[0], segment_id=segment_id
                )
            raise ConflictError(
                f"segment {segment_id} was changed by someone else since you opened it",
                hint="reload it; your text is kept in its history",
            )
        return segment

    @staticmethod
    def insert_translation(
        conn: sqlite3.Connection,
        segment_id: int,
        text: str,
        origin: Origin,
        author: str,
        now: str,
        *,
        parent_id: int | None,
        engine: str | None = None,
        model_id: str | None = None,
        score: float | None = None,
        signature: str | None = None,
        note: str | None = None,
    ) -> int:
        """Add a version of a segment's target inside the caller's write; returns its id."""
        cursor = conn.execute(
            "INSERT INTO translations (segment_id, text, origin, engine, model_id, score, author, "
            "created, parent_id, signature, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                segment_id,
                text,
                str(origin),
                engine,
                model_id,
                score,
                author,
                now,
                parent_id,
                signature,
                note,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid
