"""Frozen records and enums shared by the stages, the store and the front ends.

Plain data only: no I/O, no SQL, no imports beyond the standard library.
"""

from __future__ import annotations

import enum
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
