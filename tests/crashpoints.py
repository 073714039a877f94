"""The crash-point harness: kill a workbench command before each durable step, check what survives.

`workbench.files.durable_step()` marks every rename, replace, commit and fsync; with
`WORKBENCH_CRASH_AT=N` the command SIGKILLs itself just before its Nth step. The harness runs
the command once per N, from the same starting state, until a run gets past its last step.
After every kill it checks the store and the case's own invariants, reruns the command, and
requires the final result to equal an uninterrupted run's.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import ROOT
from workbench.errors import StoreError
from workbench.files import CRASH_ENV
from workbench.store import Store

# Temp files the workbench names (`.NAME.<8 hex>.tmp`, SQLite's journal beside one) and the
# work folders of package installs: none may outlive a rerun.
_LEFTOVER = re.compile(r"\..+\.[0-9a-f]{8}\.tmp(-journal)?|\.(install|replace|remove|download)-.+")


def _never(work: Path) -> bool:
    return False


@dataclass(frozen=True)
class CrashCase:
    """One command to crash at each of its durable steps.

    `args` builds the command line for a work folder; `prepare` builds the starting state;
    `state` reads the durable result (free of timestamps) that must match an uninterrupted
    run's; `after_crash` asserts what must hold right after a kill (outputs old or new, the
    package still translating); `finished` says a killed run had already done its work, so a
    rerun is not expected to succeed (a backup refuses an existing target).
    """

    name: str
    args: Callable[[Path], list[str]]
    prepare: Callable[[Path], None]
    state: Callable[[Path], object]
    after_crash: Callable[[Path, Path], None] = field(default=lambda work, reference: None)
    finished: Callable[[Path], bool] = _never


def workbench_env(work: Path) -> dict[str, str]:
    """The environment of a command run inside `work`: its own store, models and home."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WORKBENCH_STORE": str(work / "store.db"),
        "WORKBENCH_MODELS": str(work / "models"),
        "HOME": str(work / "home"),
        "WORKBENCH_PACKAGE_INDEX": "http://127.0.0.1:9/index.json",
    }


def run_workbench(
    work: Path, args: list[str], crash_at: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m workbench ARGS` in `work`, killed before step `crash_at` if given."""
    env = workbench_env(work)
    env.pop(CRASH_ENV, None)
    if crash_at is not None:
        env[CRASH_ENV] = str(crash_at)
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def check_store(work: Path) -> None:
    """The store, if the command got as far as creating it, passes `store check`.

    Killed before the schema's first commit, the new file is empty and read-only commands
    refuse it as such (the next writing command creates the store in it).
    """
    path = work / "store.db"
    if not path.exists():
        return
    try:
        store = Store.open(path, create=False)
    except StoreError as exc:
        assert "is empty" in str(exc), exc
        return
    with store:
        assert store.check() == []


def leftovers(work: Path) -> list[str]:
    """Temp files and work folders the workbench made and did not clean up."""
    return sorted(
        str(path.relative_to(work)) for path in work.rglob(".*") if _LEFTOVER.fullmatch(path.name)
    )


def crash_at_every_point(case: CrashCase, tmp_path: Path) -> int:
    """Run `case` killed at step 1, 2, … until it completes; returns how many steps it has."""
    template = tmp_path / "template"
    template.mkdir()
    case.prepare(template)
    reference = _copy(template, tmp_path / "reference")
    completed = run_workbench(reference, case.args(reference))
    assert completed.returncode == 0, completed.stderr
    expected = case.state(reference)
    point = 1
    while True:
        work = _copy(template, tmp_path / f"crash-{point}")
        crashed = run_workbench(work, case.args(work), crash_at=point)
        if crashed.returncode == 0:
            shutil.rmtree(work)
            return point - 1
        assert crashed.returncode == -signal.SIGKILL, (point, crashed.stderr)
        check_store(work)
        case.after_crash(work, reference)
        if not case.finished(work):
            rerun = run_workbench(work, case.args(work))
            assert rerun.returncode == 0, (point, rerun.stderr)
        check_store(work)
        assert case.state(work) == expected, f"crash point {point}: the rerun's result differs"
        assert leftovers(work) == [], point
        shutil.rmtree(work)
        point += 1


def _copy(template: Path, work: Path) -> Path:
    shutil.copytree(template, work, symlinks=True)
    return work
