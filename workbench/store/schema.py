"""The schema as an ordered list of migrations; a database's version is how many have run.

Each migration is a named function applied in one transaction with its `user_version` bump.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_initial, _accounts]
SCHEMA_VERSION = len(MIGRATIONS)
