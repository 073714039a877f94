"""Corpus-level tables: alignment beads, translation memory, glossary, QA flags, export rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.records import Bead, Event, ExportUnit, Flag, Origin, SegmentStatus, Severity
from workbench.stats import EffortSummary
from workbench.store.connection import utc_now
from workbench.store.effort import effort_summary
from workbench.store.restructure import RestructureMixin


@dataclass(frozen=True, slots=True)
class StoredBead:
    """A bead as stored: its place in the document and the texts on both sides."""

    id: int
    ordinal: int
    bead: Bead
    source_texts: tuple[str, ...]
    target_texts: tuple[str, ...]


class CorpusMixin(RestructureMixin):
    """Beads, translation memory, glossary, QA flags and export streams."""

    # --- alignment beads -------------------------------------------------------------

    def replace_beads(
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
            self._log(
                conn,
                author,
                "align",
                document_id=source_document_id,
                details=json.dumps({"target_document_id": target_document_id, "beads": len(beads)}),
            )
        return len(beads)

    def beads(self, source_document_id: int, target_document_id: int) -> list[StoredBead]:
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

    # --- translation memory ---------------------------------------------------------

    def add_tm_pairs(
        self,
        pairs: Iterable[tuple[str, str] | tuple[str, str, str, str]],
        *,
        source_lang: str,
        target_lang: str,
        origin: str = "import",
        chunk: int = 5_000,
    ) -> int:
        """Add (source, target[, source_lang, target_lang]) pairs to the memory in chunks, each
        committed as it fills; a pair without its own languages gets the given ones. Returns
        how many were new."""
        from workbench.tm import normalise

        added = 0
        batch: list[tuple] = []
        now = utc_now()

        def flush() -> int:
            with self.write() as conn:
                before = conn.total_changes
                conn.executemany(
                    "INSERT OR IGNORE INTO tm_entries (source, target, source_lang, target_lang, "
                    "source_key, origin, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
                return conn.total_changes - before

        for source, target, *languages in pairs:
            pair_source_lang, pair_target_lang = languages or (source_lang, target_lang)
            if source.strip() and target.strip():
                batch.append(
                    (
                        source,
                        target,
                        pair_source_lang,
                        pair_target_lang,
                        normalise(source),
                        origin,
                        now,
                    )
                )
            if len(batch) >= chunk:
                added += flush()
                batch.clear()
        if batch:
            added += flush()
        return added

    def tm_pairs(self, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
        """Every memory entry for a language pair, matched by BCP 47 prefix (an "sv-SE" entry
        serves "sv"). Ordered so the best-tagged entry for a source comes last, where
        `TranslationMemory` lets it win: other variants, then the bare language, then the exact
        tag; newest last within each."""
        from workbench.tm import language_tag, primary_language

        wanted = (language_tag(source_lang).lower(), language_tag(target_lang).lower())
        primary = (primary_language(source_lang), primary_language(target_lang))
        rank = "(CASE WHEN {col} = ? THEN 2 WHEN {col} = ? THEN 1 ELSE 0 END)"
        source_col = "lower(replace(source_lang, '_', '-'))"
        target_col = "lower(replace(target_lang, '_', '-'))"
        return [
            (row[0], row[1])
            for row in self.conn.execute(
                f"SELECT source, target FROM tm_entries "
                f"WHERE ({source_col} = ? OR {source_col} LIKE ? || '-%') "
                f"AND ({target_col} = ? OR {target_col} LIKE ? || '-%') "
                f"ORDER BY {rank.format(col=source_col)} + {rank.format(col=target_col)}, id",
                (
                    primary[0],
                    primary[0],
                    primary[1],
                    primary[1],
                    wanted[0],
                    primary[0],
                    wanted[1],
                    primary[1],
                ),
            )
        ]

    def tm_count(self) -> int:
        """How many entries the memory holds."""
        return self.conn.execute("SELECT count(*) FROM tm_entries").fetchone()[0]

    def record_suggestions(self, suggestions: Sequence[tuple[int, str, str, float]]) -> None:
        """Replace the fuzzy-match suggestions of the given segments: (segment, src, tgt, score)."""
        with self.write() as conn:
            conn.executemany(
                "DELETE FROM tm_suggestions WHERE segment_id = ?",
                sorted({(s[0],) for s in suggestions}),
            )
            conn.executemany(
                "INSERT INTO tm_suggestions (segment_id, source, target, score) "
                "VALUES (?, ?, ?, ?)",
                suggestions,
            )

    def suggestions(self, segment_id: int) -> list[tuple[str, str, float]]:
        """Stored fuzzy matches for a segment, best first: (source, target, score)."""
        return [
            (row[0], row[1], row[2])
            for row in self.conn.execute(
                "SELECT source, target, score FROM tm_suggestions WHERE segment_id = ? "
                "ORDER BY score DESC",
                (segment_id,),
            )
        ]

    # --- glossary -----------------------------------------------------------------

    def add_glossary_terms(
        self,
        terms: Iterable[tuple[str, str, str | None]],
        *,
        source_lang: str,
        target_lang: str,
    ) -> int:
        """Add (source, target, note) terms; returns how many were new."""
        now = utc_now()
        rows = [(s.strip(), t.strip(), n, source_lang, target_lang, now) for s, t, n in terms]
        if any(not s or not t for s, t, *_ in rows):
            raise InputError("a glossary term needs both a source and a target")
        with self.write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO glossary (source, target, note, source_lang, target_lang, "
                "created) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            return conn.total_changes - before

    def glossary_terms(
        self, source_lang: str = "sv", target_lang: str = "en"
    ) -> list[tuple[str, str, str | None]]:
        """The glossary for a language pair: (source, target, note), alphabetical."""
        return [
            (row[0], row[1], row[2])
            for row in self.conn.execute(
                "SELECT source, target, note FROM glossary WHERE source_lang = ? "
                "AND target_lang = ? ORDER BY lower(source)",
                (source_lang, target_lang),
            )
        ]

    # --- QA flags -----------------------------------------------------------------

    def replace_flags(self, items: Sequence[tuple[int, int | None, Sequence[Flag]]]) -> None:
        """Set the QA flags of segments: (segment id, translation id checked, flags)."""
        with self.write() as conn:
            for segment_id, translation_id, flags in items:
                conn.execute("DELETE FROM qa_flags WHERE segment_id = ?", (segment_id,))
                conn.executemany(
                    "INSERT INTO qa_flags (segment_id, translation_id, code, severity, message, "
                    "span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            segment_id,
                            translation_id,
                            f.code,
                            str(f.severity),
                            f.message,
                            f.start,
                            f.end,
                        )
                        for f in flags
                    ],
                )

    def flags(self, segment_id: int) -> list[Flag]:
        """The QA flags stored for a segment."""
        return [
            Flag(row[0], Severity(row[1]), row[2], row[3], row[4])
            for row in self.conn.execute(
                "SELECT code, severity, message, span_start, span_end FROM qa_flags "
                "WHERE segment_id = ? ORDER BY id",
                (segment_id,),
            )
        ]

    def document_flags(self, document_id: int) -> list[tuple[int, Flag]]:
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

    # --- streams for export and statistics --------------------------------------------

    def export_rows(
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
                members = self.merged_members(row[0])
                source = self.segment(row[0]).source
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

    def effort_summary(self, document_id: int | None = None) -> EffortSummary:
        """Post-editing effort of the approved segments that started from MT/TM (see `stats`)."""
        return effort_summary(self.conn, document_id)

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

    def events(self, segment_id: int | None = None, limit: int = 200) -> list[Event]:
        """The audit log, newest first (for one segment or all)."""
        sql = "SELECT id, time, actor, action, document_id, segment_id, details FROM events"
        params: list = []
        if segment_id is not None:
            sql += " WHERE segment_id = ?"
            params.append(segment_id)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        return [Event(*row) for row in self.conn.execute(sql, params)]
