"""Read TMX (1.1 to 1.4b) for the translation memory, one `<tu>` at a time in constant memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lxml import etree

from workbench.export.candidates import (
    VERDICT_BY_STATUS,
    Candidate,
    ImportedPair,
    ImportReport,
    Verdict,
    malformed,
)
from workbench.export.inline import codes_only, segment_text
from workbench.textkeys import language_preference, language_tag

if TYPE_CHECKING:
    from lxml.etree import _Element

_Item = TypeVar("_Item")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(
    path: Path, source_lang: str, target_lang: str, report: ImportReport
) -> Iterator[Candidate]:
    """Each `<tu>` as a candidate pair; see `read_pairs`."""
    events = etree.iterparse(
        str(path),
        events=("end",),
        tag="tu",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,  # one long segment is not an attack; entity expansion stays off
    )
    try:
        for _, tu in events:
            report.units += 1
            candidate = _tu_candidate(tu, source_lang, target_lang, report, path.name)
            # Constant memory: drop the finished <tu> and everything parsed before it.
            tu.clear(keep_tail=True)
            while tu.getprevious() is not None:
                del tu.getparent()[0]
            yield candidate
    except etree.XMLSyntaxError as exc:
        raise malformed(path, "TMX", exc) from exc


def _tu_candidate(
    tu: _Element, source_lang: str, target_lang: str, report: ImportReport, file_name: str
) -> Candidate:
    tagged = []
    for tuv in tu.iterchildren("tuv"):
        # TMX 1.1 wrote `lang`; 1.4 writes `xml:lang`.
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if lang and seg is not None:
            tagged.append((lang, seg))
    source = pick_language(tagged, source_lang)
    target = pick_language(tagged, target_lang)
    note = f"{file_name}:{tu.sourceline}"
    if source is None or target is None or source is target:
        return Candidate(ImportedPair("", "", None, None, note), Verdict.OTHER_LANGUAGES)
    pair = ImportedPair(
        segment_text(source[1], report.entities),
        segment_text(target[1], report.entities),
        language_tag(source[0]),
        language_tag(target[0]),
        note,
    )
    if codes_only(target[1], pair.target):
        return Candidate(pair, Verdict.PLACEHOLDERS_ONLY)
    status = next(
        ((prop.text or "").strip() for prop in tu.iterchildren("prop") if _is_status(prop)), None
    )
    if status is None:
        return Candidate(pair)
    verdict = VERDICT_BY_STATUS.get(status, Verdict.INVALID_STATE)
    return Candidate(pair, verdict, status)


def _is_status(prop: _Element) -> bool:
    return prop.get("type") == "x-status"


def pick_language(tagged: list[tuple[str, _Item]], wanted: str) -> tuple[str, _Item] | None:
    """The variant that best answers `wanted`: its exact tag, then the bare language ("en" for
    "en-US"), then the first other variant of the language ("en-GB"); None if there is none."""
    best: tuple[int, tuple[str, _Item]] | None = None
    for item in tagged:
        rank = language_preference(item[0], wanted)
        if rank is not None and (best is None or rank > best[0]):
            best = (rank, item)
    return None if best is None else best[1]
