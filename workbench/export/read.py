"""Read bilingual pairs back from TMX, TSV and XLIFF files, for the translation memory.

Reads only, streaming: XML is parsed incrementally (each unit is dropped once read) with entity
resolution and network access off; nothing is stored here. Every format ends the same way: the
pairs worth remembering, an `ImportReport` of what was skipped and why, and one `ExportError`
when the file holds no usable pair at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import ExportError
from workbench.export.candidates import ImportedPair, ImportReport, Reader, Verdict
from workbench.files import refuse_open_database
from workbench.ingest.charset import mislabelled_utf8

# Placeholders written as text by software-localisation tools: {1}, {name}, %s, %1$d, ${x}.
_TEXT_PLACEHOLDER = re.compile(
    r"\{[^{}\s]{0,40}\}|\$\{[^{}]{0,40}\}|%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXeEgGc@]"
)

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


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
        from workbench.export.read_tsv import read_tsv

        return read_tsv
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


def _text_verdict(pair: ImportedPair) -> Verdict:
    if not pair.source.strip() or not pair.target.strip():
        return Verdict.NOT_TRANSLATED
    if not (_has_words(pair.source) and _has_words(pair.target)):
        return Verdict.PLACEHOLDERS_ONLY
    return Verdict.USABLE


def _has_words(text: str) -> bool:
    """Whether text holds a letter or digit once its placeholders ({1}, %s) are taken out."""
    return _LETTER_OR_DIGIT.search(_TEXT_PLACEHOLDER.sub("", text)) is not None
