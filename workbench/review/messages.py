"""Messages store workers post back to their screens (workers never touch widgets).

Named in the past tense for what happened; each carries plain records, never a `Store`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from workbench.measures import EffortSummary
from workbench.records import Document, DocumentSummary, Flag, Segment
from workbench.store.beads import StoredBead
from workbench.store.search import ConcordanceHit

if TYPE_CHECKING:
    from workbench.review.documents_page import DocumentsPage
    from workbench.review.widgets.segment_detail import SegmentView
    from workbench.translate.complete import Alternatives


@dataclass
class DocumentsLoaded(Message):
    """The documents screen's list was read, with its first rows' counts (more come a page
    at a time)."""

    page: DocumentsPage


@dataclass
class DocumentSummariesLoaded(Message):
    """Counts and last activity of the documents on screen were read."""

    summaries: list[DocumentSummary]


@dataclass
class AlignmentPairFound(Message):
    """A source document and the translation aligned to it."""

    source_document_id: int
    target_document_id: int


@dataclass
class SegmentIdsLoaded(Message):
    """The ids matching the current filter, search and order were read."""

    document: Document
    segment_ids: list[int]
    cursor_segment_id: int | None
    rows: list[Segment]


@dataclass
class SegmentRowsLoaded(Message):
    """A page of table rows was read."""

    segments: list[Segment]


@dataclass
class ConcordanceLoaded(Message):
    """The store's segments and memory entries containing a searched phrase were read."""

    phrase: str
    hits: list[ConcordanceHit]


@dataclass
class SegmentChanged(Message):
    """A review action was committed; `view` is the segment as stored now."""

    view: SegmentView
    action: str
    note: str
    restructured: bool = False
    advance: bool = False  # the reviewer asked to move on to the next segment needing work


@dataclass
class ApprovalQuestioned(Message):
    """Approval waits for the reviewer: the segment has error-severity QA flags."""

    segment_id: int
    base_translation_id: int | None
    flags: tuple[Flag, ...]
    advance: bool = False


@dataclass
class ConflictFound(Message):
    """Someone else changed the segment first; both texts are kept in its history."""

    segment_id: int
    mine: str
    theirs: str
    theirs_translation_id: int | None
    can_overwrite: bool
    source: str  # the segment's source now: a merge meanwhile makes it longer than mine's


@dataclass
class NextFound(Message):
    """The next segment needing work after the cursor, in table order (None: all done)."""

    segment_id: int | None


@dataclass
class BeadsLoaded(Message):
    """The current alignment of a document pair was read; `note` says what changed it."""

    source: Document
    target: Document
    beads: list[StoredBead]
    cursor: int
    note: str | None = None


@dataclass
class StatsLoaded(Message):
    """Status counts and post-editing effort were computed."""

    status_counts: dict[str, int]
    summary: EffortSummary


@dataclass
class AlternativesFound(Message):
    """The engine's alternatives for the target being edited were found."""

    alternatives: Alternatives
