"""Opening a store file: pragmas, version check, backup, migrations, write transactions.

Everything here is about the connection; the domain actions live in the parts beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import StoreError
from workbench.files import (
    create_temp,
    durable_step,
    fsync_directory,
    refuse_overwrite,
    remove_stale_temps,
    replace_file,
    sqlite_companions,
)
from workbench.store import folding
from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 15_000
SQLITE_MAGIC = b"SQLite format 3\x00"
_BACKUP_PAGES = 4096  # pages per backup step; Ctrl-C is honoured between steps
_LOW_SPACE_BYTES = 1 << 20


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
        _check_ours(conn, path)
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
    if version < 0:
        raise StoreError(
            f"store {path} has an invalid schema version {version}; "
            "the workbench never writes a negative one",
            hint="restore it from a backup",
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store {path} has schema version {version}, newer than this workbench "
            f"understands ({SCHEMA_VERSION})",
            hint="upgrade the workbench",
        )
    return version


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    # A workbench store has a schema version; a version-0 file is ours only while it is empty.
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > 0:
        return
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    if names:
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise StoreError(
            f"{path} is a SQLite database of another program (tables: {shown}), "
            "not a workbench store; it was left unchanged",
            hint="point --store at a workbench store or a new file",
        )


def storage_error(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    """Turn a SQLite failure into a `StoreError`, saying which file ran out of space if one did."""
    where = _out_of_space(exc, path)
    if where is None:
        return StoreError(f"store {path} cannot be read or written: {exc}")
    return StoreError(
        f"store {path} cannot be read or written: {exc}; {where}",
        hint="free space and rerun; work committed before this chunk is kept",
    )


def _out_of_space(exc: sqlite3.DatabaseError, path: Path) -> str | None:
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
            durable_step()
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            conn.execute("ROLLBACK") if conn.in_transaction else None
            raise StoreError(f"cannot migrate store {path} to version {number}: {exc}") from exc


def backup(conn: sqlite3.Connection, target: Path, *, source: Path | None = None) -> Path:
    """Copy the live database through SQLite's online backup API (safe while others write).

    The copy is written under a temp name and renamed on success, so `target` never holds a
    partial copy; temp files a killed backup left behind are removed first.
    """
    if not target.parent.is_dir():
        raise StoreError(f"backup folder {target.parent} does not exist")
    if source is not None:
        refuse_overwrite([target], sqlite_companions(source), "the store file")
    if target.exists() or target.is_symlink():
        raise StoreError(f"backup target {target} already exists; choose a new name")
    remove_stale_temps(target)
    partial, lock = create_temp(target)  # held open: the lock marks the partial copy as live
    try:
        with _interrupt_between_steps() as progress:
            with contextlib.closing(sqlite3.connect(partial)) as destination:
                conn.backup(destination, pages=_BACKUP_PAGES, progress=progress)
        replace_file(partial, target)
        fsync_directory(target.parent)
    except sqlite3.DatabaseError as exc:
        where = _out_of_space(exc, target)
        raise StoreError(
            f"cannot back up to {target}: {exc}" + (f"; {where}" if where else "")
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot back up to {target}: {exc.strerror or exc}") from exc
    finally:
        for leftover in sqlite_companions(partial):
            leftover.unlink(missing_ok=True)
        os.close(lock)
    return target


@contextlib.contextmanager
def _interrupt_between_steps() -> Iterator[Callable[[int, int, int], None]]:
    """A backup progress callback that stops the copy on Ctrl-C, unless the copy is complete.

    Without it a Ctrl-C landing during the last step surfaces after the copy finished, and the
    user is told the backup was interrupted when it was not.
    """
    received: list[int] = []

    def progress(status: int, remaining: int, total: int) -> None:
        if received and remaining:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield progress
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield progress
    finally:
        signal.signal(signal.SIGINT, previous)


class Connection:
    """The store's connection plus the transaction helper every domain action uses."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

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
        """Close the connection."""
        self.conn.close()
