"""The models folder's crash safety: one lock for installs and removals, swaps that a crash can
cut short at any step, and the recovery that finishes or undoes them.

Work happens in hidden folders (`TEMP_PREFIX`) the listing skips; a swap writes its plan before
its first rename so `recover` knows which way to settle it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.errors import ModelError
from workbench.files import durable_step, fsync_directory

TEMP_PREFIX = "."  # unfinished installs and downloads are hidden folders the listing skips
_WORK_FOLDER = re.compile(r"\.(install|replace|remove|download)-.+")
_LOCK = ".lock"
_PLAN = "plan.json"  # inside a .replace-* folder: what an interrupted swap was doing


@contextlib.contextmanager
def exclusive(models_dir: Path) -> Iterator[None]:
    """Hold the models lock, after cleaning up what killed installs left."""
    with _models_lock(models_dir, wait=True) as held:
        if held:
            _recover_locked(models_dir)
        yield


def recover(models_dir: Path) -> None:
    """Finish or undo swaps and remove work folders left by killed installs and removals.

    Runs only when no other process holds the models lock, so every work folder found is a
    dead process's.
    """
    if not models_dir.is_dir():
        return
    with _models_lock(models_dir, wait=False) as held:
        if held:
            _recover_locked(models_dir)


def _recover_locked(models_dir: Path) -> None:
    for work in sorted(models_dir.iterdir()):
        match = _WORK_FOLDER.fullmatch(work.name)
        if match is None or not work.is_dir() or work.is_symlink():
            continue
        try:
            if match[1] == "replace":
                _settle_swap(work, models_dir)
            shutil.rmtree(work)
        except OSError:
            continue  # left for the next run; listing skips hidden folders anyway


@contextlib.contextmanager
def _models_lock(models_dir: Path, *, wait: bool) -> Iterator[bool]:
    """An advisory lock on the models folder, held by installs and removals; yields if held.

    The kernel drops it when its holder dies, so a killed install never leaves it taken.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no recovery, installs unserialised
        yield False
        return
    try:
        handle = (models_dir / _LOCK).open("a")
    except OSError:
        yield False  # a read-only models folder: nothing to recover from here
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True


def _settle_swap(trash: Path, models_dir: Path) -> None:
    # The new package in place means the swap got past its last rename: the parked ones go.
    # Otherwise the parked packages move back, as if the install had never started.
    try:
        plan = json.loads((trash / _PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # killed before anything was parked
    if (models_dir / plan["final"]).exists():
        return
    for parked, original in plan["parked"]:
        if (trash / parked).exists() and not (models_dir / original).exists():
            durable_step()
            (trash / parked).rename(models_dir / original)
    fsync_directory(models_dir)


def replace(old_paths: list[Path], new: Path, final: Path, models_dir: Path) -> None:
    """Move `new` to `final`; existing packages for the pair go only once that can happen.

    The plan is written before the first rename so `recover` can finish or undo a swap that a
    crash cut short.
    """
    trash = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}replace-", dir=models_dir))
    olds = list(dict.fromkeys(p for p in [*old_paths, final] if p.exists()))
    parked = [(str(index), old.name) for index, old in enumerate(olds)]
    moved: list[tuple[Path, Path]] = []
    try:
        _write_plan(trash, {"final": final.name, "parked": parked})
        for (name, _), old in zip(parked, olds, strict=True):
            durable_step()
            old.rename(trash / name)
            moved.append((trash / name, old))
        durable_step()
        new.rename(final)
        fsync_directory(models_dir)
    except OSError as exc:
        for parked_path, old in reversed(moved):
            parked_path.rename(old)
        shutil.rmtree(trash, ignore_errors=True)
        raise ModelError(f"cannot install into {final}: {exc}") from exc
    shutil.rmtree(trash, ignore_errors=True)


def _write_plan(trash: Path, plan: dict[str, Any]) -> None:
    with (trash / _PLAN).open("w", encoding="utf-8") as handle:
        json.dump(plan, handle)
        handle.flush()
        durable_step()
        os.fsync(handle.fileno())
    fsync_directory(trash)


def make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the folder {path}: {exc}") from exc
