"""Files the workbench writes: outputs that never replace their inputs, temp names, durable steps.

Knows nothing about formats or SQLite; exporters, backups and package installs share it so
every write follows the same rules.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import InputError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so stale temp files are left alone
    fcntl = None  # type: ignore[assignment]

CRASH_ENV = "WORKBENCH_CRASH_AT"
_durable_steps = 0


def durable_step() -> None:
    """Mark a rename, replace, commit or fsync; the crash-point tests kill the process here.

    With `WORKBENCH_CRASH_AT=N` set, the Nth call SIGKILLs the process just before its step.
    Unset, this costs one environment lookup beside a step that costs a disk write.
    """
    target = os.environ.get(CRASH_ENV)
    if target is None:
        return
    global _durable_steps
    _durable_steps += 1
    if _durable_steps == int(target):
        os.kill(os.getpid(), signal.SIGKILL)


def real_target(path: Path) -> Path:
    """The file a write to `path` must replace: a symlink's target, not the link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_stream(path: Path) -> bool:
    """True for a FIFO or device: written in place, never replaced by a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def sqlite_companions(path: Path) -> tuple[Path, ...]:
    """A SQLite file and the files SQLite keeps beside it."""
    return (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


# SQLite files this process has open. POSIX record locks belong to the process: closing *any*
# descriptor of such a file, opened by Python or by a C library, drops every lock SQLite holds
# on it, and another process may then checkpoint and delete the WAL under a live connection.
_open_databases: dict[Path, int] = {}
_open_databases_lock = threading.Lock()


def hold_database(path: Path) -> None:
    """Note that this process opened a SQLite connection to `path` (see `refuse_open_database`)."""
    key = Path(os.path.realpath(path))
    with _open_databases_lock:
        _open_databases[key] = _open_databases.get(key, 0) + 1


def release_database(path: Path) -> None:
    """Note that one of this process's connections to `path` closed."""
    key = Path(os.path.realpath(path))
    with _open_databases_lock:
        count = _open_databases.get(key, 0) - 1
        if count > 0:
            _open_databases[key] = count
        else:
            _open_databases.pop(key, None)


def refuse_open_database(path: Path) -> None:
    """`InputError` if `path` is a SQLite file (or companion) this process has a connection to.

    Called before any input file is opened: reading the store as an article, a memory or a
    glossary would close a descriptor of it and silently drop the live connection's locks.
    Compares names without opening anything, and inodes so hard links count too.
    """
    with _open_databases_lock:
        names = list(_open_databases)
    held = [companion for name in names for companion in sqlite_companions(name)]
    original = _same_as_any(path, held)
    if original is not None:
        raise InputError(
            f"refusing to read {path}: it is the store file {original}",
            hint="give the file to import or ingest, not the store",
        )


def refuse_overwrite(outputs: Iterable[Path], protected: Iterable[Path], what: str) -> None:
    """`InputError` if an output is (or links to) one of the `protected` files.

    Compares resolved paths and, where both exist, device and inode, so hard links and
    symlinks to the store count as the store.
    """
    for output in outputs:
        original = _same_as_any(output, protected)
        if original is not None:
            raise InputError(
                f"refusing to write {output}: it is {what} {original}",
                hint="choose another output path",
            )


def _same_as_any(path: Path, candidates: Iterable[Path]) -> Path | None:
    # Names and inodes only: opening a file to compare it is what the callers must avoid.
    resolved = Path(os.path.realpath(path))
    for candidate in candidates:
        guarded = Path(os.path.realpath(candidate))
        same = resolved == guarded
        if not same and resolved.exists() and guarded.exists():
            same = os.path.samefile(resolved, guarded)
        if same:
            return candidate
    return None


def temp_name(path: Path) -> Path:
    """A fresh hidden name beside `path`, matched by `remove_stale_temps(path)`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def create_temp(path: Path, *, mode: int = 0o666) -> tuple[Path, int]:
    """Create, open and lock a new temp file beside `path`; returns its name and descriptor.

    The lock, held until the descriptor closes, is what tells `remove_stale_temps` that the
    file is alive: keep the descriptor open until the file has been renamed or removed.
    """
    while True:
        temp_path = temp_name(path)
        # O_EXCL with a random name instead of mkstemp: mkstemp's 0600 mode would survive the
        # rename, while the final file should get the user's umask like any other new file.
        try:
            descriptor = os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        _lock(descriptor, wait=True)
        if os.fstat(descriptor).st_nlink > 0:
            return temp_path, descriptor
        os.close(descriptor)  # a cleaner took it between create and lock: pick another name


def remove_stale_temps(path: Path, *, any_name: bool = False) -> None:
    """Delete temp files for `path` that killed runs left: our pattern, and no live holder.

    `any_name` takes those of every file in `path`'s folder: a killed backup's copy of a large
    store should not wait for a later backup to the very same name.
    """
    if fcntl is None or not path.parent.is_dir():
        return
    name = ".+" if any_name else re.escape(path.name)
    pattern = re.compile(rf"\.{name}\.[0-9a-f]{{8}}\.tmp")
    for candidate in path.parent.iterdir():
        if pattern.fullmatch(candidate.name):
            _remove_if_unlocked(candidate)
        elif candidate.name.endswith("-journal") and pattern.fullmatch(candidate.name[:-8]):
            if not candidate.with_name(candidate.name[:-8]).exists():
                candidate.unlink(missing_ok=True)  # SQLite's journal of a removed backup temp


def _remove_if_unlocked(candidate: Path) -> None:
    try:
        descriptor = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        if _lock(descriptor, wait=False) and stat.S_ISREG(os.fstat(descriptor).st_mode):
            candidate.unlink(missing_ok=True)
            candidate.with_name(candidate.name + "-journal").unlink(missing_ok=True)
    except OSError:
        return  # not ours to remove after all
    finally:
        os.close(descriptor)


def _lock(descriptor: int, *, wait: bool) -> bool:
    # flock, not fcntl's record locks: SQLite uses those on the same files and they would mix.
    if fcntl is None:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def fsync_directory(directory: Path) -> None:
    """Make renames in `directory` durable; Windows cannot open a directory and needs no step."""
    if os.name != "posix":
        return
    durable_step()
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def replace_file(temp_path: Path, final: Path) -> None:
    """`os.replace`, marked as a durable step."""
    durable_step()
    os.replace(temp_path, final)
