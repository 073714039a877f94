"""What the segment screen's workers do with their `Store`: reads and review actions.

Plain functions of a store and plain values, run in worker threads; no widgets, no SQL.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from workbench.errors import ConflictError
from workbench.records import Flag, SegmentStatus, Severity
from workbench.review.display import NEEDS_WORK
from workbench.review.messages import ApprovalQuestioned, ConflictFound, SegmentChanged
from workbench.review.widgets.segment_detail import SegmentView
from workbench.splits import cut, map_offsets
from workbench.store import Store
from workbench.translate.repetitions import propagate, repetition_counts

# "Lowest confidence" keeps this share of the segments that have an MT score.
LOW_CONFIDENCE_SHARE = 0.2
EVENTS_SHOWN = 50


class ChangeKind(enum.StrEnum):
    """A review action on one segment."""

    SAVE = "save"
    APPROVE = "approve"
    REJECT = "reject"
    REVERT = "revert"
    BOILERPLATE = "boilerplate"
    MERGE = "merge"
    SPLIT = "split"
    ADD_WORD = "add-word"


# Actions after which the segment has a new current target version.
_NEW_VERSION = frozenset({ChangeKind.SAVE, ChangeKind.REVERT, ChangeKind.MERGE})


@dataclass(frozen=True, slots=True)
class Change:
    """One review action, with the version the reviewer was looking at.

    `text` is the reviewer's text for a save and the target they saw otherwise; it is what the
    conflict dialog shows as theirs-versus-mine when the version check fails.
    """

    kind: ChangeKind
    segment_id: int
    base_translation_id: int | None
    text: str = ""
    comment: str | None = None
    offset: int = 0
    translatable: bool = True
    confirmed: bool = False
    advance: bool = False  # after an approval, move to the next segment needing work


@dataclass(frozen=True, slots=True)
class Query:
    """Which of a document's segments the table shows, and in what order."""

    document_id: int
    status: SegmentStatus | None = None
    search: str | None = None
    order: str = "position"
    low_confidence: bool = False


def target_parts(store: Store, segment_id: int) -> tuple[str, ...]:
    """The segment's current target as the reviewer split it (one part when never split)."""
    target = store.documents.segment(segment_id).target or ""
    recorded = store.beads.target_split(segment_id)
    if recorded is None:
        return cut(target, ())
    split_text, offsets = recorded
    return cut(target, map_offsets(split_text, target, offsets))


def read_view(store: Store, segment_id: int) -> SegmentView:
    """Everything the detail pane shows about a segment."""
    return SegmentView(
        segment=store.documents.segment(segment_id),
        mt=store.reviews.mt_version(segment_id),
        history=tuple(store.reviews.history(segment_id)),
        flags=tuple(store.flags.of_segment(segment_id)),
        suggestions=tuple(store.memory.suggestions(segment_id)),
        events=tuple(store.events.recent(segment_id, limit=EVENTS_SHOWN)),
        bead_type=store.beads.mt_bead_type(segment_id),
        repetitions=repetition_counts(store, [segment_id]).get(segment_id, 0),
        target_parts=target_parts(store, segment_id),
        approval=store.reviews.approvals([segment_id]).get(segment_id),
    )


def segment_ids(store: Store, query: Query) -> list[int]:
    """The ids the table shows for a query, in display order."""
    if query.low_confidence:
        return _lowest_confidence(store, query)
    return store.documents.segment_ids(
        query.document_id, status=query.status, search=query.search, order=query.order
    )


def next_needing_work(store: Store, query: Query, shown_ids: list[int], row: int) -> int | None:
    """The first segment after `row` (wrapping) that still needs a reviewer, in table order."""
    needing: set[int] = set()
    for status in NEEDS_WORK:
        needing.update(
            store.documents.segment_ids(
                query.document_id, status=status, search=query.search, translatable_only=True
            )
        )
    for step in range(1, len(shown_ids) + 1):
        candidate = shown_ids[(row + step) % len(shown_ids)]
        if candidate in needing:
            return candidate
    return None


def error_flags(store: Store, segment_id: int) -> tuple[Flag, ...]:
    """The segment's QA flags of error severity."""
    return tuple(
        flag for flag in store.flags.of_segment(segment_id) if flag.severity == Severity.ERROR
    )


def commit_change(
    store: Store, change: Change, reviewer: str
) -> SegmentChanged | ApprovalQuestioned | ConflictFound:
    """Commit a review action and say what happened, or why it waits or failed.

    An approval of a segment with error flags waits for confirmation; a stale base version
    comes back as the conflict, with both texts (the store keeps the losing one in history).
    """
    if change.kind == ChangeKind.APPROVE and not change.confirmed:
        flags = error_flags(store, change.segment_id)
        if flags:
            return ApprovalQuestioned(
                change.segment_id, change.base_translation_id, flags, advance=change.advance
            )
    try:
        note, restructured = apply_change(store, change, reviewer)
    except ConflictError:
        current = store.documents.segment(change.segment_id)
        return ConflictFound(
            change.segment_id,
            change.text,
            current.target or "",
            current.translation_id,
            can_overwrite=change.kind == ChangeKind.SAVE,
            source=current.source,
        )
    return SegmentChanged(
        read_view(store, change.segment_id),
        str(change.kind),
        note,
        restructured=restructured,
        advance=change.advance,
    )


def load_checks() -> None:
    """Load what the first change's checks would wait for: QA's modules, the spelling
    dictionaries and the language profiles (once per process; a second call costs nothing).
    Screens call it from a worker once their rows are drawn, the served zygote before it
    forks tabs, so a session's first save costs what the later ones do."""
    from workbench.quality.checks import recheck  # noqa: F401  (its imports are the point)
    from workbench.quality.spelling import preload

    preload()


def apply_change(store: Store, change: Change, reviewer: str) -> tuple[str, bool]:
    """Commit one review action; returns a one-line note for the reviewer, and whether the
    document's segments changed (a merge, or a revert that undid one).

    A change that makes a new target version has it checked by QA again, as MT output is.
    """
    # QA and spelling load in the worker that first commits a change, not at the app's start.
    from workbench.quality.checks import recheck

    note, restructured = _apply(store, change, reviewer)
    if change.kind in _NEW_VERSION:
        recheck(store, change.segment_id)
    if change.kind in (ChangeKind.SAVE, ChangeKind.APPROVE):
        note += propagated_note(propagate(store, change.segment_id, reviewer))
    return note, restructured


def propagated_note(repetition_ids: list[int]) -> str:
    """The tail of a save or approve note when repetitions got the target too."""
    if not repetition_ids:
        return ""
    return f"; also given to {len(repetition_ids)} repeated segments"


def _apply(store: Store, change: Change, reviewer: str) -> tuple[str, bool]:
    segment_id, base = change.segment_id, change.base_translation_id
    match change.kind:
        case ChangeKind.SAVE:
            store.reviews.save_edit(segment_id, change.text, reviewer, base)
            return (
                f"Saved segment {segment_id} as version {len(store.reviews.history(segment_id))}",
                False,
            )
        case ChangeKind.APPROVE:
            store.reviews.approve(segment_id, reviewer, base_translation_id=base)
            return f"Approved segment {segment_id}", False
        case ChangeKind.REJECT:
            store.reviews.reject(segment_id, reviewer, change.comment)
            return f"Rejected segment {segment_id}", False
        case ChangeKind.REVERT:
            members = store.restructure.revert(segment_id, reviewer, base)
            if members:
                apart = " and ".join(map(str, [segment_id, *members]))
                return f"Undid the merge: segments {apart} are separate again", True
            number = len(store.reviews.history(segment_id))
            return f"Reverted segment {segment_id} to its previous text (version {number})", False
        case ChangeKind.BOILERPLATE:
            store.documents.set_translatable(segment_id, change.translatable, reviewer)
            kind = "translatable" if change.translatable else "boilerplate"
            return f"Segment {segment_id} is now {kind}", False
        case ChangeKind.MERGE:
            store.restructure.merge_with_next(segment_id, reviewer, base)
            return f"Merged the next segment into segment {segment_id}", True
        case ChangeKind.SPLIT:
            store.restructure.split_target(segment_id, change.offset, reviewer, base)
            return f"Split the target of segment {segment_id} at character {change.offset}", False
        case ChangeKind.ADD_WORD:
            from workbench.quality.checks import accept_words

            accept_words(store, [change.text], reviewer)
            return f"Added {change.text!r} to the dictionary", False


def _lowest_confidence(store: Store, query: Query) -> list[int]:
    by_score = store.documents.segment_ids(
        query.document_id,
        status=query.status,
        search=query.search,
        order="score",
        translatable_only=True,
    )
    # Scored segments come first in score order; find where the unscored ones start.
    low, high = 0, len(by_score)
    while low < high:
        middle = (low + high) // 2
        if store.documents.segments_by_ids([by_score[middle]])[0].score is None:
            high = middle
        else:
            low = middle + 1
    chosen = by_score[: math.ceil(low * LOW_CONFIDENCE_SHARE)]
    if query.order == "score":
        return chosen
    keep = set(chosen)
    in_position = store.documents.segment_ids(
        query.document_id, status=query.status, search=query.search, translatable_only=True
    )
    return [segment_id for segment_id in in_position if segment_id in keep]
