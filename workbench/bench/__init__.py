"""Benchmarks: `python -m workbench.bench NAME …`; ratios against a baseline from the same run."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def work_folder(given: Path | None, name: str) -> Iterator[Path]:
    """The benchmark's work folder: `given` (kept, to look at afterwards), else a temporary one."""
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix=f"workbench-bench-{name}-") as work:
        yield Path(work)


def emit(
    result: dict[str, Any], as_json: bool, render: Callable[[dict[str, Any]], object] | None = None
) -> int:
    """Print a benchmark's result and return its exit status: one JSON object with `--json`,
    else `render`'s table, by default one aligned `name value` line per entry."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    elif render is not None:
        render(result)
    else:
        width = max(map(len, result), default=0)
        for name, value in result.items():
            print(f"{name:{width}} {value}")
    return 0
