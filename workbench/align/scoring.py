"""Bead costs: Gale & Church length deviation, weighted key overlap and bead type priors.

Prices beads for the search and for confidence scores; it never chooses a path.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from workbench.align.model import PAIR_TYPES, TYPE_PARAM, CostModel

if TYPE_CHECKING:
    from workbench.align.model import FloatArray, IntArray


class Scorer:
    """Bead costs from length (Gale & Church), weighted key overlap and the bead type."""

    def __init__(
        self,
        source_lengths: FloatArray,
        target_lengths: FloatArray,
        source_keys: Sequence[set[str] | frozenset[str]],
        target_keys: Sequence[set[str] | frozenset[str]],
        params: dict[str, float],
        model: CostModel | None = None,
    ) -> None:
        self.params = params
        self.model = model
        self.n, self.m = len(source_lengths), len(target_lengths)
        source_df: defaultdict[str, int] = defaultdict(int)
        target_df: defaultdict[str, int] = defaultdict(int)
        for keys in source_keys:
            for key in keys:
                source_df[key] += 1
        for keys in target_keys:
            for key in keys:
                target_df[key] += 1
        total = self.n + self.m
        # Words and names seen on one side only would just dilute the overlap, but a number,
        # URL or address that the other side lacks is evidence against the pair.
        self.weight = {
            key: math.log(total / (source_df[key] + target_df[key]))
            for key in itertools.chain(source_df, target_df)
            if (key in source_df and key in target_df) or key[0] in "#@"
        }
        self.source_keys = [[k for k in keys if k in self.weight] for keys in source_keys]
        self.target_keys = [[k for k in keys if k in self.weight] for keys in target_keys]
        self.source_sets = [frozenset(keys) for keys in self.source_keys]
        self.target_sets = [frozenset(keys) for keys in self.target_keys]
        self.pair_cache: dict[tuple[int, int], float] = {}
        self.ratio = params.get("ratio") or float(target_lengths.sum() + 1.0) / float(
            source_lengths.sum() + 1.0
        )

        def prefix(values: list[float] | FloatArray) -> FloatArray:
            return np.concatenate(([0.0], np.cumsum(np.asarray(values, dtype=np.float64))))

        if model is None:
            # Leaving a sentence out costs more the longer it is: short debris is often
            # untranslated.
            self.source_skip_sums = prefix(
                params["skip"] + params["skip_len"] * np.log1p(source_lengths)
            )
            self.target_skip_sums = prefix(
                params["skip"] + params["skip_len"] * np.log1p(target_lengths)
            )
            self.source_glue_sums = np.zeros(self.n + 1)
            self.target_glue_sums = np.zeros(self.m + 1)
        else:
            self.source_skip_sums = prefix(model.source_skip)
            self.target_skip_sums = prefix(model.target_skip)
            self.source_glue_sums = prefix(np.append(model.source_glue, 0.0))
            self.target_glue_sums = prefix(np.append(model.target_glue, 0.0))
        # A run of target omissions pays its first in full and `gap_discount` less for each
        # later one, but never less than `gap_floor`: a run is one event, yet each line in it
        # is still a line nothing pairs. Per target, what it costs inside a run (summed) and
        # what opening a run with it adds.
        target_skips = np.diff(self.target_skip_sums)
        inside = np.maximum(target_skips - params["gap_discount"], params["gap_floor"])
        inside = np.minimum(inside, target_skips)
        self.target_run_sums = prefix(inside)
        self.run_openings = np.append(target_skips - inside, 0.0)
        # Runs of source omissions likewise, with their own discount: per source sentence,
        # what it costs as the second or later omission of a run.
        source_skips = np.diff(self.source_skip_sums)
        self.source_run_costs = np.minimum(
            np.maximum(source_skips - params["source_gap_discount"], params["gap_floor"]),
            source_skips,
        )
        self.source_length_sums = prefix(source_lengths)
        self.target_length_sums = prefix(target_lengths)
        self.source_weight_sums = prefix(
            [sum(self.weight[k] for k in ks) for ks in self.source_keys]
        )
        self.target_weight_sums = prefix(
            [sum(self.weight[k] for k in ks) for ks in self.target_keys]
        )
        self.source_orphans = self._orphan_shares(self.source_weight_sums, self.source_glue_sums)
        self.target_orphans = self._orphan_shares(self.target_weight_sums, self.target_glue_sums)

    def type_cost(self, a: int, b: int) -> float:
        """Prior cost of an a-b bead; types the search never makes cost more than any it does."""
        costs = (
            self.model.type_costs
            if self.model is not None
            else {t: self.params[name] for t, name in TYPE_PARAM.items()} | {(1, 1): 0.0}
        )
        return costs.get((a, b), max(costs.values()) + 1.0)

    def glue(self, begin: IntArray, end: IntArray, side: str) -> FloatArray:
        """Glue of the boundaries inside sentences begin..end-1 of one side (0 for one sentence)."""
        sums = self.source_glue_sums if side == "source" else self.target_glue_sums
        inner_end = np.maximum(end - 1, begin)
        return np.asarray(sums[inner_end] - sums[begin])

    def crossing(self, diagonal: FloatArray, across: FloatArray) -> FloatArray:
        """Cost of a 2-2 bead for where its shared key weight lies, in nats.

        A 2-2 bead says content crosses the sentence boundaries on both sides; weight shared
        only along the diagonal (first with first, second with second) says two 1-1 beads
        instead, however well the merged lengths match.
        """
        return np.asarray(self.params["crossing"] * (diagonal - across) / (diagonal + across + 1.0))

    def orphans(self, overlaps: Sequence[FloatArray], shares: Sequence[FloatArray]) -> FloatArray:
        """Cost of the sentences of a merge that share no key weight with the other side, in
        nats: up to `orphan` for each, by its share (see `_orphan_shares`).

        A merge says every sentence in it has its translation in the bead; one with keys of
        its own and none met on the other side is more likely left out than merged.
        """
        total: FloatArray | float = 0.0
        for overlap, share in zip(overlaps, shares, strict=True):
            total = total + share * (overlap < 1e-9)
        return np.asarray(self.params["orphan"] * total)

    def _orphan_shares(
        self, weight_sums: FloatArray, glue_sums: FloatArray
    ) -> dict[tuple[bool, bool], FloatArray]:
        """Per sentence, how much it counts as a merge's orphan when it shares nothing, keyed
        by (first in the bead, last in the bead): less with little key weight of its own, and
        nothing for a piece glued to a neighbour inside the bead by a boundary cue, which
        shares its evidence through the piece it belongs to."""
        weights = np.diff(weight_sums)
        share = weights / (weights + self.params["saturation"])
        glue_after = np.diff(glue_sums) > 0
        glue_before = np.concatenate(([False], glue_after[:-1]))
        return {
            (first, last): share * ~((glue_before & (not first)) | (glue_after & (not last)))
            for first in (False, True)
            for last in (False, True)
        }

    def measures(
        self,
        source_length: FloatArray,
        target_length: FloatArray,
        overlap: FloatArray,
        source_weight: FloatArray,
        target_weight: FloatArray,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Length deviation in standard units, weighted key Dice, and the weight at stake."""
        expected = self.ratio * source_length
        spread = np.sqrt(self.params["variance"] * (expected + target_length) / 2.0 + 1.0)
        deviation = np.abs(target_length - expected) / spread
        dice = np.minimum(1.0, 2.0 * overlap / (source_weight + target_weight + 1e-9))
        return deviation, dice, np.minimum(source_weight, target_weight)

    def cost(
        self,
        type_cost: float | FloatArray,
        source_length: FloatArray,
        target_length: FloatArray,
        overlap: FloatArray,
        source_weight: FloatArray,
        target_weight: FloatArray,
    ) -> FloatArray:
        """Cost of beads with these summed lengths, key weights and shared key weight."""
        deviation, dice, opportunity = self.measures(
            source_length, target_length, overlap, source_weight, target_weight
        )
        model = self.model
        if model is None:
            length = neg_log_erfc(deviation / math.sqrt(2.0))
            evidence = opportunity / (opportunity + self.params["saturation"])
            lexical = self.params["lex"] * evidence * (self.params["expected"] - dice)
            return np.asarray(type_cost + length + lexical)
        length_llr = model.length_llr[np.digitize(deviation, model.length_edges)]
        lexical_llr = model.lexical_llr[
            np.digitize(dice, model.dice_edges), np.digitize(opportunity, model.opportunity_edges)
        ]
        return np.asarray(type_cost - length_llr - lexical_llr)

    def pair_overlap(self, s: int, t: int) -> float:
        """Weight of the keys source sentence `s` shares with target sentence `t`."""
        found = self.pair_cache.get((s, t))
        if found is None:
            shared = self.source_sets[s] & self.target_sets[t]
            found = self.pair_cache[(s, t)] = sum(self.weight[key] for key in shared)
        return found

    def bead_sums(
        self, beads: Sequence[tuple[int, int, int, int]]
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        """Summed lengths, shared key weight and key weights of each bead (s0, s1, t0, t1)."""
        s0, s1, t0, t1 = np.array(beads, dtype=np.int64).reshape(-1, 4).T
        # Counted per sentence pair, as the band search counts it.
        overlap = np.array(
            [
                sum(self.pair_overlap(a, b) for a in range(a0, a1) for b in range(b0, b1))
                for a0, a1, b0, b1 in beads
            ],
            dtype=np.float64,
        )
        return (
            self.source_length_sums[s1] - self.source_length_sums[s0],
            self.target_length_sums[t1] - self.target_length_sums[t0],
            overlap,
            self.source_weight_sums[s1] - self.source_weight_sums[s0],
            self.target_weight_sums[t1] - self.target_weight_sums[t0],
        )

    def bead_costs(self, beads: Sequence[tuple[int, int, int, int]]) -> FloatArray:
        """Cost of each bead (s0, s1, t0, t1); with one side empty, the cost of skipping."""
        s0, s1, t0, t1 = np.array(beads, dtype=np.int64).reshape(-1, 4).T
        paired = (s0 < s1) & (t0 < t1)
        type_cost = np.array(
            [
                self.type_cost(a1 - a0, b1 - b0) if a0 < a1 and b0 < b1 else 0.0
                for a0, a1, b0, b1 in beads
            ]
        )
        skipped = (
            self.source_skip_sums[s1]
            - self.source_skip_sums[s0]
            + self.target_skip_sums[t1]
            - self.target_skip_sums[t0]
        )
        type_cost = type_cost - self.glue(s0, s1, "source") - self.glue(t0, t1, "target")
        for k, (a0, a1, b0, b1) in enumerate(beads):
            if a1 - a0 == 2 and b1 - b0 == 2:
                type_cost[k] += self.crossing(
                    np.array(self.pair_overlap(a0, b0) + self.pair_overlap(a0 + 1, b0 + 1)),
                    np.array(self.pair_overlap(a0, b0 + 1) + self.pair_overlap(a0 + 1, b0)),
                )
        if self.params["orphan"]:
            # Per member of a merge's side with several sentences: its bead, what it shares
            # across, and whether it is a source sentence; priced all at once.
            owner, shared, shares = [], [], []
            for k, (a0, a1, b0, b1) in enumerate(beads):
                if a0 == a1 or b0 == b1:
                    continue
                if a1 - a0 > 1:
                    for s in range(a0, a1):
                        owner.append(k)
                        shared.append(sum(self.pair_overlap(s, t) for t in range(b0, b1)))
                        shares.append(self.source_orphans[(s == a0, s == a1 - 1)][s])
                if b1 - b0 > 1:
                    for t in range(b0, b1):
                        owner.append(k)
                        shared.append(sum(self.pair_overlap(s, t) for s in range(a0, a1)))
                        shares.append(self.target_orphans[(t == b0, t == b1 - 1)][t])
            if owner:
                penalties = self.orphans([np.array(shared)], [np.array(shares)])
                np.add.at(type_cost, owner, penalties)
        return np.where(paired, self.cost(type_cost, *self.bead_sums(beads)), skipped)

    def overlap_prefix(self, sources: IntArray, first: IntArray, span: int) -> FloatArray:
        """Per source sentence, prefix sums of the key weight it shares with each target from
        its `first` on: row r, column c covers `sources[r]` against targets first[r]..first[r]+c-1.
        """
        key_ids = {key: index for index, key in enumerate(self.weight)}
        stride = self.m + span + 8
        postings = np.array(
            sorted(key_ids[k] * stride + t for t, ks in enumerate(self.target_keys) for k in ks),
            dtype=np.int64,
        )
        pairs = [(key_ids[k], r) for r, s in enumerate(sources) for k in self.source_keys[s]]
        grid = np.zeros((len(sources), span + 1))
        if pairs and len(postings):
            key_of, row_of = np.array(pairs, dtype=np.int64).T
            base = key_of * stride
            start = np.searchsorted(postings, base + np.maximum(first[row_of], 0))
            stop = np.searchsorted(postings, base + first[row_of] + span)
            counts = stop - start
            hit_rows = np.repeat(np.arange(len(counts)), counts)
            hits = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            targets = postings[start[hit_rows] + hits] - base[hit_rows]
            columns = targets - first[row_of[hit_rows]] + 1
            weights = np.array(list(self.weight.values()))[key_of[hit_rows]]
            np.add.at(grid, (row_of[hit_rows], columns), weights)
        return np.cumsum(grid, axis=1)

    def band_costs(self, lo: IntArray, width: int, start: int, stop: int) -> FloatArray:
        """Costs of every pair bead type ending at band cells of rows start..stop-1.

        Shape (rows, types, width); row i holds targets lo[i]..lo[i]+width-1.
        """
        n, m = self.n, self.m
        reach_most = max(max(a, b) for a, b in PAIR_TYPES)
        rows = np.arange(start, stop)
        # Source s takes part in beads ending at rows s+1..s+K, whose targets start >= lo[s+1]-K.
        sources = np.arange(max(0, start - reach_most), min(n, stop - 1) + 1)
        sources = sources[sources < n]
        first = lo[np.minimum(sources + 1, n)] - reach_most
        reach = lo[np.minimum(sources + reach_most, n)] + width
        span = int((reach - first).max(initial=0)) + 1
        prefix = self.overlap_prefix(sources, first, span)
        ends = lo[rows][:, None] + np.arange(-reach_most, width)[None, :]
        # shared[q][r, K + k]: weight source i-q shares with targets before lo[i] + k, i = rows[r].
        shared: list[FloatArray] = [np.zeros(ends.shape)]
        for q in range(1, reach_most + 1):
            local = np.clip(rows - q - sources[0], 0, len(sources) - 1)
            column = np.clip(ends - first[local][:, None], 0, span)
            shared.append(
                np.asarray(np.take_along_axis(prefix[local], column, axis=1), dtype=float)
            )
        ends = ends[:, reach_most:]

        def pair(q: int, back: int) -> FloatArray:
            """Weight source i-q shares with the target `back` before each cell's end."""
            right = reach_most - back
            return np.asarray(
                shared[q][:, right : right + width] - shared[q][:, right - 1 : right - 1 + width]
            )

        def pair_sum(q: int, b: int) -> FloatArray:
            """Weight source i-q shares with the `b` targets before each cell's end."""
            return np.asarray(
                shared[q][:, reach_most:] - shared[q][:, reach_most - b : reach_most - b + width]
            )

        costs = np.full((len(rows), len(PAIR_TYPES), width), np.inf)
        for t, (a, b) in enumerate(PAIR_TYPES):
            valid = (ends - b >= 0) & (ends <= m) & (rows[:, None] >= a)
            if b == 0:
                skips = self.source_skip_sums[rows] - self.source_skip_sums[np.maximum(rows - 1, 0)]
                costs[:, t, :] = np.where(valid, skips[:, None], np.inf)
                continue
            # Clipped only to index safely: cells out of the grid are masked by `valid` below.
            target_end, target_begin = np.clip(ends, 0, m), np.clip(ends - b, 0, m)
            begin = np.maximum(rows - a, 0)
            overlap = sum(pair_sum(q, b) for q in range(1, a + 1))
            glue = self.glue(begin, rows, "source")[:, None] + self.glue(
                target_begin, target_end, "target"
            )
            if (a, b) == (2, 2):
                glue = glue - self.crossing(pair(2, 1) + pair(1, 0), pair(2, 0) + pair(1, 1))
            if max(a, b) > 1 and self.params["orphan"]:
                # Members of the side with several sentences, and what each shares across.
                members = range(1, a + 1) if a > 1 else range(0)
                backs = range(b) if b > 1 else range(0)
                # Cells outside the grid are masked by `valid`; clipping only keeps indices safe.
                orphans = self.orphans(
                    [pair_sum(q, b) for q in members]
                    + [np.sum([pair(q, back) for q in range(1, a + 1)], axis=0) for back in backs],
                    [
                        self.source_orphans[(q == a, q == 1)][np.clip(rows - q, 0, n - 1)][:, None]
                        for q in members
                    ]
                    + [
                        self.target_orphans[(back == b - 1, back == 0)][
                            np.clip(ends - 1 - back, 0, m - 1)
                        ]
                        for back in backs
                    ],
                )
                glue = np.asarray(glue - orphans)
            cost = self.cost(
                self.type_cost(a, b) - glue,
                (self.source_length_sums[rows] - self.source_length_sums[begin])[:, None],
                self.target_length_sums[target_end] - self.target_length_sums[target_begin],
                np.asarray(overlap),
                (self.source_weight_sums[rows] - self.source_weight_sums[begin])[:, None],
                self.target_weight_sums[target_end] - self.target_weight_sums[target_begin],
            )
            costs[:, t, :] = np.where(valid, cost, np.inf)
        return costs


def neg_log_erfc(x: FloatArray) -> FloatArray:
    """-log(erfc(x)): the Gale & Church cost of a length deviation of x * sqrt(2) deviations."""
    # Abramowitz & Stegun 7.1.26, kept in log space so large deviations do not underflow.
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.asarray(x * x - np.log(poly))
