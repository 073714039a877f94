"""Opening a store file: pragmas, version check, backup, migrations, write transactions.

Everything here is about the connection; the domain actions live in the mixins beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import StoreError
from workbench.store import folding
from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 15_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, sortable as text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"store path {path} is a directory, not a SQLite file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if head != SQLITE_MAGIC:
            raise StoreError(
                f"store {path} is not a SQLite database (corrupt or another kind of file)",
                hint="restore it from a backup or point --store at another file",
            )


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open `path` with WAL, foreign keys and a busy timeout; raise `StoreError` if unusable."""
    _check_file(path)
    if not path.exists():
        if not create:
            raise StoreError(f"no store at {path}", hint="run `workbench ingest FILE` first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {path.parent}: {exc}") from exc
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE) so a write
        # never upgrades a read lock and dies with "database is locked".
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Read before writing anything, so a store we must refuse is left untouched.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check_version(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        folding.register(conn)
    except (sqlite3.DatabaseError, StoreError) as exc:
        conn.close()
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    return conn


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store {path} has schema version {version}, newer than this workbench "
            f"understands ({SCHEMA_VERSION})",
            hint="upgrade the workbench",
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, backing the file up first if it already held data."""
    version = _check_version(conn, path)
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        backup(conn, path.with_name(f"{path.name}.v{version}.bak"))
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            conn.execute("BEGIN IMMEDIATE")
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            raise StoreError(f"cannot migrate store {path} to version {number}: {exc}") from exc


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database through SQLite's online backup API (safe while others write)."""
    if not target.parent.is_dir():
        raise StoreError(f"backup folder {target.parent} does not exist")
    if target.exists():
        raise StoreError(f"backup target {target} already exists; choose a new name")
    try:
        with contextlib.closing(sqlite3.connect(target)) as destination:
            conn.backup(destination)
    except sqlite3.DatabaseError as exc:
        target.unlink(missing_ok=True)
        raise StoreError(f"cannot back up to {target}: {exc}") from exc
    return target


class Connection:
    """The store's connection plus the transaction helper every domain action uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for nested transactions and bulk inserts."""
        # sqlite-utils imports numpy, click and pluggy (~0.3 s): only callers that need it pay.
        import sqlite_utils

        return sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE, commit on success, roll back on any error."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"store {self.path} is busy or read-only: {exc}") from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot commit to store {self.path}: {exc}") from exc

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
