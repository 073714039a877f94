"""The store: the only code that touches SQLite. `Store.open(path)` is the way in.

A `Store` is made of parts that share its one connection: each owns a family of tables (the only
code that writes them; any part may read them in a join), and its actions are each one
transaction returning frozen records, never rows or cursors. A part that needs another is given
it when `Store` builds it, so callers say `store.reviews.approve(...)`. `Store` itself keeps what
concerns the whole file: opening, transactions, backup, checks and sizes.

| part                 | writes                                    |
|----------------------|-------------------------------------------|
| `store.events`       | events                                    |
| `store.documents`    | documents, segments, document_originals   |
| `store.reviews`      | translations                              |
| `store.beads`        | beads                                     |
| `store.memory`       | tm_entries, tm_suggestions                |
| `store.glossary`     | glossary                                  |
| `store.flags`        | qa_flags                                  |
| `store.effort`       | approval_effort                           |
| `store.repetitions`  | segment_keys                              |
| `store.settings`     | settings                                  |
| `store.dictionary`   | user_words                                |
| `store.learning`     | learn_decisions, postedit_rules           |
| `store.accounts`     | users, login_attempts                     |
| `store.restructure`  | (none: merges and splits through the parts above) |
| `store.article`      | (none: reads a document back as an article) |
| `store.exports`      | (none: streams units for the exporters)   |
| `store.search`       | (none: concordance)                       |

Migrations (`schema.py`) write any table; `tests/test_store_parts.py` holds the parts to this.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from types import TracebackType

from workbench.errors import StoreError
from workbench.store.accounts import Accounts
from workbench.store.article import Article
from workbench.store.beads import Beads
from workbench.store.connection import backup, connect, integrity_problems, migrate
from workbench.store.dictionary import Dictionary
from workbench.store.documents import Documents
from workbench.store.effort import Effort
from workbench.store.events import Events
from workbench.store.exports import Exports
from workbench.store.flags import Flags
from workbench.store.glossary import Glossary
from workbench.store.learning import Learning
from workbench.store.memory import Memory
from workbench.store.repetitions import Repetitions
from workbench.store.restructure import Restructure
from workbench.store.review import Reviews
from workbench.store.search import Search
from workbench.store.settings import Settings
from workbench.store.transaction import Connection, close, storage_error

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
    "document_originals",
)


class Store(Connection):
    """An open workbench database, made of parts over its one connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(conn, path)
        self.events = Events(self)
        self.documents = Documents(self, self.events)
        self.beads = Beads(self, self.events)
        self.memory = Memory(self)
        self.glossary = Glossary(self)
        self.flags = Flags(self)
        self.effort = Effort(self)
        self.reviews = Reviews(
            self,
            documents=self.documents,
            events=self.events,
            flags=self.flags,
            beads=self.beads,
            memory=self.memory,
            effort=self.effort,
        )
        self.restructure = Restructure(
            self,
            documents=self.documents,
            reviews=self.reviews,
            beads=self.beads,
            events=self.events,
        )
        self.repetitions = Repetitions(
            self, documents=self.documents, reviews=self.reviews, events=self.events
        )
        self.settings = Settings(self, self.events)
        self.dictionary = Dictionary(self)
        self.learning = Learning(self, glossary=self.glossary, events=self.events)
        self.accounts = Accounts(self)
        self.article = Article(self, self.documents)
        self.exports = Exports(self, self.documents)
        self.search = Search(self)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (creating and migrating if needed) the store at `path`."""
        path = Path(path)
        conn = connect(path, create=create)
        try:
            migrate(conn, path)
        except BaseException:
            close(conn, path)
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
        problems = integrity_problems(self.conn)
        problems += self._undecodable_text()
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

    def _undecodable_text(self) -> list[str]:
        # SQLite stores whatever bytes a writer gave it as TEXT; Python cannot read a value that
        # is not UTF-8, so a file edited by another tool would fail later, in a reviewer's hands.
        self.conn.create_function("workbench_is_utf8", 1, _is_utf8, deterministic=True)
        tables = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        problems = []
        for table in tables:
            columns = [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                sql = (
                    f"SELECT rowid FROM {table} WHERE typeof({column}) = 'text' "
                    f"AND NOT workbench_is_utf8(CAST({column} AS BLOB))"
                )
                problems += [
                    f"{table} row {row[0]}: {column} is not valid UTF-8 text"
                    for row in self.conn.execute(sql)
                ]
        return problems

    def table_bytes(self) -> dict[str, int]:
        """Bytes each table and index takes in the file (SQLite's dbstat), largest first."""
        rows = self.conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        return {name: size for name, size in rows}

    def row_counts(self) -> dict[str, int]:
        """How many segments, targets, translation versions and events the store holds."""
        segments = self.db["segments"]
        return {
            "segments": segments.count,
            "segments_with_target": segments.count_where("current_translation_id IS NOT NULL"),
            "translations": self.db["translations"].count,
            "events": self.db["events"].count,
        }

    def content_digest(self) -> str:
        """A sha256 over every user-visible table, to prove an operation changed nothing."""
        digest = hashlib.sha256()
        for table in _LOGICAL_TABLES:
            for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
        return digest.hexdigest()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist (for read-only commands)."""
    if not Path(path).exists():
        raise StoreError(
            f"no store exists at {path}", hint="check --store, or run `workbench ingest FILE`"
        )
    return Store.open(path, create=False)
