"""Benchmarks: `python -m workbench.bench NAME …`; ratios against a baseline from the same run."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def work_folder(given: Path | None, name: str) -> Iterator[Path]:
    """The benchmark's work folder: `given` (kept, to look at afterwards), else a temporary one."""
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix=f"workbench-bench-{name}-") as work:
        yield Path(work)
