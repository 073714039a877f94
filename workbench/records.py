"""Frozen records and enums shared by the stages, the store and the front ends.

Plain data only: no I/O, no SQL, no imports beyond the standard library.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass


class SegmentKind(enum.StrEnum):
    """What a paragraph is on the page; only title, body and caption are translated."""

    TITLE = "title"
    BODY = "body"
    CAPTION = "caption"
    BOILERPLATE = "boilerplate"


class SegmentStatus(enum.StrEnum):
    """Where a segment stands in review."""

    NEW = "new"
    TRANSLATED = "translated"
    EDITED = "edited"
    APPROVED = "approved"
    REJECTED = "rejected"


class Origin(enum.StrEnum):
    """Who produced a translation version."""

    MT = "mt"
    HUMAN = "human"
    TM = "tm"
    IMPORT = "import"
    PROPAGATED = "propagated"  # a reviewer's target copied to an untouched repetition


class Severity(enum.StrEnum):
    """How bad a QA flag is; error-severity flags ask for confirmation before approval."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Role(enum.StrEnum):
    """What an account may do: a translator edits; a reviewer also approves."""

    TRANSLATOR = "translator"
    REVIEWER = "reviewer"


@dataclass(frozen=True, slots=True)
class Account:
    """A named reviewer account (its password hash stays in the store)."""

    name: str
    role: Role
    created: str


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested revision of a file."""

    id: int
    path: str
    title: str
    sha256: str
    source_lang: str
    target_lang: str
    created: str
    revision: int
    role: str  # "source" for text to translate, "target" for an existing translation


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or boilerplate line) of a document with its current target, if any."""

    id: int
    document_id: int
    paragraph: int
    index: int
    source: str
    kind: SegmentKind
    lang: str
    lang_prob: float
    translatable: bool
    status: SegmentStatus
    gap: str  # whitespace between this segment and the next in its paragraph
    target: str | None = None
    translation_id: int | None = None  # the current version; edits must name it
    origin: Origin | None = None
    score: float | None = None

    @property
    def shown_status(self) -> str:
        """The status every front end shows: "boilerplate" for segments not translated."""
        return str(self.status) if self.translatable else "boilerplate"


def score_percent(score: float | None, origin: Origin | str | None) -> float | None:
    """MT confidence and memory match on one 0–100 scale, as every front end and export
    shows them (the README's "MT confidence").

    MT stores its mean token log-probability (≤ 0), so 100 × e^score is the mean token
    probability in percent; memory targets already store their match percentage.
    """
    if score is None or math.isnan(score):
        return None
    if origin == Origin.TM:
        return score
    return 100 * math.exp(min(score, 0.0))


def mt_log_prob(score: float | None, origin: Origin | str | None) -> float | None:
    """The model's own figure behind an MT confidence (None for other origins or NaN)."""
    if score is None or origin == Origin.TM or not math.isfinite(score):
        return None
    return score


@dataclass(frozen=True, slots=True)
class Translation:
    """One version in a segment's append-only target history."""

    id: int
    segment_id: int
    text: str
    origin: Origin
    engine: str | None
    model_id: str | None
    score: float | None
    author: str | None
    created: str
    parent_id: int | None
    signature: str | None  # how an MT version was made: engine, package, beam, compute type


@dataclass(frozen=True, slots=True)
class Bead:
    """An alignment unit: source segment ids ↔ target segment ids (either side may be empty)."""

    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    score: float
    method: str

    @property
    def type(self) -> str:
        """The bead type as aligners write it, e.g. "2-1"."""
        return f"{len(self.source_ids)}-{len(self.target_ids)}"


@dataclass(frozen=True, slots=True)
class Flag:
    """A QA finding on a target: a check code, severity, message and optional character span."""

    code: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleSegment:
    """A segment as the article renderer reads it: layout, source, current target, review."""

    id: int
    paragraph: int
    index: int
    kind: SegmentKind
    translatable: bool
    block: str  # the paragraph's element: p, h1-h6, ul, ol, quote, caption, pre
    lead: str  # what stood before the paragraph (first segment only): newlines, a bullet
    source: str
    gap: str
    status: SegmentStatus
    target: str | None
    origin: Origin | None
    score: float | None
    reviewer: str | None
    flags: tuple[tuple[Severity, str], ...] = ()
    comment: str | None = None  # the reviewer's note with an approval or rejection


@dataclass(frozen=True, slots=True)
class NewSegment:
    """A segment as ingest produces it, before the store gives it an id."""

    paragraph: int
    index: int
    source: str
    gap: str
    kind: SegmentKind
    lang: str
    lang_prob: float
    translatable: bool
    block: str = "p"  # the paragraph's element, for rendering the article (textio.BLOCKS)
    lead: str = ""  # what stood before the paragraph: set on its first segment only


@dataclass(frozen=True, slots=True)
class NewTranslation:
    """A machine or memory translation about to be recorded for a segment."""

    segment_id: int
    text: str
    origin: Origin
    score: float | None = None
    engine: str | None = None
    model_id: str | None = None
    signature: str | None = None
    author: str | None = None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document with the counts the documents screen and `documents` listing show."""

    document: Document
    segments: int
    translatable: int
    translated: int
    approved: int
    last_activity: str | None
    reference_of: int | None = None  # the source document a reference translation translates

    @property
    def is_reference(self) -> bool:
        """A human translation stored to align with, not work to translate."""
        return self.document.role == "target"


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the audit log."""

    id: int
    time: str
    actor: str
    action: str
    document_id: int | None
    segment_id: int | None
    details: str | None


@dataclass(frozen=True, slots=True)
class ExportUnit:
    """One aligned bead ready to leave the workbench: its texts and where they came from."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    document: str  # title or path, as the user knows the document
    document_id: int
    position: str  # paragraph.sentence, "3.1" or "3.1-3.2" for an n:m bead
    segment_ids: tuple[int, ...]
    bead_type: str
    origin: Origin
    status: SegmentStatus
    author: str | None
    created: str  # ISO 8601 UTC of the segment's first target version
    changed: str  # ISO 8601 UTC of the exported (approved or current) version
    score: float | None
    flagged: bool = False  # has an error-severity QA flag; no format writes it
