"""Paths and helpers that test modules import (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SWEDISH_SEED = SEEDS / "004_a5e45da3f1913b04.txt"
ENGLISH_SEED = SEEDS / "000_8f0428e54d73b21b.txt"


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m workbench` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        cwd=ROOT,
    )


def run_python(code: str) -> str:
    """Run `code` in a fresh interpreter at the repository root; its stdout (checked exit)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout


def hammer(store_path: str, worker: str, segment_ids: list[int], rounds: int) -> dict[str, int]:
    """Edit the same segments as other processes do; report attempts and conflicts.

    Each edit reads the current version, then saves against it, so a concurrent writer in
    between must surface as a `ConflictError`, never as a silent overwrite.
    """
    import json

    from workbench.errors import ConflictError
    from workbench.store import Store

    attempted = conflicts = saved = 0
    with Store.open(store_path) as store:
        for round_number in range(rounds):
            for segment_id in segment_ids:
                base = store.documents.segment(segment_id).translation_id
                attempted += 1
                try:
                    store.reviews.save_edit(segment_id, f"{worker}:{round_number}", worker, base)
                    saved += 1
                except ConflictError:
                    conflicts += 1
    counts = {"attempted": attempted, "conflicts": conflicts, "saved": saved}
    print(json.dumps(counts))
    return counts
