"""Post-editing statistics: how much reviewers changed the MT, and how long approval took.

Pure computation over texts and timestamps handed in by the caller; never reads the store.
The store measures each approval with these and aggregates the figures in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from workbench.errors import InputError

UNKNOWN_REVIEWER = "(unknown)"


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
    """Mean effort over a group of approved segments (a document, a reviewer, or all)."""

    name: str
    segments: int
    mean_ter: float
    mean_chrf: float
    mean_char_distance: float
    share_unchanged: float
    median_seconds_to_approval: float


@dataclass(frozen=True, slots=True)
class EffortSummary:
    """Effort over all rows, per document and per reviewer (groups sorted by name)."""

    overall: GroupEffort
    per_document: tuple[GroupEffort, ...]
    per_reviewer: tuple[GroupEffort, ...]


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
