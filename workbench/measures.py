"""Post-editing statistics: how much reviewers changed the MT, and how long approval took.

Pure computation over texts and timestamps handed in by the caller; never reads the store. It sits
below the store, which measures each approval with it and aggregates the figures in SQL, so the
store and the front ends share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from workbench.errors import InputError

UNKNOWN_REVIEWER = "(unknown)"
# An approved segment the reviewer changed is "lightly edited" up to this HTER, "heavily
# edited" up to the next, and "rewritten" above it (HTER 60: more than half the words redone).
LIGHT_EDIT_MAX_HTER = 30.0
HEAVY_EDIT_MAX_HTER = 60.0


@dataclass(frozen=True, slots=True)
class Effort:
    """Edit effort from an MT hypothesis to the final text.

    `ter` is HTER (0 = untouched, 100 = one edit per reference word; it can exceed 100), `chrf`
    is chrF (100 = identical), `char_distance` the Levenshtein distance in characters.
    """

    ter: float
    chrf: float
    char_distance: int
    unchanged: bool


@dataclass(frozen=True, slots=True)
class GroupEffort:
    """Mean effort over a group of approved segments (a document, a reviewer, or all), and
    how many of them were approved unchanged, lightly or heavily edited, or rewritten (see
    `LIGHT_EDIT_MAX_HTER`, `HEAVY_EDIT_MAX_HTER`)."""

    name: str
    segments: int
    mean_ter: float
    mean_chrf: float
    mean_char_distance: float
    share_unchanged: float
    median_seconds_to_approval: float
    approved_unchanged: int = 0
    lightly_edited: int = 0
    heavily_edited: int = 0
    rewritten: int = 0


@dataclass(frozen=True, slots=True)
class EffortSummary:
    """Effort over all rows, per document and per reviewer (groups sorted by name)."""

    overall: GroupEffort
    per_document: tuple[GroupEffort, ...]
    per_reviewer: tuple[GroupEffort, ...]


# How front ends explain the kinds below, thresholds included.
EDIT_KINDS_NOTE = (
    f"edited: lightly up to HTER {LIGHT_EDIT_MAX_HTER:g}, heavily up to "
    f"{HEAVY_EDIT_MAX_HTER:g}, rewritten above"
)


def edit_kinds(group: GroupEffort) -> list[tuple[str, int]]:
    """The group's approvals by what the reviewer did, as every front end labels them."""
    return [
        ("unchanged", group.approved_unchanged),
        ("lightly edited", group.lightly_edited),
        ("heavily edited", group.heavily_edited),
        ("rewritten", group.rewritten),
    ]


def edit_effort(mt: str, final: str) -> Effort:
    """Measure HTER, chrF and character edit distance from `mt` to `final`."""
    if mt == final:
        # sacrebleu scores two empty strings as chrF 0; an untouched segment is no effort at all.
        return Effort(ter=0.0, chrf=100.0, char_distance=0, unchanged=True)
    # The store imports this module to measure approvals, and listing commands open the store:
    # sacrebleu (which pulls in lxml) loads with the first measurement (see workbench.cli).
    import sacrebleu
    from rapidfuzz.distance import Levenshtein

    return Effort(
        ter=sacrebleu.sentence_ter(mt, [final]).score,
        chrf=sacrebleu.sentence_chrf(mt, [final]).score,
        char_distance=Levenshtein.distance(mt, final),
        unchanged=False,
    )


def seconds_to_approval(translated_at: str, approved_at: str) -> float:
    """Seconds from the MT to the approval (ISO 8601; a naive time is taken as UTC)."""
    return (_parse_time(approved_at) - _parse_time(translated_at)).total_seconds()


def _parse_time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"timestamp {value!r} is not ISO 8601") from exc
    # Mixing naive and aware times would raise on subtraction; the store writes UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
