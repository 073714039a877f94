"""The schema as an ordered list of migrations; a database's version is how many have run.

Each migration is a named function applied in one transaction with its `user_version` bump.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from workbench.store.effort import backfill_approval_effort
from workbench.textkeys import normalise


def _run(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first and break the one-transaction rule.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            title TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'source' CHECK (role IN ('source', 'target')),
            revision INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL,
            UNIQUE (sha256, role, source_lang, target_lang)
        );
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            paragraph INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            source TEXT NOT NULL,
            gap TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            lang TEXT NOT NULL,
            lang_prob REAL NOT NULL DEFAULT 0,
            translatable INTEGER NOT NULL CHECK (translatable IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'new',
            current_translation_id INTEGER REFERENCES translations(id),
            merged_into INTEGER REFERENCES segments(id),
            version INTEGER NOT NULL DEFAULT 0,
            reviewer TEXT,
            reviewed_at TEXT,
            review_comment TEXT,
            updated TEXT NOT NULL,
            UNIQUE (document_id, paragraph, idx)
        );
        CREATE INDEX segments_status ON segments(document_id, status);
        CREATE INDEX segments_merged ON segments(merged_into) WHERE merged_into IS NOT NULL;
        CREATE TABLE translations (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            text TEXT NOT NULL,
            origin TEXT NOT NULL,
            engine TEXT,
            model_id TEXT,
            score REAL,
            author TEXT,
            created TEXT NOT NULL,
            parent_id INTEGER REFERENCES translations(id),
            signature TEXT,
            note TEXT
        );
        CREATE INDEX translations_segment ON translations(segment_id, id);
        CREATE TABLE beads (
            id INTEGER PRIMARY KEY,
            source_document_id INTEGER NOT NULL REFERENCES documents(id),
            target_document_id INTEGER REFERENCES documents(id),
            lead_segment_id INTEGER REFERENCES segments(id),
            ordinal INTEGER NOT NULL,
            source_ids TEXT NOT NULL,
            target_ids TEXT NOT NULL,
            target_parts INTEGER NOT NULL,
            target_splits TEXT NOT NULL DEFAULT '[]',
            bead_type TEXT NOT NULL,
            score REAL NOT NULL,
            method TEXT NOT NULL,
            author TEXT,
            created TEXT NOT NULL,
            superseded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX beads_document ON beads(source_document_id, superseded, ordinal);
        CREATE INDEX beads_lead ON beads(lead_segment_id, superseded);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            segment_id INTEGER,
            details TEXT
        );
        CREATE INDEX events_segment ON events(segment_id);
        CREATE TABLE tm_entries (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            source_key TEXT NOT NULL,
            origin TEXT NOT NULL,
            segment_id INTEGER,
            created TEXT NOT NULL,
            UNIQUE (source_lang, target_lang, source_key, target)
        );
        CREATE INDEX tm_key ON tm_entries(source_lang, target_lang, source_key);
        CREATE TABLE tm_suggestions (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            score REAL NOT NULL
        );
        CREATE INDEX tm_suggestions_segment ON tm_suggestions(segment_id);
        CREATE TABLE glossary (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            note TEXT,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE (source_lang, target_lang, source, target)
        );
        CREATE TABLE qa_flags (
            id INTEGER PRIMARY KEY,
            segment_id INTEGER NOT NULL REFERENCES segments(id),
            translation_id INTEGER REFERENCES translations(id),
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            span_start INTEGER,
            span_end INTEGER
        );
        CREATE INDEX qa_flags_segment ON qa_flags(segment_id);
        """,
    )


def _translator_aids(conn: sqlite3.Connection) -> None:
    """Settings, the user's spelling words, repetition keys, learned post-edit rules."""
    _run(
        conn,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE user_words (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            lang TEXT NOT NULL,
            author TEXT,
            created TEXT NOT NULL,
            UNIQUE (lang, word)
        );
        CREATE TABLE postedit_rules (
            id INTEGER PRIMARY KEY,
            candidate TEXT NOT NULL UNIQUE,
            find TEXT NOT NULL,
            replace TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            author TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE learn_decisions (
            candidate TEXT PRIMARY KEY,
            decision TEXT NOT NULL CHECK (decision IN ('glossary', 'rule', 'rejected')),
            author TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE segment_keys (
            segment_id INTEGER PRIMARY KEY REFERENCES segments(id),
            source_key TEXT NOT NULL
        );
        CREATE INDEX segment_keys_key ON segment_keys(source_key)
        """,
    )


def _article_layout(conn: sqlite3.Connection) -> None:
    # What the renderer needs to rebuild a paragraph's place on the page; documents stored
    # before this migration render every paragraph as a plain one after a blank line.
    _run(
        conn,
        """
        ALTER TABLE segments ADD COLUMN block TEXT NOT NULL DEFAULT 'p';
        ALTER TABLE segments ADD COLUMN lead TEXT NOT NULL DEFAULT ''
        """,
    )


def repair_merged_tm_sources(conn: sqlite3.Connection) -> None:
    """Give approved memory entries of merged segments the merged source they translate.

    Before this fix an approved 2-1 bead entered the memory keyed on its lead sentence
    alone. An entry made after a merge gets the lead plus every member that had joined it
    by then; a member joins with the merge that folded in the first segment of its run.
    """

    leads = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT merged_into FROM segments WHERE merged_into IS NOT NULL"
        )
    ]
    for lead in leads:
        own_source, own_gap = conn.execute(
            "SELECT source, gap FROM segments WHERE id = ?", (lead,)
        ).fetchone()
        joined_at = {
            json.loads(details)["merged"]: time
            for time, details in conn.execute(
                "SELECT time, details FROM events WHERE action = 'merge' AND segment_id = ?",
                (lead,),
            )
        }
        timeline: list[tuple[str | None, str]] = []
        run_time: str | None = None
        for member_id, source, gap in conn.execute(
            "SELECT id, source, gap FROM segments WHERE merged_into = ? ORDER BY paragraph, idx",
            (lead,),
        ):
            run_time = joined_at.get(member_id, run_time)
            timeline.append((run_time, source + gap))
        entries = conn.execute(
            "SELECT id, source, target, source_lang, target_lang, created FROM tm_entries "
            "WHERE segment_id = ? AND origin = 'approved'",
            (lead,),
        ).fetchall()
        for entry_id, source, target, source_lang, target_lang, created in entries:
            joined = "".join(
                text for time, text in timeline if time is not None and time <= created
            )
            merged = (own_source + own_gap + joined).rstrip() if joined else own_source
            if merged == source:
                continue
            key = normalise(merged)
            clash = conn.execute(
                "SELECT 1 FROM tm_entries WHERE source_lang = ? AND target_lang = ? "
                "AND source_key = ? AND target = ? AND id != ?",
                (source_lang, target_lang, key, target, entry_id),
            ).fetchone()
            if clash:
                conn.execute("DELETE FROM tm_entries WHERE id = ?", (entry_id,))
            else:
                conn.execute(
                    "UPDATE tm_entries SET source = ?, source_key = ? WHERE id = ?",
                    (merged, key, entry_id),
                )


def _archive_indexes(conn: sqlite3.Connection) -> None:
    # At 10,000 documents the documents listing scanned the whole event log once per
    # document for its last activity (~6 s per 100 documents): one seek each with this index.
    # Its progress counts read a narrow covering index instead of every segment's text.
    _run(
        conn,
        """
        CREATE INDEX events_document ON events(document_id, time);
        CREATE INDEX segments_progress ON segments(
            document_id, merged_into, translatable, status, current_translation_id
        )
        """,
    )


def _accounts(conn: sqlite3.Connection) -> None:
    """Reviewer accounts for `workbench serve`, and every login attempt."""
    _run(
        conn,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('translator', 'reviewer')),
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE login_attempts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            time TEXT NOT NULL,
            success INTEGER NOT NULL CHECK (success IN (0, 1))
        );
        CREATE INDEX login_attempts_name ON login_attempts(name, id);
        """,
    )


def _approval_effort(conn: sqlite3.Connection) -> None:
    """Effort figures of every standing approval, measured once (see store.effort)."""
    # A row lives exactly as long as its approval: the trigger drops it in the transaction
    # that edits, reverts, merges or rejects the segment, so stats need no join to segments.
    _run(
        conn,
        """
        CREATE TABLE approval_effort (
            segment_id INTEGER PRIMARY KEY REFERENCES segments(id),
            translation_id INTEGER NOT NULL REFERENCES translations(id),
            document_id INTEGER NOT NULL REFERENCES documents(id),
            reviewer TEXT,
            ter REAL NOT NULL,
            chrf REAL NOT NULL,
            char_distance INTEGER NOT NULL,
            unchanged INTEGER NOT NULL CHECK (unchanged IN (0, 1)),
            seconds REAL NOT NULL
        );
        CREATE INDEX approval_effort_seconds ON approval_effort(seconds);
        CREATE INDEX approval_effort_document ON approval_effort(document_id, seconds);
        CREATE INDEX approval_effort_reviewer ON approval_effort(reviewer, seconds);
        CREATE INDEX documents_title ON documents(title)
        """,
    )
    # Executed whole: `_run` would split the trigger body at its semicolon.
    conn.execute(
        """
        CREATE TRIGGER approval_effort_superseded
        AFTER UPDATE OF status, current_translation_id ON segments
        WHEN NEW.status != 'approved'
            OR NEW.current_translation_id IS NOT OLD.current_translation_id
        BEGIN
            DELETE FROM approval_effort WHERE segment_id = NEW.id;
        END
        """
    )
    backfill_approval_effort(conn)


def _login_clients(conn: sqlite3.Connection) -> None:
    """Which client (browser address) each login attempt came from: back-off is per client."""
    _run(
        conn,
        """
        ALTER TABLE login_attempts ADD COLUMN client TEXT NOT NULL DEFAULT '';
        CREATE INDEX login_attempts_client ON login_attempts(client, id);
        CREATE INDEX login_attempts_time ON login_attempts(time)
        """,
    )


def _document_originals(conn: sqlite3.Connection) -> None:
    """An office document's file as ingested (DOCX, ODT, SRT): the English one is written into
    a copy of it, so its styles, images and timings come back unchanged."""
    _run(
        conn,
        """
        CREATE TABLE document_originals (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
            data BLOB NOT NULL
        )
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _initial,
    _translator_aids,
    repair_merged_tm_sources,
    _article_layout,
    _archive_indexes,
    _accounts,
    _approval_effort,
    _login_clients,
    _document_originals,
]
SCHEMA_VERSION = len(MIGRATIONS)
