"""The alignment view's corrections as pure list edits: merge, split and shift beads."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.records import Bead
from workbench.review.bead_edits import Side, merge_with_next, shift, split


def sides(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source_ids, b.target_ids) for b in beads]


BEADS = [Bead((1,), (10,), 0.9, "a"), Bead((2, 3), (11,), 0.5, "a"), Bead((), (12,), 0.2, "a")]


def test_merge_joins_two_beads_and_marks_it_manual() -> None:
    merged = merge_with_next(BEADS, 1)
    assert sides(merged) == [((1,), (10,)), ((2, 3), (11, 12))]
    assert (merged[1].method, merged[1].score, merged[0].method) == ("manual", 1.0, "a")


def test_split_takes_off_the_first_pair_and_unpairs_a_1_1() -> None:
    assert sides(split(BEADS, 1)) == [((1,), (10,)), ((2,), (11,)), ((3,), ()), ((), (12,))]
    assert sides(split(BEADS, 0))[:2] == [((1,), ()), ((), (10,))]
    with pytest.raises(InputError, match="single sentence"):
        split(BEADS, 2)


def test_shift_moves_one_sentence_across_the_boundary_and_drops_empty_beads() -> None:
    assert sides(shift(BEADS, 1, Side.SOURCE, down=True)) == [
        ((1,), (10,)),
        ((2,), (11,)),
        ((3,), (12,)),
    ]
    assert sides(shift(BEADS, 1, Side.TARGET, down=False)) == [((1,), (10,)), ((2, 3), (11, 12))]
    assert sides(shift(BEADS, 0, Side.TARGET, down=True)) == [
        ((1,), ()),
        ((2, 3), (10, 11)),
        ((), (12,)),
    ]


def test_impossible_edits_say_why() -> None:
    with pytest.raises(InputError, match="last one"):
        merge_with_next(BEADS, 2)
    with pytest.raises(InputError, match="no source sentence"):
        shift(BEADS, 1, Side.SOURCE, down=False)
