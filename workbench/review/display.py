"""How the review screens write times, scores and statuses; text only, no widgets.

Times are shown relative to the app's clock so a fixed clock gives fixed screens.
"""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.ingest.controls import visible
from workbench.records import Origin, Segment, SegmentStatus, score_percent

# Statuses that still need a reviewer's attention; `n` walks through these.
NEEDS_WORK = (
    SegmentStatus.NEW,
    SegmentStatus.TRANSLATED,
    SegmentStatus.EDITED,
    SegmentStatus.REJECTED,
)


def parse_time(value: str) -> datetime:
    """An ISO 8601 time from the store; naive times are taken as UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ago(value: str | None, now: datetime) -> str:
    """A stored time as "5 min ago", "3 h ago", "12 d ago" or the date for older times."""
    if not value:
        return "never"
    seconds = (now - parse_time(value)).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)} d ago"
    return parse_time(value).date().isoformat()


def score_text(score: float | None, origin: Origin | str | None) -> str:
    """An MT confidence or memory match as a percentage (see `score_percent`), or a dash."""
    percent = score_percent(score, origin)
    return "—" if percent is None else f"{percent:.0f}%"


def bead_score_text(score: float) -> str:
    """An alignment bead's score (0–1) on the 0–100 scale MT confidence is shown on."""
    return f"{100 * score:.0f}%"


def status_text(segment: Segment) -> str:
    """The status column: the status, or "boilerplate" for segments that are not translated."""
    return segment.shown_status


def one_line(text: str | None) -> str:
    """Text for a one-line table cell: line breaks and control characters shown as marks."""
    return visible((text or "").replace("\r\n", "⏎").replace("\n", "⏎"))


def duration(seconds: float) -> str:
    """A span of time as "45 s", "12 min", "3.5 h" or "2.0 d"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
