"""What a corpus file's reader hands on: each unit with the file's verdict on it, and the report.

The format readers (`read_tmx`, `read_xliff`, `read_tsv`) produce these; `export.read` decides
which pairs the memory takes.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ExportError
from workbench.export.inline import EntityCount
from workbench.ingest.charset import mislabelled_utf8
from workbench.records import SegmentStatus


class Verdict(enum.StrEnum):
    """What a file says about one unit's translation, and so whether the memory takes it."""

    USABLE = "usable"  # translated by a person, or reviewed
    UNREVIEWED = "unreviewed"  # raw MT or a draft nobody confirmed
    NOT_TRANSLATED = "not translated"  # new, rejected, or a target that only holds codes
    PLACEHOLDERS_ONLY = "placeholders only"
    INVALID_STATE = "invalid state"  # a status value the format does not define
    OTHER_LANGUAGES = "without both languages"


# The workbench's own review statuses, as its TMX (`x-status`) and TSV exports write them.
VERDICT_BY_STATUS = {
    SegmentStatus.NEW.value: Verdict.NOT_TRANSLATED,
    SegmentStatus.REJECTED.value: Verdict.NOT_TRANSLATED,
    SegmentStatus.TRANSLATED.value: Verdict.UNREVIEWED,
    SegmentStatus.EDITED.value: Verdict.USABLE,
    SegmentStatus.APPROVED.value: Verdict.USABLE,
}


@dataclass(frozen=True, slots=True)
class ImportedPair:
    """A source/target pair read from a corpus file, with its languages where the file says."""

    source: str
    target: str
    source_lang: str | None
    target_lang: str | None
    origin_note: str | None  # "FILE:LINE" of the unit, for provenance


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit as a format reader found it, before the memory's rules decide on it."""

    pair: ImportedPair
    verdict: Verdict = Verdict.USABLE
    state: str | None = None  # the file's own status value, when it is invalid


@dataclass(slots=True)
class ImportReport:
    """What an import read: units, pairs kept, and how many were skipped for each reason."""

    units: int = 0
    pairs: int = 0
    skipped: Counter[Verdict] = field(default_factory=Counter)
    invalid_states: Counter[str] = field(default_factory=Counter)
    normalised: int = 0  # units whose whitespace the file allowed us to normalise
    entities: EntityCount = field(default_factory=EntityCount)
    # the file declares a single-byte encoding but holds UTF-8 (see workbench.ingest.charset)
    encoding_warning: str | None = None

    def skipped_summary(self) -> str:
        """ "3 unreviewed, 1 placeholders only", most common first; "" if nothing was skipped."""
        parts = [f"{count} {verdict}" for verdict, count in self.skipped.most_common()]
        if self.invalid_states:
            values = ", ".join(repr(state) for state in sorted(self.invalid_states))
            parts = [p + f" ({values})" if p.endswith(Verdict.INVALID_STATE) else p for p in parts]
        return ", ".join(parts)


Reader = Callable[[Path, str, str, ImportReport], Iterator[Candidate]]


def malformed(path: Path, kind: str, exc: Exception) -> ExportError:
    """The one-line error for an XML file lxml could not parse (an empty file has no line),
    saying so when the file is UTF-8 under a single-byte label."""
    line = getattr(exc, "lineno", 0)
    where = f"line {line}: " if line else ""
    return ExportError(
        f"{path}: {where}malformed {kind}: {getattr(exc, 'msg', exc)}",
        hint=mislabelled_utf8(path),  # a mislabelled file can hold bytes its label lacks
    )
