"""Files the workbench writes: outputs that never replace their inputs, temp names, durable steps.

Knows nothing about formats or SQLite; exporters, backups and package installs share it so
every write follows the same rules.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import signal
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import InputError

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


def refuse_overwrite(outputs: Iterable[Path], protected: Iterable[Path], what: str) -> None:
    """`InputError` if an output is (or links to) one of the `protected` files.

    Compares resolved paths and, where both exist, device and inode, so hard links and
    symlinks to the store count as the store.
    """
    guarded = [(Path(os.path.realpath(p)), p) for p in protected]
    for output in outputs:
        resolved = Path(os.path.realpath(output))
        for guarded_path, original in guarded:
            same = resolved == guarded_path
            if not same and resolved.exists() and guarded_path.exists():
                same = os.path.samefile(resolved, guarded_path)
            if same:
                raise InputError(
                    f"refusing to write {output}: it is {what} {original}",
                    hint="choose another output path",
                )


def temp_name(path: Path, suffix: str = "tmp") -> Path:
    """A fresh hidden name beside `path`, matched by `remove_stale_temps(path)`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{suffix}")


def create_temp(path: Path) -> tuple[Path, int]:
    """Create and open a new temp file beside `path`; returns its name and descriptor."""
    # O_EXCL with a random name instead of mkstemp: mkstemp's 0600 mode would survive the
    # rename, while the final file should get the user's umask like any other new file.
    while True:
        temp_path = temp_name(path)
        try:
            return temp_path, os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def remove_stale_temps(path: Path) -> None:
    """Delete temp files for `path` left by a killed run: our pattern, older than this process."""
    started = process_started_at()
    if started is None or not path.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp(-journal)?")
    for candidate in path.parent.iterdir():
        if not pattern.fullmatch(candidate.name):
            continue
        try:
            if candidate.lstat().st_mtime < started and candidate.is_file():
                candidate.unlink()
        except OSError:
            continue  # another process owns or already removed it


@functools.cache
def process_started_at() -> float | None:
    """When this process started (epoch seconds), or None where the system does not say."""
    try:
        # Field 22 of /proc/self/stat (index 19 after the command name): start, in clock ticks
        # after boot; /proc/uptime: seconds since boot. Both to 10 ms, unlike /proc/stat's btime.
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    return time.time() - age - 0.02


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
