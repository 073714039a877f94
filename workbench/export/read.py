"""Read bilingual pairs back from TMX, TSV and XLIFF files, for the translation memory.

Reads only, streaming: XML is parsed incrementally (each unit is dropped once read) with entity
resolution and network access off; nothing is stored here. Every format ends the same way: the
pairs worth remembering, an `ImportReport` of what was skipped and why, and one `ExportError`
when the file holds no usable pair at all.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import ExportError
from workbench.export.inline import EntityCount
from workbench.files import refuse_open_database
from workbench.ingest.charset import mislabelled_utf8
from workbench.records import SegmentStatus
from workbench.textkeys import language_tag, primary_language

_TSV_HEADER_WORDS = frozenset(
    ["source", "target", "src", "tgt", "trg", "original", "translation", "source_text"]
    + ["target_text", "source text", "target text"]
)
# Placeholders written as text by software-localisation tools: {1}, {name}, %s, %1$d, ${x}.
_TEXT_PLACEHOLDER = re.compile(
    r"\{[^{}\s]{0,40}\}|\$\{[^{}]{0,40}\}|%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGc@]"
)

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


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


def read_pairs(
    path: Path,
    *,
    source_lang: str = "sv",
    target_lang: str = "en",
    include_unreviewed: bool = False,
    report: ImportReport | None = None,
) -> Iterator[ImportedPair]:
    """Return an iterator of the `source_lang`→`target_lang` pairs in a .tmx, .tsv or .xlf file.

    Languages match by BCP 47 prefix ("sv" takes "sv-SE"). Units the file marks as new, rejected
    or never reviewed (the latter unless `include_unreviewed`), units whose target holds only
    placeholders or inline codes, and units with an invalid status are skipped and counted in
    `report`. Errors in the file, and a file with no usable pair, raise `ExportError` naming it
    when the iterator reaches them.
    """
    reader = _reader(path)
    refuse_open_database(path)
    if not path.is_file():
        raise ExportError(f"cannot import {path}: no such file")
    return _admitted(path, reader, source_lang, target_lang, include_unreviewed, report)


def _reader(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return _read_tsv
    if suffix == ".tmx":
        from workbench.export.read_tmx import read_tmx

        return read_tmx
    if suffix in (".xlf", ".xliff", ".sdlxliff", ".mqxliff"):
        from workbench.export.read_xliff import read_xliff

        return read_xliff
    raise ExportError(
        f"cannot import {path}: unknown extension {path.suffix or '(none)'!r}",
        hint="expected .tmx, .tsv, .xlf, .xliff, .sdlxliff or .mqxliff",
    )


def _admitted(
    path: Path,
    reader: Reader,
    source_lang: str,
    target_lang: str,
    include_unreviewed: bool,
    report: ImportReport | None,
) -> Iterator[ImportedPair]:
    report = report if report is not None else ImportReport()
    report.encoding_warning = mislabelled_utf8(path)
    for candidate in reader(path, source_lang, target_lang, report):
        verdict = candidate.verdict
        if verdict is Verdict.UNREVIEWED and include_unreviewed:
            verdict = Verdict.USABLE
        if verdict is Verdict.USABLE:
            verdict = _text_verdict(candidate.pair)
        if verdict is not Verdict.USABLE:
            report.skipped[verdict] += 1
            if verdict is Verdict.INVALID_STATE:
                report.invalid_states[candidate.state or ""] += 1
            continue
        report.pairs += 1
        yield candidate.pair
    if not report.pairs:
        skipped = report.skipped_summary()
        raise ExportError(
            f"{path}: no usable {source_lang}→{target_lang} pair in its {report.units} units"
            + (f" (skipped: {skipped})" if skipped else "")
        )


def malformed(path: Path, kind: str, exc: Exception) -> ExportError:
    """The one-line error for an XML file lxml could not parse (an empty file has no line),
    saying so when the file is UTF-8 under a single-byte label."""
    line = getattr(exc, "lineno", 0)
    where = f"line {line}: " if line else ""
    return ExportError(
        f"{path}: {where}malformed {kind}: {getattr(exc, 'msg', exc)}",
        hint=mislabelled_utf8(path),  # a mislabelled file can hold bytes its label lacks
    )


def _text_verdict(pair: ImportedPair) -> Verdict:
    if not pair.source.strip() or not pair.target.strip():
        return Verdict.NOT_TRANSLATED
    if not (_has_words(pair.source) and _has_words(pair.target)):
        return Verdict.PLACEHOLDERS_ONLY
    return Verdict.USABLE


def _has_words(text: str) -> bool:
    """Whether text holds a letter or digit once its placeholders ({1}, %s) are taken out."""
    return _LETTER_OR_DIGIT.search(_TEXT_PLACEHOLDER.sub("", text)) is not None


def _read_tsv(
    path: Path, source_lang: str, target_lang: str, report: ImportReport
) -> Iterator[Candidate]:
    swapped = False
    languages: tuple[str | None, str | None] = (None, None)
    status_column: int | None = None  # the workbench's own TSV export has one
    with path.open("rb") as stream:
        for line_number, raw_line in enumerate(stream, start=1):
            try:
                line = raw_line.decode("utf-8-sig" if line_number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ExportError(
                    f"{path}: line {line_number}: not UTF-8 (byte {exc.start + 1} of the line)"
                ) from exc
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) < 2:
                raise ExportError(
                    f"{path}: line {line_number}: expected source<TAB>target, found no tab"
                )
            if line_number == 1:
                header = _tsv_header(cells[0].strip(), cells[1].strip(), source_lang, target_lang)
                if header is not None:
                    swapped, languages = header
                    names = [cell.strip().lower() for cell in cells]
                    status_column = names.index("status") if "status" in names else None
                    continue
            report.units += 1
            source, target = (cells[1], cells[0]) if swapped else (cells[0], cells[1])
            pair = ImportedPair(source, target, *languages, f"{path.name}:{line_number}")
            if status_column is None:
                yield Candidate(pair)
            else:
                status = cells[status_column].strip() if status_column < len(cells) else ""
                verdict = VERDICT_BY_STATUS.get(status, Verdict.INVALID_STATE)
                yield Candidate(pair, verdict, status)


def _tsv_header(
    first: str, second: str, source_lang: str, target_lang: str
) -> tuple[bool, tuple[str | None, str | None]] | None:
    """None if the first line is data, else (columns run target-first, languages it names).

    A header names languages when it reads "sv<TAB>en" rather than "source<TAB>target".
    """
    if first.lower() in _TSV_HEADER_WORDS and second.lower() in _TSV_HEADER_WORDS:
        return False, (None, None)
    # Only whole short cells count as language tags: "en" is a header, "En bil." is data.
    if not all(len(name) <= 8 and " " not in name for name in (first, second)):
        return None
    wanted = (primary_language(source_lang), primary_language(target_lang))
    found = (primary_language(first), primary_language(second))
    if found == wanted:
        return False, (language_tag(first), language_tag(second))
    if found == wanted[::-1]:
        return True, (language_tag(second), language_tag(first))
    return None
