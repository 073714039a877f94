"""Reviewer changes to segmentation: merging a segment with the next, splitting a target,
and reverting a merge.

The MT bead of the lead segment follows each change (1-1 → 2-1 on merge, → 1-2 on split);
old beads are superseded, never deleted, and the merged segment keeps its history. The merge
event records what the merge changed, so reverting the version it made undoes it whole.
"""

from __future__ import annotations

import json
import sqlite3

from workbench.errors import InputError
from workbench.records import Origin, SegmentStatus, Translation
from workbench.splits import map_offsets
from workbench.store.beads import Beads
from workbench.store.documents import Documents
from workbench.store.events import Events
from workbench.store.part import Part
from workbench.store.review import Reviews
from workbench.store.transaction import Connection, utc_now


class Restructure(Part):
    """Merge and split actions on a source document's MT beads (no table of its own: it moves
    segments, adds a target version and replaces beads through their parts)."""

    def __init__(
        self,
        connection: Connection,
        *,
        documents: Documents,
        reviews: Reviews,
        beads: Beads,
        events: Events,
    ) -> None:
        super().__init__(connection)
        self.documents = documents
        self.reviews = reviews
        self.beads = beads
        self.events = events

    def merge_with_next(
        self, segment_id: int, author: str, base_translation_id: int | None
    ) -> Translation:
        """Fold the next segment of the same paragraph into this one; targets are joined."""
        now = utc_now()
        with self.write() as conn:
            segment = self.reviews.check_base(conn, segment_id, base_translation_id, None, author)
            document_id, paragraph, idx = conn.execute(
                "SELECT document_id, paragraph, idx FROM segments WHERE id = ?", (segment_id,)
            ).fetchone()
            following = conn.execute(
                "SELECT s.id, t.text FROM segments s LEFT JOIN translations t "
                "ON t.id = s.current_translation_id WHERE s.document_id = ? AND s.paragraph = ? "
                "AND s.idx > ? AND s.merged_into IS NULL ORDER BY s.idx LIMIT 1",
                (document_id, paragraph, idx),
            ).fetchone()
            if following is None:
                raise InputError(
                    f"segment {segment_id} is the last of its paragraph; nothing to merge with"
                )
            next_id, next_text = following
            # What the merge changes, so that reverting its version can undo it whole.
            members = [next_id] + [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM segments WHERE merged_into = ? ORDER BY paragraph, idx",
                    (next_id,),
                )
            ]
            beads = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM beads WHERE lead_segment_id IN (?, ?) AND superseded = 0",
                    (segment_id, next_id),
                )
            ]
            # Sentences the reviewer split apart stay apart in the joined target.
            carried = _shifted(segment["text"] or "", self._splits_now(segment_id), 0)
            lead_length = len((segment["text"] or "").strip())
            carried += _shifted(
                next_text or "",
                self._splits_now(next_id),
                lead_length + 1 if lead_length else 0,
            )
            self.documents.merge_into(conn, segment_id, next_id, now)
            joined = " ".join(t.strip() for t in (segment["text"], next_text) if t and t.strip())
            translation_id = self.reviews.insert_translation(
                conn, segment_id, joined, Origin.HUMAN, author, now, parent_id=segment["tid"]
            )
            self.documents.set_target(conn, segment_id, translation_id, SegmentStatus.EDITED, now)
            source_ids = [segment_id] + [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM segments WHERE merged_into = ? ORDER BY paragraph, idx",
                    (segment_id,),
                )
            ]
            self.beads.replace_mt_bead(
                conn,
                document_id,
                segment_id,
                source_ids,
                carried,
                author,
                now,
                superseding=(segment_id, next_id),
            )
            self.events.record(
                conn,
                author,
                "merge",
                document_id=document_id,
                segment_id=segment_id,
                details=json.dumps(
                    {
                        "merged": next_id,
                        "members": members,
                        "translation_id": translation_id,
                        "beads": beads,
                    }
                ),
            )
        return self.reviews.history(segment_id)[-1]

    def revert(self, segment_id: int, author: str, base_translation_id: int | None) -> list[int]:
        """Make the previous version current again; returns the segments a merge had folded in.

        A version a merge made is reverted with its merge: the folded segments come back with
        the targets they had (a merge never changes those), the lead's own target from before
        is current again, and so are the beads from before; so no target ever covers less
        source than its segment shows.
        """
        now = utc_now()
        with self.write() as conn:
            segment = self.reviews.check_base(conn, segment_id, base_translation_id, None, author)
            merge = _merge_that_made(conn, segment_id, segment["tid"])
            if merge is None:
                self.reviews.revert(segment_id, author, base_translation_id)
                return []
            members: list[int] = merge["members"]
            self.documents.restore_members(conn, members, now)
            # The lead's own target from before the merge is current again, as it was.
            previous = conn.execute(
                "SELECT p.id, p.origin FROM translations t JOIN translations p "
                "ON p.id = t.parent_id WHERE t.id = ?",
                (segment["tid"],),
            ).fetchone()
            if previous is None:  # the lead had no target before the merge
                self.documents.clear_target(conn, segment_id, now)
            else:
                machine = previous[1] in (Origin.MT, Origin.TM)
                status = SegmentStatus.TRANSLATED if machine else SegmentStatus.EDITED
                self.documents.set_target(
                    conn, segment_id, previous[0], status, now, clear_review=True
                )
            self.beads.restore_mt_beads(conn, segment_id, merge["beads"])
            self.events.record(
                conn,
                author,
                "unmerge",
                document_id=segment["document_id"],
                segment_id=segment_id,
                details=json.dumps({"members": members}),
            )
        return members

    def split_target(
        self, segment_id: int, offset: int, author: str, base_translation_id: int | None
    ) -> None:
        """Record that the target splits into two sentences at `offset` (a 1-2 bead)."""
        now = utc_now()
        with self.write() as conn:
            segment = self.reviews.check_base(conn, segment_id, base_translation_id, None, author)
            text = segment["text"] or ""
            if not (text[:offset].strip() and text[offset:].strip()):
                raise InputError("put the cursor between two sentences of the target to split it")
            row = conn.execute(
                "SELECT source_ids, target_splits FROM beads WHERE lead_segment_id = ? "
                "AND superseded = 0 ORDER BY id DESC LIMIT 1",
                (segment_id,),
            ).fetchone()
            source_ids = json.loads(row[0]) if row else [segment_id]
            splits = sorted(set(self._splits_now(segment_id)) | {offset})
            self.beads.replace_mt_bead(
                conn,
                segment["document_id"],
                segment_id,
                source_ids,
                splits,
                author,
                now,
                superseding=(segment_id,),
            )
            self.events.record(
                conn,
                author,
                "split",
                document_id=segment["document_id"],
                segment_id=segment_id,
                details=json.dumps({"offset": offset}),
            )

    def _splits_now(self, segment_id: int) -> list[int]:
        """The recorded splits moved onto the segment's current target."""
        recorded = self.beads.target_split(segment_id)
        if recorded is None:
            return []
        current = self.documents.segment(segment_id).target or ""
        return map_offsets(recorded[0], current, recorded[1])


def _merge_that_made(
    conn: sqlite3.Connection, segment_id: int, translation_id: int | None
) -> dict | None:
    """The details of the merge that made `translation_id` the lead's target, if one did."""
    for (details,) in conn.execute(
        "SELECT details FROM events WHERE segment_id = ? AND action = 'merge' ORDER BY id DESC",
        (segment_id,),
    ):
        merge = json.loads(details)
        if merge.get("translation_id") == translation_id:
            return merge
    return None


def _shifted(text: str, splits: list[int], base: int) -> list[int]:
    """Offsets in `text` as offsets in a join that starts `text.strip()` at `base`."""
    leading = len(text) - len(text.lstrip())
    return [base + offset - leading for offset in splits]
