"""What one alignment pass teaches the next about this document: its length ratio and spread,
and evidence tables of length and key overlap for correct against neighbouring wrong pairs.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.align.model import BEAD_TYPES, TYPE_PARAM, CostModel, Path
from workbench.align.scoring import Scorer, neg_log_erfc

if TYPE_CHECKING:
    from workbench.align.model import FloatArray, IntArray


def length_model(
    path: Path, source_lengths: FloatArray, target_lengths: FloatArray
) -> dict[str, float]:
    """Length ratio and variance of this document, read off the 1-1 beads of an alignment."""
    ones = [(s0, t0) for s0, s1, t0, t1 in path if s1 - s0 == 1 and t1 - t0 == 1]
    if len(ones) < 20:
        return {}
    source_length = source_lengths[[s for s, _ in ones]]
    target_length = target_lengths[[t for _, t in ones]]
    ratio = float(target_length.sum() + 1.0) / float(source_length.sum() + 1.0)
    spread = (target_length - ratio * source_length) ** 2 / (
        (ratio * source_length + target_length) / 2 + 1
    )
    # The median of a squared standard normal is 0.455; the median shrugs off misaligned beads.
    return {"ratio": ratio, "variance": max(0.5, float(np.median(spread)) / 0.455)}


def neighbour_evidence(scorer: Scorer, path: Path) -> tuple[FloatArray, FloatArray]:
    """Per sentence, the most key weight it shares with one sentence of the other side near its
    place in the alignment that this sentence's bead partners do not share: what leaving it out
    would throw away. Evidence a partner already holds (a caption repeating a paired sentence's
    names) is no reason to keep a sentence.
    """
    source_bead = np.zeros(scorer.n, dtype=np.int64)
    target_bead = np.zeros(scorer.m, dtype=np.int64)
    for k, (s0, s1, t0, t1) in enumerate(path):
        source_bead[s0:s1] = k
        target_bead[t0:t1] = k

    def novel(keys: frozenset[str], other: frozenset[str], partners: list[frozenset[str]]) -> float:
        shared = keys & other
        if not shared:
            return 0.0
        return sum(scorer.weight[key] for key in shared.difference(*partners))

    source = np.zeros(scorer.n)
    target = np.zeros(scorer.m)
    for s0, s1, t0, t1 in path:
        for s in range(s0, s1):
            source[s] = max(
                (
                    novel(
                        scorer.source_sets[s],
                        scorer.target_sets[t],
                        [scorer.source_sets[o] for o in range(*path[target_bead[t]][:2]) if o != s],
                    )
                    for t in range(max(0, t0 - 1), min(scorer.m, t1 + 1))
                ),
                default=0.0,
            )
        for t in range(t0, t1):
            target[t] = max(
                (
                    novel(
                        scorer.target_sets[t],
                        scorer.source_sets[s],
                        [scorer.target_sets[o] for o in range(*path[source_bead[s]][2:]) if o != t],
                    )
                    for s in range(max(0, s0 - 1), min(scorer.n, s1 + 1))
                ),
                default=0.0,
            )
    return source, target


def skip_costs(
    scorer: Scorer, path: Path, params: dict[str, float]
) -> tuple[FloatArray, FloatArray]:
    """Per sentence, the cost of leaving it out: a prior, its length and its evidence forfeited."""
    source_evidence, target_evidence = neighbour_evidence(scorer, path)
    cap, weight = params["skip_evidence_cap"], params["skip_evidence"]

    def costs(length_sums: FloatArray, evidence: FloatArray) -> FloatArray:
        lengths = np.diff(length_sums)
        return np.asarray(
            params["learned_skip"]
            + params["skip_len"] * np.log1p(lengths)
            + weight * np.minimum(evidence, cap)
        )

    return (
        costs(scorer.source_length_sums, source_evidence),
        costs(scorer.target_length_sums, target_evidence),
    )


def fit_model(
    scorer: Scorer, path: Path, params: dict[str, float], glue: tuple[FloatArray, FloatArray]
) -> CostModel:
    """Learn evidence tables from an alignment of this very document.

    Correct beads are the alignment's 1-1 beads; wrong ones pair each such source sentence
    with the target next to its partner, the confusion the search has to resolve. Sparse bins
    lean on the fixed costs of the first pass, so short documents keep sensible tables.
    """
    ones = [(s0, s1, t0, t1) for s0, s1, t0, t1 in path if s1 - s0 == 1 and t1 - t0 == 1]
    wrong = [
        (s0, s1, t0 + d, t1 + d)
        for s0, s1, t0, t1 in ones
        for d in (-1, 1)
        if 0 <= t0 + d < scorer.m
    ]
    right_deviation, right_dice, right_opportunity = scorer.measures(*scorer.bead_sums(ones))
    wrong_deviation, wrong_dice, wrong_opportunity = scorer.measures(*scorer.bead_sums(wrong))
    length_edges = np.array([0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])
    dice_edges = np.array([1e-9, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9])
    positive = right_opportunity[right_opportunity > 0]
    cuts = np.quantile(positive, [1 / 3, 2 / 3]) if len(positive) > 2 else np.array([4.0, 8.0])
    opportunity_edges = np.concatenate(([1e-9], cuts))
    columns = len(opportunity_edges) + 1

    def llr(right: IntArray, wrong_bins: IntArray, prior: FloatArray) -> FloatArray:
        size = len(prior)
        pseudo = params["pseudo_count"]
        right_counts = np.bincount(right, minlength=size)
        wrong_counts = np.bincount(wrong_bins, minlength=size)
        right_share = (right_counts + pseudo) / (len(right) + pseudo * size)
        wrong_share = (wrong_counts + pseudo) / (len(wrong_bins) + pseudo * size)
        seen = right_counts + wrong_counts
        trust = seen / (seen + params["shrink"])
        return np.asarray(trust * (np.log(right_share) - np.log(wrong_share)) + (1 - trust) * prior)

    length_centres = np.array([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0, 7.0])
    length_prior = 1.0 - neg_log_erfc(length_centres / math.sqrt(2.0))
    length_llr = np.minimum.accumulate(
        llr(
            np.digitize(right_deviation, length_edges),
            np.digitize(wrong_deviation, length_edges),
            length_prior,
        )
    )
    dice_centres = np.array([0.0, 0.05, 0.15, 0.275, 0.425, 0.6, 0.8, 0.95])
    opportunity_centres = np.array([0.0, cuts[0] / 2, cuts.mean(), cuts[1] * 1.5])
    evidence = opportunity_centres / (opportunity_centres + params["saturation"])
    lexical_prior = params["lex"] * evidence[None, :] * (dice_centres[:, None] - params["expected"])

    def cells(dice: FloatArray, opportunity: FloatArray) -> IntArray:
        return np.asarray(
            np.digitize(dice, dice_edges) * columns + np.digitize(opportunity, opportunity_edges)
        )

    lexical_llr = llr(
        cells(right_dice, right_opportunity),
        cells(wrong_dice, wrong_opportunity),
        lexical_prior.ravel(),
    ).reshape(len(dice_edges) + 1, columns)
    # More shared weight is never evidence against a bead; smooth sparse bins accordingly.
    lexical_llr = np.maximum.accumulate(lexical_llr, axis=0)
    type_costs = {
        bead_type: params["learned_" + TYPE_PARAM[bead_type]] if bead_type in TYPE_PARAM else 0.0
        for bead_type in BEAD_TYPES
    }
    type_costs[(1, 0)] = type_costs[(0, 1)] = params["learned_skip"]
    return CostModel(
        type_costs,
        length_edges,
        length_llr,
        dice_edges,
        opportunity_edges,
        lexical_llr,
        *skip_costs(scorer, path, params),
        *glue,
    )
