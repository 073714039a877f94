"""Opening a store file: pragmas, version check, migrations, backup and integrity checks.

Everything here is about the connection; the domain actions live in the parts beside it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import StoreError
from workbench.files import (
    create_temp,
    durable_step,
    fsync_directory,
    hold_database,
    refuse_overwrite,
    remove_stale_temps,
    replace_file,
    sqlite_companions,
)
from workbench.store import folding
from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION
from workbench.store.transaction import close, out_of_space

if TYPE_CHECKING:
    pass

BUSY_TIMEOUT_MS = 15_000
_BACKUP_PAGES = 4096  # pages per backup step; Ctrl-C is honoured between steps


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open `path` with WAL, foreign keys and a busy timeout; raise `StoreError` if unusable.

    The file is only ever opened by SQLite: a Python `open()` of it, even to read its header,
    would drop the POSIX locks of this process's other connections to it when closed.
    """
    if path.is_dir():
        raise StoreError(f"store path {path} is a directory, not a SQLite file")
    if not path.exists():
        if not create:
            raise StoreError(f"no store at {path}", hint="run `workbench ingest FILE` first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(path)
        except OSError as exc:
            raise StoreError(f"cannot create the store {path}: {exc.strerror or exc}") from exc
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE) so a write
        # never upgrades a read lock and dies with "database is locked".
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    hold_database(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Read before writing anything, so a store we must refuse is left untouched.
        _check_header(conn, path)
        _check_version(conn, path)
        _check_ours(conn, path, create=create)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        folding.register(conn)
    except (sqlite3.DatabaseError, StoreError) as exc:
        close(conn, path)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    return conn


def _create_private(path: Path) -> None:
    # The store holds password hashes and unpublished articles: readable by its owner only.
    # SQLite gives its -wal and -shm files the mode of the database file.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _check_header(conn: sqlite3.Connection, path: Path) -> None:
    # SQLite reads the header itself; a file that is not a database fails here, untouched.
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_NOTADB":
            raise
        raise StoreError(
            f"store {path} is not a SQLite database (corrupt or another kind of file)",
            hint="restore it from a backup or point --store at another file",
        ) from exc


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


def _check_ours(conn: sqlite3.Connection, path: Path, *, create: bool) -> None:
    # A workbench store has a schema version; a version-0 file is ours only while it is empty.
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) > 0:
        return
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    if not names and not create:
        # An emptied file (truncated, or created by another tool) is not a store to read from:
        # a read-only command must not quietly turn it into a new, empty store.
        raise StoreError(
            f"store {path} is empty (no workbench data in it)",
            hint="if it held your work, restore it from a backup; `workbench ingest FILE` starts a "
            "new store in it",
        )
    if names:
        shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise StoreError(
            f"{path} is a SQLite database of another program (tables: {shown}), "
            "not a workbench store; it was left unchanged",
            hint="point --store at a workbench store or a new file",
        )


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, backing the file up first if it already held data."""
    version = _check_version(conn, path)
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        backup(conn, path.with_name(f"{path.name}.v{version}.bak"), source=path)
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

    The copy is written under a temp name, checked with `PRAGMA integrity_check` and renamed
    on success, so `target` never holds a partial or damaged copy; it gets the store's file
    mode (new stores are private). Temp files killed backups left in the folder are removed.
    """
    if not target.parent.is_dir():
        raise StoreError(f"backup folder {target.parent} does not exist")
    if source is not None:
        refuse_overwrite([target], sqlite_companions(source), "the store file")
    if target.exists() or target.is_symlink():
        raise StoreError(f"backup target {target} already exists; choose a new name")
    remove_stale_temps(target, any_name=True)
    partial, lock = create_temp(target, mode=0o600)  # held open: the lock marks it live
    try:
        if source is not None:
            os.fchmod(lock, stat.S_IMODE(source.stat().st_mode))
        with _interrupt_between_steps() as progress:
            with contextlib.closing(sqlite3.connect(partial)) as destination:
                conn.backup(destination, pages=_BACKUP_PAGES, progress=progress)
                problems = integrity_problems(destination)
        if problems:
            raise StoreError(
                f"the store is damaged, so no backup was written to {target}: {problems[0]}"
                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
                hint="run `workbench store check`; restore the store from an earlier backup",
            )
        replace_file(partial, target)
        fsync_directory(target.parent)
    except sqlite3.DatabaseError as exc:
        where = out_of_space(exc, target)
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


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong with the file, `[]` when it is sound."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return [row[0] for row in rows if row[0] != "ok"]


@contextlib.contextmanager
def _interrupt_between_steps() -> Iterator[Callable[[int, int, int], None]]:
    """A backup progress callback that stops the copy on Ctrl-C or `kill`, unless it is complete.

    Without it a Ctrl-C landing during the last step surfaces after the copy finished, and the
    user is told the backup was interrupted when it was not; a plain `kill` would leave the
    partial copy behind.
    """
    received: list[int] = []

    def progress(status: int, remaining: int, total: int) -> None:
        if received and remaining:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield progress
        return
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {
        number: signal.signal(number, lambda number, frame: received.append(number))
        for number in stops
    }
    try:
        yield progress
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
