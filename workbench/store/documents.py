"""Documents and segments: adding an ingested document, listing and paging its segments, and
the writes that move a segment's target, review state, boilerplate flag or merge (rows become
records in `rows`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from workbench.errors import InputError
from workbench.records import (
    Document,
    DocumentSummary,
    NewSegment,
    Segment,
    SegmentStatus,
)
from workbench.store.events import Events
from workbench.store.folding import fold
from workbench.store.part import Part
from workbench.store.rows import (
    ORDERS,
    SEGMENT_COLUMNS,
    SEGMENT_FROM,
    SOURCE_MATCH,
    document_from_row,
    segment_from_row,
    with_members,
)
from workbench.store.transaction import Connection, utc_now


class Documents(Part):
    """The `documents` and `segments` tables."""

    def __init__(self, connection: Connection, events: Events) -> None:
        super().__init__(connection)
        self.events = events

    def add(
        self,
        *,
        path: str,
        title: str,
        sha256: str,
        source_lang: str,
        target_lang: str,
        segments: Sequence[NewSegment],
        role: str = "source",
        actor: str = "workbench",
        original: bytes | None = None,
    ) -> tuple[Document, bool]:
        """Store a document and its segments; an identical earlier ingest is returned as is.

        Returns the document and whether it was newly added. A changed file under a
        path already stored becomes the next revision. `original` is an office document's
        file, kept with this revision for writing the translation back into it.
        """
        now = utc_now()
        with self.write() as conn:
            # Looked up inside the write lock: a concurrent ingest of the same file either
            # committed first (found here) or waits until this one has.
            existing = conn.execute(
                "SELECT * FROM documents WHERE sha256 = ? AND role = ? AND source_lang = ? "
                "AND target_lang = ?",
                (sha256, role, source_lang, target_lang),
            ).fetchone()
            if existing:
                return document_from_row(existing), False
            (revision,) = conn.execute(
                "SELECT coalesce(max(revision), 0) + 1 FROM documents WHERE path = ?", (path,)
            ).fetchone()
            cursor = conn.execute(
                "INSERT INTO documents (path, title, sha256, source_lang, target_lang, role, "
                "revision, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (path, title, sha256, source_lang, target_lang, role, revision, now),
            )
            document_id = cursor.lastrowid
            assert document_id is not None
            conn.executemany(
                "INSERT INTO segments (document_id, paragraph, idx, source, gap, kind, lang, "
                "lang_prob, translatable, status, updated, block, lead) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        document_id,
                        s.paragraph,
                        s.index,
                        s.source,
                        s.gap,
                        str(s.kind),
                        s.lang,
                        s.lang_prob,
                        int(s.translatable),
                        str(SegmentStatus.NEW),
                        now,
                        s.block,
                        s.lead,
                    )
                    for s in segments
                ],
            )
            if original is not None:
                conn.execute(
                    "INSERT INTO document_originals (document_id, data) VALUES (?, ?)",
                    (document_id, original),
                )
            self.events.record(conn, actor, "ingest", document_id=document_id, details=path)
        return self.get(document_id), True

    def original(self, document_id: int) -> bytes | None:
        """The file an office document was ingested from, or None for a text one."""
        row = self.conn.execute(
            "SELECT data FROM document_originals WHERE document_id = ?", (document_id,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def get(self, document_id: int) -> Document:
        """The document with this id, or `InputError`."""
        # An id SQLite cannot hold names no document; asking would raise OverflowError.
        in_range = -(2**63) <= document_id < 2**63
        row = (
            self.conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
            if in_range
            else None
        )
        if row is None:
            raise InputError(
                f"no document {document_id} in the store", hint="see `workbench documents`"
            )
        return document_from_row(row)

    def summaries(self) -> list[DocumentSummary]:
        """Every document with segment counts and last activity, oldest first.

        A reference translation (role target, from `workbench align`) is no work to do: it
        has no progress counts and follows the source it translates.
        """
        summaries = self.summaries_of()
        # Each reference right after the source it translates.
        return sorted(summaries, key=lambda s: (s.reference_of or s.document.id, s.document.id))

    def list_all(self) -> list[Document]:
        """Every document without counts, oldest first (cheap: one narrow table)."""
        rows = self.conn.execute("SELECT * FROM documents ORDER BY id").fetchall()
        return [document_from_row(row) for row in rows]

    def summaries_of(self, document_ids: Sequence[int] | None = None) -> list[DocumentSummary]:
        """Counts and last activity of these documents (a page of a table) or of all, in order."""
        where, params = "", list(document_ids or ())
        if document_ids is not None:
            where = f"AND document_id IN ({','.join('?' * len(params))})"
        # One grouped pass over a narrow covering index, and one index seek per document
        # for its last event: per-document count subqueries took seconds at 10,000.
        counts = {
            row[0]: row[1:]
            for row in self.conn.execute(
                f"""
                SELECT document_id, count(*), sum(translatable),
                    sum(translatable AND current_translation_id IS NOT NULL),
                    sum(translatable AND status = 'approved')
                FROM segments WHERE merged_into IS NULL {where} GROUP BY document_id
                """,
                params,
            )
        }
        rows = self.conn.execute(
            "SELECT d.*, (SELECT max(time) FROM events e WHERE e.document_id = d.id) "
            f"FROM documents d WHERE 1 {where.replace('document_id', 'd.id')} ORDER BY d.id",
            params,
        ).fetchall()
        references = self._reference_sources([row[0] for row in rows if row[6] == "target"])
        summaries: dict[int, DocumentSummary] = {}
        for row in rows:
            segments, translatable, translated, approved = counts.get(row[0], (0, 0, 0, 0))
            if row[6] == "target":
                translatable = translated = approved = 0
            summaries[row[0]] = DocumentSummary(
                document_from_row(row[:9]),
                segments,
                translatable,
                translated,
                approved,
                row[9],
                references.get(row[0]),
            )
        if document_ids is None:
            return list(summaries.values())
        return [summaries[i] for i in document_ids if i in summaries]

    def _reference_sources(self, target_ids: Sequence[int]) -> dict[int, int]:
        """The source document each reference translation was last aligned with."""
        if not target_ids:
            return {}
        rows = self.conn.execute(
            "SELECT target_document_id, source_document_id FROM beads WHERE superseded = 0 "
            f"AND target_document_id IN ({','.join('?' * len(target_ids))}) ORDER BY id",
            list(target_ids),
        )
        return dict(rows.fetchall())  # the newest bead wins

    def language_pairs(self, document_ids: Sequence[int] = ()) -> set[tuple[str, str]]:
        """The (source, target) pairs of the given source documents, or of all of them."""
        sql = "SELECT DISTINCT source_lang, target_lang FROM documents WHERE role = 'source'"
        if document_ids:
            sql += f" AND id IN ({','.join('?' * len(document_ids))})"
        return {(row[0], row[1]) for row in self.conn.execute(sql, list(document_ids))}

    def segment(self, segment_id: int) -> Segment:
        """One segment with its current target, or `InputError`."""
        found = self.segments_by_ids([segment_id])
        if not found:
            raise InputError(f"no segment {segment_id} in the store")
        return found[0]

    def segment_ids(
        self,
        document_id: int,
        *,
        status: SegmentStatus | None = None,
        search: str | None = None,
        order: str = "position",
        translatable_only: bool = False,
    ) -> list[int]:
        """Ids of a document's visible segments in display order, filtered; cheap for paging."""
        where, params = self._filters(document_id, status, search, translatable_only)
        rows = self.conn.execute(
            f"SELECT s.id {SEGMENT_FROM} WHERE {where} ORDER BY {ORDERS[order]}", params
        ).fetchall()
        return [row[0] for row in rows]

    def segments(
        self,
        document_id: int,
        *,
        status: SegmentStatus | None = None,
        search: str | None = None,
        order: str = "position",
        translatable_only: bool = False,
    ) -> list[Segment]:
        """A document's visible segments (merged-away ones fold into their lead), filtered."""
        self.get(document_id)
        return self.segments_by_ids(
            self.segment_ids(
                document_id,
                status=status,
                search=search,
                order=order,
                translatable_only=translatable_only,
            )
        )

    def segments_by_ids(self, segment_ids: Sequence[int]) -> list[Segment]:
        """Segments for the given ids, in the order given (a page of a table)."""
        found: dict[int, Segment] = {}
        for start in range(0, len(segment_ids), 500):
            chunk = list(segment_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            members: dict[int, list[tuple[str, str]]] = {}
            for lead, source, gap in self.conn.execute(
                f"SELECT merged_into, source, gap FROM segments WHERE merged_into IN ({marks}) "
                "ORDER BY paragraph, idx",
                chunk,
            ):
                members.setdefault(lead, []).append((source, gap))
            for row in self.conn.execute(
                f"SELECT {SEGMENT_COLUMNS} {SEGMENT_FROM} WHERE s.id IN ({marks})", chunk
            ):
                found[row[0]] = with_members(segment_from_row(row), members.get(row[0], []))
        return [found[i] for i in segment_ids if i in found]

    def untranslated_segments(self, document_id: int) -> list[Segment]:
        """Translatable segments that have no target yet, in document order."""
        return [
            s
            for s in self.segments(document_id, translatable_only=True)
            if s.translation_id is None
        ]

    def translation_counts(self, document_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Per document: its translatable segments, and how many of them have a target."""
        counts = dict.fromkeys(document_ids, (0, 0))
        for start in range(0, len(document_ids), 500):
            chunk = list(document_ids[start : start + 500])
            for document_id, translatable, translated in self.conn.execute(
                "SELECT document_id, count(*), count(current_translation_id) FROM segments "
                f"WHERE document_id IN ({','.join('?' * len(chunk))}) AND translatable "
                "AND merged_into IS NULL GROUP BY document_id",
                chunk,
            ):
                counts[document_id] = (translatable, translated)
        return counts

    def merged_members(self, segment_id: int) -> list[Segment]:
        """The segments folded into `segment_id` by merges, in document order."""
        rows = self.conn.execute(
            f"SELECT {SEGMENT_COLUMNS} {SEGMENT_FROM} WHERE s.merged_into = ? "
            "ORDER BY s.paragraph, s.idx",
            (segment_id,),
        ).fetchall()
        return [segment_from_row(row) for row in rows]

    @staticmethod
    def _filters(
        document_id: int,
        status: SegmentStatus | None,
        search: str | None,
        translatable_only: bool,
    ) -> tuple[str, list]:
        clauses = ["s.document_id = ?", "s.merged_into IS NULL"]
        params: list = [document_id]
        if status is not None:
            clauses.append("s.status = ?")
            params.append(str(status))
        if translatable_only:
            clauses.append("s.translatable = 1")
        if search:
            clauses.append(f"({SOURCE_MATCH} OR instr(casefold(t.text), ?))")
            params += [fold(search)] * 2
        return " AND ".join(clauses), params

    def status_counts(self, document_id: int | None = None) -> dict[str, int]:
        """Translatable segments per status (all documents or one)."""
        params: list = []
        # Reference translations (role target) are not work: they count nowhere.
        where = (
            "translatable = 1 AND merged_into IS NULL AND document_id IN "
            "(SELECT id FROM documents WHERE role = 'source')"
        )
        if document_id is not None:
            where += " AND document_id = ?"
            params.append(document_id)
        counts = {str(status): 0 for status in SegmentStatus}
        for status, count in self.conn.execute(
            f"SELECT status, count(*) FROM segments WHERE {where} GROUP BY status", params
        ):
            counts[status] = count
        return counts

    def set_translatable(self, segment_id: int, translatable: bool, actor: str) -> None:
        """Flip a segment between translatable and boilerplate."""
        now = utc_now()
        with self.write() as conn:
            row = conn.execute(
                "SELECT document_id FROM segments WHERE id = ?", (segment_id,)
            ).fetchone()
            if row is None:
                raise InputError(f"no segment {segment_id} in the store")
            conn.execute(
                "UPDATE segments SET translatable = ?, version = version + 1, updated = ? "
                "WHERE id = ?",
                (int(translatable), now, segment_id),
            )
            self.events.record(
                conn,
                actor,
                "translatable" if translatable else "boilerplate",
                document_id=row[0],
                segment_id=segment_id,
            )

    # --- writes other parts make inside their own transaction ----------------------------

    @staticmethod
    def set_target(
        conn: sqlite3.Connection,
        segment_id: int,
        translation_id: int,
        status: SegmentStatus,
        now: str,
        *,
        clear_review: bool = False,
    ) -> None:
        """Make `translation_id` the segment's current target; `clear_review` forgets the
        last review (a human edit invalidates it)."""
        review = ""
        if clear_review:
            review = ", reviewer = NULL, reviewed_at = NULL, review_comment = NULL"
        conn.execute(
            "UPDATE segments SET current_translation_id = ?, status = ?, "
            f"version = version + 1, updated = ?{review} WHERE id = ?",
            (translation_id, str(status), now, segment_id),
        )

    @staticmethod
    def clear_target(conn: sqlite3.Connection, segment_id: int, now: str) -> None:
        """Leave the segment without a target, as it was before anything translated it."""
        conn.execute(
            "UPDATE segments SET current_translation_id = NULL, status = ?, reviewer = NULL, "
            "reviewed_at = NULL, review_comment = NULL, version = version + 1, updated = ? "
            "WHERE id = ?",
            (str(SegmentStatus.NEW), now, segment_id),
        )

    @staticmethod
    def set_review(
        conn: sqlite3.Connection,
        segment_id: int,
        status: SegmentStatus,
        reviewer: str,
        now: str,
        comment: str | None,
    ) -> None:
        """Record an approval or rejection on the segment."""
        conn.execute(
            "UPDATE segments SET status = ?, reviewer = ?, reviewed_at = ?, review_comment = ?, "
            "version = version + 1, updated = ? WHERE id = ?",
            (str(status), reviewer, now, comment, now, segment_id),
        )

    @staticmethod
    def merge_into(conn: sqlite3.Connection, lead_id: int, next_id: int, now: str) -> None:
        """Fold `next_id` and the segments already merged into it into `lead_id`."""
        conn.execute(
            "UPDATE segments SET merged_into = ?, updated = ? WHERE id = ? OR merged_into = ?",
            (lead_id, now, next_id, next_id),
        )

    @staticmethod
    def restore_members(conn: sqlite3.Connection, members: list[int], now: str) -> None:
        """Undo a merge: `members[0]` leads again the segments folded into it before the merge
        (`members[1:]`), inside the caller's write."""
        marks = ",".join("?" * len(members))
        conn.execute(
            f"UPDATE segments SET merged_into = CASE id WHEN ? THEN NULL ELSE ? END, "
            f"updated = ? WHERE id IN ({marks})",
            (members[0], members[0], now, *members),
        )
