"""Repetitions: a reviewer's target goes to every untouched segment with the same source.

Segments match on the translation memory's key (`textkeys.normalise`). Propagated targets
are new versions (origin propagated) and are QA-checked like any other; `propagate off` stops it.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.settings import get_setting
from workbench.store import Store
from workbench.textkeys import normalise


def propagate(store: Store, segment_id: int, author: str) -> list[int]:
    """Copy the segment's current target to its untouched repetitions; returns their ids."""
    # QA loads when a target is checked: the review app counts repetitions from its start.
    from workbench.quality.checks import recheck

    if get_setting(store, "propagate") == "off":
        return []
    changed = store.repetitions.propagate(segment_id, author, normalise)
    for repetition_id in changed:
        recheck(store, repetition_id)
    return changed


def propagate_all(store: Store, segment_ids: Sequence[int], author: str) -> list[int]:
    """`propagate` for several segments; returns every repetition that got a target."""
    return [r for segment_id in segment_ids for r in propagate(store, segment_id, author)]


def repetition_counts(store: Store, segment_ids: Sequence[int]) -> dict[int, int]:
    """For each segment, how many other segments (any document) share its normalised source."""
    return store.repetitions.counts(segment_ids, normalise)
