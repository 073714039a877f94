"""Read source<TAB>target pairs, with an optional header naming columns or languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from workbench.errors import ExportError
from workbench.export.candidates import (
    VERDICT_BY_STATUS,
    Candidate,
    ImportedPair,
    ImportReport,
    Verdict,
)
from workbench.textkeys import language_tag, primary_language

_TSV_HEADER_WORDS = frozenset(
    ["source", "target", "src", "tgt", "trg", "original", "translation", "source_text"]
    + ["target_text", "source text", "target text"]
)


def read_tsv(
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
