"""Reviewer corrections to an alignment: merge, split and shift beads, as pure list edits.

The alignment screen stores the result with `store.beads.replace`, like any other edit.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from workbench.errors import InputError
from workbench.records import Bead

MANUAL = "manual"


class Side(enum.StrEnum):
    """Which side of a bead a shift moves a sentence on."""

    SOURCE = "source"
    TARGET = "target"


def merge_with_next(beads: Sequence[Bead], index: int) -> list[Bead]:
    """Join bead `index` and the one after it into one bead."""
    if not 0 <= index < len(beads) - 1:
        raise InputError(f"bead {index + 1} is the last one; there is nothing to merge it with")
    first, second = beads[index], beads[index + 1]
    merged = Bead(
        first.source_ids + second.source_ids, first.target_ids + second.target_ids, 1.0, MANUAL
    )
    return [*beads[:index], merged, *beads[index + 2 :]]


def split(beads: Sequence[Bead], index: int) -> list[Bead]:
    """Split off the bead's first sentence pair; a 1-1 bead comes apart into 1-0 and 0-1."""
    bead = beads[index]
    if len(bead.source_ids) + len(bead.target_ids) < 2:
        raise InputError(f"bead {index + 1} holds a single sentence; it cannot be split")
    if len(bead.source_ids) == 1 and len(bead.target_ids) == 1:
        parts = [Bead(bead.source_ids, (), 1.0, MANUAL), Bead((), bead.target_ids, 1.0, MANUAL)]
    else:
        parts = [
            Bead(bead.source_ids[:1], bead.target_ids[:1], 1.0, MANUAL),
            Bead(bead.source_ids[1:], bead.target_ids[1:], 1.0, MANUAL),
        ]
    return [*beads[:index], *parts, *beads[index + 1 :]]


def shift(beads: Sequence[Bead], index: int, side: Side, *, down: bool) -> list[Bead]:
    """Move one sentence across the boundary between bead `index` and the next.

    `down` pushes the bead's last sentence on `side` into the next bead; otherwise the next
    bead's first sentence on `side` is pulled up into this one. Beads left empty are dropped.
    """
    if not 0 <= index < len(beads) - 1:
        raise InputError(f"bead {index + 1} is the last one; there is no next bead to shift into")
    this, following = beads[index], beads[index + 1]
    this_ids, next_ids = _side(this, side), _side(following, side)
    if down:
        if not this_ids:
            raise InputError(f"bead {index + 1} has no {side} sentence to move down")
        this_ids, next_ids = this_ids[:-1], this_ids[-1:] + next_ids
    else:
        if not next_ids:
            raise InputError(f"bead {index + 2} has no {side} sentence to move up")
        this_ids, next_ids = this_ids + next_ids[:1], next_ids[1:]
    changed = [_with_side(this, side, this_ids), _with_side(following, side, next_ids)]
    kept = [bead for bead in changed if bead.source_ids or bead.target_ids]
    return [*beads[:index], *kept, *beads[index + 2 :]]


def _side(bead: Bead, side: Side) -> tuple[int, ...]:
    return bead.source_ids if side == Side.SOURCE else bead.target_ids


def _with_side(bead: Bead, side: Side, ids: tuple[int, ...]) -> Bead:
    if side == Side.SOURCE:
        return Bead(ids, bead.target_ids, 1.0, MANUAL)
    return Bead(bead.source_ids, ids, 1.0, MANUAL)
