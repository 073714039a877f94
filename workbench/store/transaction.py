"""The open store's connection as its parts share it: the write transaction every action runs
in (BEGIN IMMEDIATE, commit, roll back), SQLite failures as one-line errors, and the clock.

Below `connection` (which opens, migrates and backs up the file): the parts import this and
nothing that knows the schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import StoreError
from workbench.files import durable_step, release_database

if TYPE_CHECKING:
    import sqlite_utils

_LOW_SPACE_BYTES = 1 << 20


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, sortable as text."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Connection:
    """The store's connection plus the transaction helper every domain action uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._closed = False

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for nested transactions and table counts."""
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
            self._rollback()
            raise
        try:
            durable_step()
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise storage_error(exc, self.path) from exc

    def _rollback(self) -> None:
        # After a disk-full or I/O error SQLite has already rolled back; a second ROLLBACK
        # would fail with "no transaction is active" and hide the error that matters.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection (a second call does nothing)."""
        if not self._closed:
            self._closed = True
            close(self.conn, self.path)


def close(conn: sqlite3.Connection, path: Path) -> None:
    """Close a connection `connect` opened."""
    conn.close()
    release_database(path)


def storage_error(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    """Turn a SQLite failure into a `StoreError`, saying which file ran out of space if one did."""
    where = out_of_space(exc, path)
    if where is None:
        return StoreError(f"store {path} cannot be read or written: {exc}")
    return StoreError(
        f"store {path} cannot be read or written: {exc}; {where}",
        hint="free space and rerun; work committed before this chunk is kept",
    )


def out_of_space(exc: sqlite3.DatabaseError, path: Path) -> str | None:
    """Which file ran out of space when SQLite says the disk is full, or None."""
    # SQLite reports a full disk and a file-size limit alike; free space says which file it was.
    name = getattr(exc, "sqlite_errorname", "") or ""
    if not name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return None
    temp_dir = Path(os.environ.get("SQLITE_TMPDIR") or tempfile.gettempdir())
    if _free_bytes(path.parent) < _LOW_SPACE_BYTES:
        return f"the disk holding {path} is full"
    if _free_bytes(temp_dir) < _LOW_SPACE_BYTES:
        return f"SQLite's temporary folder {temp_dir} is full"
    return f"{path} could not grow (file size limit or disk error)"


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _LOW_SPACE_BYTES
