"""Glossary files: terms read from CSV (source,target[,note]) or TBX, conflicts and deprecated
terms reported, formulas refused."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.errors import InputError
from workbench.export.inline import EntityCount, segment_text
from workbench.files import refuse_open_database
from workbench.formulas import refuse_formula_term, restored
from workbench.ingest.charset import mislabelled_utf8
from workbench.translate.glossary import GlossaryTerm, term_key


@dataclass(slots=True)
class GlossaryReport:
    """What reading a glossary file found besides its terms."""

    # "FILE:LINE: 'x' is already translated as 'y' on line N", one per homonym conflict.
    conflicts: list[str] = field(default_factory=list)
    # TBX entries whose every target term is deprecated or superseded.
    deprecated_only: int = 0
    entities: EntityCount = field(default_factory=EntityCount)
    # the file declares a single-byte encoding but holds UTF-8 (see workbench.ingest.charset)
    encoding_warning: str | None = None


def read_glossary_file(
    path: Path,
    *,
    source_lang: str = "sv",
    target_lang: str = "en",
    report: GlossaryReport | None = None,
) -> list[GlossaryTerm]:
    """Read glossary terms from a .csv (source,target[,note]) or .tbx file.

    A source term given a second, different translation keeps the first; the conflict is
    recorded in `report` with both line numbers.
    """
    report = report if report is not None else GlossaryReport()
    refuse_open_database(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source_lang, target_lang, report)
    if suffix == ".tbx":
        return _read_tbx(path, source_lang, target_lang, report)
    raise InputError(f"{path}: not a glossary file", hint="use a .csv or .tbx file")


def _read_csv(
    path: Path, source_lang: str, target_lang: str, report: GlossaryReport
) -> list[GlossaryTerm]:
    terms: list[GlossaryTerm] = []
    first_line: dict[str, tuple[int, str]] = {}
    header = {("source", "target"), (source_lang, target_lang)}
    seen_row = False
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            for row in reader:
                line = reader.line_num
                # a cell `glossary list --csv` neutralised reads back as it was
                cells = [restored(cell.strip()) for cell in row]
                if not any(cells):
                    continue
                is_header = not seen_row and tuple(c.casefold() for c in cells[:2]) in header
                seen_row = True
                if is_header:
                    continue
                if not 2 <= len(cells) <= 3:
                    raise InputError(
                        f"{path}:{line}: expected source,target[,note], got {len(cells)} columns"
                    )
                if not cells[0] or not cells[1]:
                    raise InputError(f"{path}:{line}: empty source or target term")
                note = cells[2] if len(cells) == 3 and cells[2] else None
                term = GlossaryTerm(cells[0], cells[1], note)
                _add_term(terms, first_line, term, f"{path}:{line}", report)
    except OSError as exc:
        raise InputError(f"{path}: cannot read glossary: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV: {exc}") from exc
    return terms


def _add_term(
    terms: list[GlossaryTerm],
    first_line: dict[str, tuple[int, str]],
    term: GlossaryTerm,
    where: str,
    report: GlossaryReport,
) -> None:
    """Append `term` unless its source is already there; a different target is a conflict.
    A formula is refused (`InputError`): the glossary is never half imported."""
    refuse_formula_term(term.source, where)
    refuse_formula_term(term.target, where)
    key = term_key(term.source)
    if key in first_line:
        index, first_where = first_line[key]
        earlier = terms[index]
        if term_key(earlier.target) != term_key(term.target):
            report.conflicts.append(
                f"{where}: {term.source!r} is already translated as {earlier.target!r} on line "
                f"{first_where.rsplit(':', 1)[-1]}; kept that"
            )
        return
    first_line[key] = (len(terms), where)
    terms.append(term)


# TBX's status data categories: `termNote type="administrativeStatus"` (TBX 2, TBX-Basic),
# `termStatus` (TBX-Min) and `normativeAuthorization` (older TBX), as attribute or element name.
_STATUS_CATEGORIES = frozenset({"administrativeStatus", "termStatus", "normativeAuthorization"})
_DEPRECATED = ("deprecated", "superseded", "notrecommended", "obsolete", "forbidden")


def _read_tbx(
    path: Path, source_lang: str, target_lang: str, report: GlossaryReport
) -> list[GlossaryTerm]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as exc:  # libxml2 also says so for bytes its declared encoding lacks
        raise InputError(
            f"{path}: cannot read glossary: {exc}", hint=mislabelled_utf8(path)
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{path}:{exc.lineno}: not well-formed TBX: {exc.msg}", hint=mislabelled_utf8(path)
        ) from exc
    report.encoding_warning = mislabelled_utf8(path)
    terms: list[GlossaryTerm] = []
    first_line: dict[str, tuple[int, str]] = {}
    for entry in root.iter():
        if _local(entry) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[tuple[str, int | None]]] = {}
        for lang_set in entry:
            if _local(lang_set) not in ("langSet", "langSec"):
                continue
            lang = lang_set.get("{http://www.w3.org/XML/1998/namespace}lang", "")
            found = by_lang.setdefault(_primary(lang), [])
            for term in lang_set.iter():
                if _local(term) == "term":
                    word = " ".join(segment_text(term, report.entities).split())
                    if word:
                        found.append((word, _status_rank(term)))
        sources, targets = by_lang.get(_primary(source_lang)), by_lang.get(_primary(target_lang))
        if not sources or not targets:
            continue
        usable = [(rank, -index, word) for index, (word, rank) in enumerate(targets) if rank]
        if not usable:
            report.deprecated_only += 1
            continue
        target = max(usable)[2]  # the best status, the first in file order among equals
        note = _tbx_note(entry, report.entities)
        where = f"{path}:{entry.sourceline or 0}"
        for source, _ in sources:
            _add_term(terms, first_line, GlossaryTerm(source, target, note), where, report)
    if not terms:
        raise InputError(
            f"{path}: no {source_lang}→{target_lang} term pairs found",
            hint="each termEntry needs a langSet for both languages",
        )
    return terms


def _status_rank(term: etree._Element) -> int | None:
    """3 preferred, 2 admitted, 1 no status given, None deprecated or superseded."""
    group = term.getparent()
    if group is None or _local(group) in ("langSet", "langSec"):
        return 1
    for element in group.iter():
        name = _local(element)
        category = element.get("type") if name == "termNote" else name
        if category in _STATUS_CATEGORIES:
            value = " ".join(element.itertext()).casefold()
            if "preferred" in value:
                return 3
            if "admitted" in value:
                return 2
            if any(word in value for word in _DEPRECATED):
                return None
    return 1


def _tbx_note(entry: etree._Element, entities: EntityCount) -> str | None:
    """The entry's definition when it has one, else its first note."""
    candidates = [
        element
        for element in entry.iter()
        if _local(element) == "note"
        or (_local(element) == "descrip" and element.get("type") in ("definition", "note"))
    ]
    candidates.sort(key=lambda element: element.get("type") != "definition")
    for element in candidates:
        text = " ".join(segment_text(element, entities).split())
        if text:
            return text
    return None


def _local(element: etree._Element) -> str:
    # Comments and processing instructions have a function, not a string, as their tag.
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].casefold()
