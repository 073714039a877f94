"""The store: the only code that touches SQLite. `Store.open(path)` is the way in.

Domain actions are split by table family (documents, review, corpus) into mixins; each
action is one transaction and returns frozen records, never rows or cursors.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import TracebackType

from workbench.errors import StoreError
from workbench.store.accounts import AccountsMixin
from workbench.store.article import ArticleMixin
from workbench.store.connection import backup, connect, migrate, storage_error
from workbench.store.corpus import CorpusMixin
from workbench.store.learning import LearningMixin
from workbench.store.repetitions import RepetitionsMixin
from workbench.store.search import SearchMixin
from workbench.store.settings import SettingsMixin

__all__ = ["Store"]

# Tables whose content is the user's work; `content_digest` hashes them in a stable order.
_LOGICAL_TABLES = (
    "documents",
    "segments",
    "translations",
    "beads",
    "tm_entries",
    "glossary",
    "qa_flags",
)


class Store(
    ArticleMixin,
    CorpusMixin,
    SearchMixin,
    RepetitionsMixin,
    SettingsMixin,
    LearningMixin,
    AccountsMixin,
):
    """An open workbench database."""

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (creating and migrating if needed) the store at `path`."""
        path = Path(path)
        conn = connect(path, create=create)
        try:
            migrate(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
        # A damaged page or a lock held too long surfaces mid-query; say which store it is.
        if isinstance(exc, sqlite3.DatabaseError):
            raise storage_error(exc, self.path) from exc

    def backup(self, target: str | Path) -> Path:
        """Write a consistent copy of the live store to `target` (SQLite online backup)."""
        return backup(self.conn, Path(target), source=self.path)

    def check(self) -> list[str]:
        """Problems found by `PRAGMA integrity_check` and the workbench's own invariants."""
        problems = [
            row[0]
            for row in self.conn.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        problems += [
            f"foreign key: {row[0]} row {row[1]} → {row[2]}"
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        checks = {
            "segment's current version belongs to another segment": (
                "SELECT s.id FROM segments s JOIN translations t "
                "ON t.id = s.current_translation_id WHERE t.segment_id != s.id"
            ),
            "segment has a target but status new": (
                "SELECT id FROM segments WHERE current_translation_id IS NOT NULL "
                "AND status = 'new'"
            ),
            "segment is approved without a target": (
                "SELECT id FROM segments WHERE status = 'approved' "
                "AND current_translation_id IS NULL"
            ),
            "boilerplate segment has a machine translation": (
                "SELECT s.id FROM segments s JOIN translations t ON t.segment_id = s.id "
                "WHERE s.translatable = 0 AND t.origin = 'mt' AND s.id NOT IN "
                "(SELECT segment_id FROM events WHERE action = 'boilerplate' "
                "AND segment_id IS NOT NULL)"
            ),
            # Stats read only these figures; an approval path that skipped them would go unseen.
            "approved segment has no effort figures": (
                "SELECT s.id FROM segments s WHERE s.status = 'approved' AND EXISTS "
                "(SELECT 1 FROM translations m WHERE m.segment_id = s.id "
                "AND m.origin IN ('mt', 'tm')) AND NOT EXISTS (SELECT 1 FROM approval_effort e "
                "WHERE e.segment_id = s.id AND e.translation_id = s.current_translation_id "
                "AND e.reviewer IS s.reviewer)"
            ),
            "effort figures outlived their approval": (
                "SELECT e.segment_id FROM approval_effort e JOIN segments s "
                "ON s.id = e.segment_id WHERE s.status != 'approved'"
            ),
            # Versions the engine made; a revert to MT copies the origin but not the engine.
            "translated segment has more than one machine translation": (
                "SELECT segment_id FROM translations WHERE origin = 'mt' AND engine IS NOT NULL "
                "GROUP BY segment_id HAVING count(*) > 1"
            ),
        }
        for problem, sql in checks.items():
            problems += [f"segment {row[0]}: {problem}" for row in self.conn.execute(sql)]
        return problems

    def table_bytes(self) -> dict[str, int]:
        """Bytes each table and index takes in the file (SQLite's dbstat), largest first."""
        rows = self.conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        return {name: size for name, size in rows}

    def row_counts(self) -> dict[str, int]:
        """How many segments, targets, translation versions and events the store holds."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM segments), "
            "(SELECT count(*) FROM segments WHERE current_translation_id IS NOT NULL), "
            "(SELECT count(*) FROM translations), (SELECT count(*) FROM events)"
        ).fetchone()
        return dict(
            zip(("segments", "segments_with_target", "translations", "events"), row, strict=True)
        )

    def content_digest(self) -> str:
        """A sha256 over every user-visible table, to prove an operation changed nothing."""
        digest = hashlib.sha256()
        for table in _LOGICAL_TABLES:
            for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
        return digest.hexdigest()


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist (for read-only commands)."""
    if not Path(path).exists():
        raise StoreError(
            f"no store exists at {path}", hint="check --store, or run `workbench ingest FILE`"
        )
    return Store.open(path, create=False)
