"""Paths and helpers that test modules import (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.records import NewSegment, SegmentKind

if TYPE_CHECKING:
    from workbench.store import Store

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


def add_sentences(
    store: Store,
    name: str,
    sentences: Iterable[str],
    *,
    title: str | None = None,
    paragraph: int = 1,
    gap: str = " ",
    lang_prob: float = 1.0,
    kind: SegmentKind = SegmentKind.BODY,
) -> int:
    """Store `name`.txt, a Swedish source whose sentences share one paragraph; its id."""
    document, _ = store.documents.add(
        path=f"{name}.txt",
        title=name if title is None else title,
        sha256=name,
        source_lang="sv",
        target_lang="en",
        segments=[
            NewSegment(paragraph, i, text, gap, kind, "sv", lang_prob, True)
            for i, text in enumerate(sentences)
        ],
    )
    return document.id
