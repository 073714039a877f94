"""Post-editing statistics: how much reviewers changed the MT, and how long approval took.

Pure computation over texts and timestamps handed in by the caller; never reads the store.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
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
class EffortRow:
    """One approved segment: who approved it, the MT it started from and the text approved."""

    document: str
    reviewer: str | None
    mt: str
    final: str
    translated_at: str  # ISO 8601; a naive time is taken as UTC
    approved_at: str


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
    # sacrebleu pulls in its tokenisers and regex tables (~60 ms); only stats callers pay.
    import sacrebleu
    from rapidfuzz.distance import Levenshtein

    return Effort(
        ter=sacrebleu.sentence_ter(mt, [final]).score,
        chrf=sacrebleu.sentence_chrf(mt, [final]).score,
        char_distance=Levenshtein.distance(mt, final),
        unchanged=False,
    )


def summarise(rows: Iterable[EffortRow]) -> EffortSummary:
    """Summarise edit effort and time to approval overall, per document and per reviewer."""
    measured = [(row, edit_effort(row.mt, row.final), _seconds_to_approval(row)) for row in rows]
    by_document: dict[str, list[tuple[Effort, float]]] = {}
    by_reviewer: dict[str, list[tuple[Effort, float]]] = {}
    for row, effort, seconds in measured:
        by_document.setdefault(row.document, []).append((effort, seconds))
        by_reviewer.setdefault(row.reviewer or UNKNOWN_REVIEWER, []).append((effort, seconds))
    return EffortSummary(
        overall=_group("all", [(effort, seconds) for _, effort, seconds in measured]),
        per_document=tuple(_group(name, by_document[name]) for name in sorted(by_document)),
        per_reviewer=tuple(_group(name, by_reviewer[name]) for name in sorted(by_reviewer)),
    )


def _group(name: str, members: list[tuple[Effort, float]]) -> GroupEffort:
    if not members:
        return GroupEffort(name, 0, 0.0, 0.0, 0.0, 0.0, 0.0)
    efforts = [effort for effort, _ in members]
    return GroupEffort(
        name=name,
        segments=len(members),
        mean_ter=statistics.fmean(effort.ter for effort in efforts),
        mean_chrf=statistics.fmean(effort.chrf for effort in efforts),
        mean_char_distance=statistics.fmean(effort.char_distance for effort in efforts),
        share_unchanged=sum(effort.unchanged for effort in efforts) / len(efforts),
        median_seconds_to_approval=statistics.median(seconds for _, seconds in members),
    )


def _seconds_to_approval(row: EffortRow) -> float:
    translated = _parse_time(row.translated_at, row)
    approved = _parse_time(row.approved_at, row)
    return (approved - translated).total_seconds()


def _parse_time(value: str, row: EffortRow) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"timestamp {value!r} of a segment in {row.document!r} is not ISO 8601"
        ) from exc
    # Mixing naive and aware times would raise on subtraction; the store writes UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
