"""The cheapest bead path: a dynamic programme over a band of the source × target grid.

Small documents get the full grid; long ones a band around a guide path or a coarse path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from workbench.align.model import PAIR_TYPES, CostModel, Path
from workbench.align.scoring import Scorer

if TYPE_CHECKING:
    from workbench.align.model import FloatArray, IntArray

_FULL_SEARCH_CELLS = 1_000_000
_CHUNK_CELLS = 400_000
# Bits of a search cell's choice: the pair type, "a run of 0-1 beads ends here", "the run goes
# on", and "a run of 1-0 beads reaching this cell goes on from the row above".
_TYPE_BITS = 15
_SKIPPED = 16
_RUN = 32
_SOURCE_RUN = 64
_SOURCE_SKIP = PAIR_TYPES.index((1, 0))


def _search(scorer: Scorer, lo: IntArray, width: int) -> Path:
    """Cheapest bead path through the band, where row i holds targets lo[i]..lo[i]+width-1."""
    n, m = scorer.n, scorer.m
    a_of = np.array([a for a, _ in PAIR_TYPES])
    b_of = np.array([b for _, b in PAIR_TYPES])
    rows = np.arange(n + 1)
    shifts = lo[:, None] - b_of[None, :] - lo[np.maximum(rows[:, None] - a_of, 0)]
    pad = int(np.abs(shifts).max(initial=0)) + 1
    stride = width + 2 * pad
    best = np.full((n + 1) * stride, np.inf)
    offsets = np.arange(width)
    # Per cell: the cheapest pair type ending there, plus flags for runs of 0-1 beads.
    choice = np.zeros((n + 1, width), dtype=np.uint8)
    # Per cell of the row above, the cheapest path into it that ends with a 1-0 bead (a run may
    # go on from it); one row is all a 1-0 bead looks back.
    source_run = np.full(stride, np.inf)
    j0 = lo[0] + offsets
    runs, openings = scorer.target_run_sums, scorer.run_openings
    inside = scorer.source_run_costs
    best[pad : pad + width] = np.where(
        (j0 > 0) & (j0 <= m), openings[0] + runs[np.clip(j0, 0, m)], np.where(j0 == 0, 0.0, np.inf)
    )
    choice[0] = _SKIPPED | _RUN
    # Rows go in chunks so that a wide band never holds all its costs at once.
    chunk = max(1, _CHUNK_CELLS // width)
    for start in range(1, n + 1, chunk):
        stop = min(n + 1, start + chunk)
        costs = scorer.band_costs(lo, width, start, stop)
        block = rows[start:stop]
        # Where each bead type's predecessor of every cell sits in the flattened `best`.
        sources = (np.maximum(block[:, None] - a_of, 0) * stride + pad + shifts[start:stop])[
            :, :, None
        ] + offsets
        cells = np.clip(lo[start:stop, None] + offsets, 0, m)
        ramps, opened = runs[cells], openings[cells]
        for r, i in enumerate(range(start, stop)):
            total = best.take(sources[r])
            total += costs[r]
            # A 1-0 bead opens a run (full cost, in `total`) or goes on with one from above.
            going_on = source_run.take(sources[r, _SOURCE_SKIP] - (i - 1) * stride) + inside[i - 1]
            goes_on = going_on < total[_SOURCE_SKIP]
            total[_SOURCE_SKIP] = np.where(goes_on, going_on, total[_SOURCE_SKIP])
            # Only the band's cells change; the pads stay out of reach (infinite).
            source_run[pad : pad + width] = total[_SOURCE_SKIP]
            pick = total.argmin(axis=0).astype(np.uint8)
            pick[goes_on] |= _SOURCE_RUN
            row = total.min(axis=0)
            # A run of 0-1 beads along the row, opened at k' by its first target:
            # min over k' <= k of row[k'] + opened[k'] + ramps[k] - ramps[k'].
            starts = row + opened[r] - ramps[r]
            lowest = np.minimum.accumulate(starts)
            run = lowest + ramps[r]
            skipped = run < row - 1e-9
            best[i * stride + pad : i * stride + pad + width] = np.where(skipped, run, row)
            pick[skipped] |= _SKIPPED
            # A run through this cell goes on from an earlier one rather than starting here.
            pick[lowest < starts - 1e-9] |= _RUN
            choice[i] = pick
    path = []
    i, j = n, m
    running = source_running = False
    while i > 0 or j > 0:
        cell = int(choice[i, j - lo[i]])
        if not source_running and (running or cell & _SKIPPED):
            path.append((i, i, j - 1, j))
            j -= 1
            running = bool(choice[i, j - lo[i]] & _RUN) if j > 0 else False
            continue
        a, b = (1, 0) if source_running else PAIR_TYPES[cell & _TYPE_BITS]
        # A 1-0 bead that goes on a run makes the bead before it a 1-0 of the same run.
        source_running = (a, b) == (1, 0) and bool(cell & _SOURCE_RUN)
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path


def _band_around(path: Path, n: int, margin: int) -> tuple[IntArray, int]:
    """A band holding `path` with `margin` targets to spare on both sides of every row."""
    low = [math.inf] * (n + 1)
    high = [-1] * (n + 1)
    for s0, s1, t0, t1 in path:
        for i in range(s0, s1 + 1):
            low[i] = min(low[i], t0)
            high[i] = max(high[i], t1)
    lo = np.maximum.accumulate(np.array(low, dtype=np.float64)).astype(np.int64) - margin
    width = int((np.array(high) - lo).max()) + margin + 1
    return lo, width


def _touches_edge(path: Path, lo: IntArray, width: int, m: int) -> bool:
    """Whether the path runs along the band's edge, where a wider band might do better."""
    for _, i, _, j in path:
        k = j - int(lo[i])
        if (k <= 0 and j > 0) or (k >= width - 1 and j < m):
            return True
    return False


def _coarse(
    lengths: FloatArray, keys: Sequence[set[str] | frozenset[str]], factor: int
) -> tuple[FloatArray, list[frozenset[str]]]:
    """Blocks of `factor` consecutive sentences, for a first rough path through long texts."""
    starts = range(0, len(lengths), factor)
    return (
        np.add.reduceat(lengths, np.array(starts)),
        [frozenset().union(*keys[start : start + factor]) for start in starts],
    )


def cheapest_path(
    source_lengths: FloatArray,
    target_lengths: FloatArray,
    source_keys: Sequence[set[str] | frozenset[str]],
    target_keys: Sequence[set[str] | frozenset[str]],
    params: dict[str, float],
    guide: Path | None = None,
    model: CostModel | None = None,
) -> Path:
    """Cheapest path: full search when small, else in a band around `guide` or a coarse path."""
    n, m = len(source_lengths), len(target_lengths)
    scorer = Scorer(source_lengths, target_lengths, source_keys, target_keys, params, model)
    if (n + 1) * (m + 1) <= _FULL_SEARCH_CELLS:
        return _search(scorer, np.zeros(n + 1, dtype=np.int64), m + 1)
    margin = 8
    if guide is None:
        factor = math.ceil(math.sqrt((n + 1) * (m + 1) / _FULL_SEARCH_CELLS)) + 1
        block_source_lengths, block_source_keys = _coarse(source_lengths, source_keys, factor)
        block_target_lengths, block_target_keys = _coarse(target_lengths, target_keys, factor)
        coarse = cheapest_path(
            block_source_lengths, block_target_lengths, block_source_keys, block_target_keys, params
        )
        guide = [
            (s0 * factor, min(n, s1 * factor), t0 * factor, min(m, t1 * factor))
            for s0, s1, t0, t1 in coarse
        ]
        margin = 2 * factor
    while True:
        lo, width = _band_around(guide, n, margin)
        if width >= m + 1:
            lo, width = np.zeros(n + 1, dtype=np.int64), m + 1
        path = _search(scorer, lo, width)
        if width > min(m, params["max_width"]) or not _touches_edge(path, lo, width, m):
            return path
        margin *= 2
