"""Compiled caches in the user cache folder: data that is slow to build, saved to load fast.

A cache file is named by a hash of everything it was built from (the source files' bytes, the
versions of the libraries and of the format), so a changed input is simply a different file. It
is written to a temp file and renamed into place, so two processes building it at once each
leave a whole file; its payload's hash is checked on every read, and a file that fails the check
(or cannot be read) is rebuilt, never trusted. A folder that cannot be written only costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from workbench.paths import cache_dir

_MAGIC = b"WBCACHE1"
_DIGEST_SIZE = hashlib.sha256().digest_size
_ABANDONED_AFTER_S = 600


def cache_key(parts: Iterable[bytes | str]) -> str:
    """A hex digest of the inputs a cache is built from, with the Python that reads it."""
    digest = hashlib.sha256(sys.version.encode())  # marshal's format follows the interpreter
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def load_or_build(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The value cached as `name` for `key`, else `build()`'s, saved for the next process.

    Only what `marshal` writes (str, bytes, numbers, tuples, lists, dicts, sets) can be cached.
    Older files of the same `name` are removed once the new one is in place.
    """
    folder = cache_dir()
    path = folder / f"{name}-{key[:32]}.marshal"
    cached = _read(path)
    if cached is not None:
        return cached[0]
    value = build()
    if _write(path, marshal.dumps(value)):
        for stale in folder.glob(f"{name}-*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
        # A process killed while writing leaves its temp file; one that old is nobody's.
        for left in folder.glob(f".{name}-*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - left.stat().st_mtime > _ABANDONED_AFTER_S:
                    left.unlink()
    return value


def _read(path: Path) -> tuple[Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + _DIGEST_SIZE
    payload = data[header:]
    if data[: len(_MAGIC)] != _MAGIC or data[len(_MAGIC) : header] != _digest(payload):
        return None
    try:
        return (marshal.loads(payload),)
    except (EOFError, ValueError, TypeError):
        return None


def _write(path: Path, payload: bytes) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError:
        return False
    try:
        with handle:
            handle.write(_MAGIC + _digest(payload) + payload)
        os.replace(handle.name, path)
    except OSError:
        Path(handle.name).unlink(missing_ok=True)
        return False
    return True


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()
