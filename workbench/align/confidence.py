"""How sure the aligner is: each bead's margin over its local rivals, and whether the two texts
look parallel at all. Reads costs from a scorer; never changes the path.
"""

from __future__ import annotations

import numpy as np

from workbench.align.model import AlignedBead, Path
from workbench.align.scoring import Scorer


def _rivals(path: Path, index: int) -> list[tuple[list[tuple[int, int, int, int]], int | None]]:
    """Local alternatives to bead `index`: (beads replacing it, neighbour replaced too or None)."""
    s0, s1, t0, t1 = path[index]
    rivals: list[tuple[list[tuple[int, int, int, int]], int | None]] = []
    for other in (index - 1, index + 1):
        if 0 <= other < len(path):
            o0, o1, p0, p1 = path[other]
            rivals.append(([(min(s0, o0), max(s1, o1), min(t0, p0), max(t1, p1))], other))
    if s0 == s1 or t0 == t1:
        return rivals
    rivals.append(([(s0, s1, t0, t0), (s1, s1, t0, t1)], None))
    if s1 - s0 > 1:
        rivals.append(([(s0, s0 + 1, t0, t0), (s0 + 1, s1, t0, t1)], None))
        rivals.append(([(s0, s1 - 1, t0, t1), (s1 - 1, s1, t1, t1)], None))
    if t1 - t0 > 1:
        rivals.append(([(s0, s0, t0, t0 + 1), (s0, s1, t0 + 1, t1)], None))
        rivals.append(([(s0, s1, t0, t1 - 1), (s1, s1, t1 - 1, t1)], None))
    if s1 - s0 > 1 and t1 - t0 > 1:
        rivals.append(([(s0, s0 + 1, t0, t0 + 1), (s0 + 1, s1, t0 + 1, t1)], None))
    return rivals


def scored_beads(scorer: Scorer, path: Path) -> list[AlignedBead]:
    """Beads scored by how much cheaper each is than its cheapest local rival, in [0, 1].

    Rivals leave a pair's sentences out, join a bead with a neighbour, or peel a sentence off
    it; a margin of zero scores 0.5, one of 3 (in nats) about 0.95.
    """
    chosen = scorer.bead_costs(path)
    beads: list[tuple[int, int, int, int]] = []
    bead_owner: list[int] = []
    owners: list[int] = []
    replaced: list[float] = []
    for index in range(len(path)):
        for rival, other in _rivals(path, index):
            beads.extend(rival)
            bead_owner.extend([len(owners)] * len(rival))
            owners.append(index)
            replaced.append(float(chosen[index] + (chosen[other] if other is not None else 0.0)))
    margin = np.full(len(path), 50.0)
    if owners:
        rival_costs = np.zeros(len(owners))
        np.add.at(rival_costs, np.array(bead_owner), scorer.bead_costs(beads))
        np.minimum.at(margin, np.array(owners), rival_costs - np.array(replaced))
    scores = 1.0 / (1.0 + np.exp(-np.clip(margin, -50.0, 50.0)))
    return [
        AlignedBead(tuple(range(s0, s1)), tuple(range(t0, t1)), float(score))
        for (s0, s1, t0, t1), score in zip(path, scores, strict=True)
    ]


def parallelism(scorer: Scorer, path: Path) -> float:
    """How far the pairs' shared anchors beat those of the same pairs shifted by 1-3 targets.

    Parallel texts share several times more anchor weight in aligned pairs than in shifted
    ones; unrelated texts barely more, however the search picked its pairs. 0.5 marks a
    ratio of 4 (the verdict's threshold), 1.0 a ratio of 7 or more; no anchors at all give 0.5.
    """
    pairs = [bead for bead in path if bead[0] < bead[1] and bead[2] < bead[3]]
    aligned = float(scorer.bead_sums(pairs)[2].sum()) if pairs else 0.0
    if aligned <= 0.0:
        return 0.5
    shifted = []
    for shift in (-3, -2, -1, 1, 2, 3):
        moved = [(s0, s1, t0 + shift, t1 + shift) for s0, s1, t0, t1 in pairs]
        moved = [bead for bead in moved if bead[2] >= 0 and bead[3] <= scorer.m]
        if moved:
            shifted.append(float(scorer.bead_sums(moved)[2].sum()) * len(pairs) / len(moved))
    ratio = aligned / max(sum(shifted) / max(len(shifted), 1), 1e-9)
    return min(1.0, max(0.0, (ratio - 1.0) / 6.0))
