"""Read bilingual pairs back from TMX, TSV and XLIFF files, for the translation memory.

Reads only: XML is parsed with entity resolution and network access off; nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import ExportError
from workbench.records import SegmentStatus

if TYPE_CHECKING:
    from lxml.etree import _Element

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline codes stand for native markup (TMX 1.4b §3.7), not for text a translator wrote.
_TMX_INLINE_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
# A pair in one of these states has no usable translation; it must not enter the TM.
_UNUSABLE_STATUSES = frozenset({SegmentStatus.NEW.value, SegmentStatus.REJECTED.value})
_TSV_HEADER_WORDS = frozenset(
    ["source", "target", "src", "tgt", "trg", "original", "translation", "source_text"]
    + ["target_text", "source text", "target text"]
)


@dataclass(frozen=True, slots=True)
class ImportedPair:
    """A source/target pair read from a corpus file, with its languages where the file says."""

    source: str
    target: str
    source_lang: str | None
    target_lang: str | None
    origin_note: str | None  # "FILE:LINE" of the unit, for provenance


def read_pairs(
    path: Path, *, source_lang: str = "sv", target_lang: str = "en"
) -> Iterator[ImportedPair]:
    """Return an iterator of the `source_lang`→`target_lang` pairs in a .tmx, .tsv or .xlf file.

    Languages match on their primary subtag ("sv" takes "sv-SE"). Pairs with an empty side, and
    units whose TMX `x-status` or XLIFF `state` says new or rejected, are skipped. Errors in
    the file raise `ExportError` naming it (and the line) when the iterator reaches them.
    """
    readers = {".tmx": _read_tmx, ".tsv": _read_tsv, ".xlf": _read_xliff, ".xliff": _read_xliff}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ExportError(
            f"cannot import {path}: unknown extension {path.suffix or '(none)'!r}",
            hint="expected .tmx, .tsv, .xlf or .xliff",
        )
    if not path.is_file():
        raise ExportError(f"cannot import {path}: no such file")
    return reader(path, source_lang, target_lang)


def _primary_subtag(lang: str) -> str:
    return lang.replace("_", "-").split("-", 1)[0].strip().lower()


def _pick_language(tagged: list[tuple[str, str]], wanted: str) -> tuple[str, str] | None:
    """The (lang, text) whose tag equals `wanted`, else the first sharing its primary subtag."""
    wanted_lower = wanted.replace("_", "-").lower()
    for lang, text in tagged:
        if lang.replace("_", "-").lower() == wanted_lower:
            return lang, text
    wanted_primary = _primary_subtag(wanted)
    for lang, text in tagged:
        if _primary_subtag(lang) == wanted_primary:
            return lang, text
    return None


def _read_tmx(path: Path, source_lang: str, target_lang: str) -> Iterator[ImportedPair]:
    # lxml costs ~30 ms to import; only XML imports need it.
    from lxml import etree

    units_seen = 0
    pairs_found = 0
    events = etree.iterparse(
        str(path),
        events=("end",),
        tag="tu",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    try:
        for _, tu in events:
            units_seen += 1
            pair = _tmx_pair(tu, source_lang, target_lang, f"{path.name}:{tu.sourceline}")
            # Constant memory: drop the finished <tu> and everything parsed before it.
            tu.clear(keep_tail=True)
            while tu.getprevious() is not None:
                del tu.getparent()[0]
            if pair is not None:
                pairs_found += 1
                yield pair
    except etree.XMLSyntaxError as exc:
        raise ExportError(f"{path}: line {exc.lineno}: malformed TMX: {exc.msg}") from exc
    if units_seen and not pairs_found:
        raise ExportError(
            f"{path}: none of its {units_seen} <tu> holds a usable {source_lang} and "
            f"{target_lang} pair"
        )


def _tmx_pair(
    tu: _Element, source_lang: str, target_lang: str, origin_note: str
) -> ImportedPair | None:
    for prop in tu.iterchildren("prop"):
        if prop.get("type") == "x-status" and (prop.text or "").strip() in _UNUSABLE_STATUSES:
            return None
    tagged = []
    for tuv in tu.iterchildren("tuv"):
        # TMX 1.1 wrote `lang`; 1.4 writes `xml:lang`.
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if lang and seg is not None:
            tagged.append((lang, _tmx_seg_text(seg)))
    source = _pick_language(tagged, source_lang)
    target = _pick_language(tagged, target_lang)
    if source is None or target is None or source == target:
        return None
    if not source[1].strip() or not target[1].strip():
        return None
    return ImportedPair(source[1], target[1], source[0], target[0], origin_note)


def _tmx_seg_text(seg: _Element) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _TMX_INLINE_CODES:
            parts.append(_tmx_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_tsv(path: Path, source_lang: str, target_lang: str) -> Iterator[ImportedPair]:
    swapped = False
    languages: tuple[str | None, str | None] = (None, None)
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
                    continue
            source, target = (cells[1], cells[0]) if swapped else (cells[0], cells[1])
            if source.strip() and target.strip():
                yield ImportedPair(source, target, *languages, f"{path.name}:{line_number}")


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
    wanted = (_primary_subtag(source_lang), _primary_subtag(target_lang))
    found = (_primary_subtag(first), _primary_subtag(second))
    if found == wanted:
        return False, (first, second)
    if found == wanted[::-1]:
        return True, (second, first)
    return None


def _read_xliff(path: Path, source_lang: str, target_lang: str) -> Iterator[ImportedPair]:
    # translate-toolkit costs ~150 ms to import; only XLIFF import needs it.
    from lxml import etree
    from translate.storage.xliff import xlifffile

    from workbench.export.xliff import STATUS_BY_STATE

    try:
        store = xlifffile.parsefile(str(path))
    except etree.XMLSyntaxError as exc:
        raise ExportError(f"{path}: line {exc.lineno}: malformed XLIFF: {exc.msg}") from exc
    except (AssertionError, ValueError) as exc:
        raise ExportError(f"{path}: not an XLIFF 1.x file: {exc}") from exc
    for unit in store.units:
        file_node = next(unit.xmlelement.iterancestors(store.namespaced("file")), None)
        file_source = file_node.get("source-language") if file_node is not None else None
        file_target = file_node.get("target-language") if file_node is not None else None
        swapped = _xliff_languages_swapped(path, file_source, file_target, source_lang, target_lang)
        target_node = unit.getlanguageNode(lang=None, index=1)
        state = target_node.get("state") if target_node is not None else None
        status = STATUS_BY_STATE.get(state or "")
        if status is not None and status.value in _UNUSABLE_STATUSES:
            continue
        source, target = str(unit.source or ""), str(unit.target or "")
        if not source.strip() or not target.strip():
            continue
        note = f"{path.name}:{unit.xmlelement.sourceline}"
        if swapped:
            yield ImportedPair(target, source, file_target, file_source, note)
        else:
            yield ImportedPair(source, target, file_source, file_target, note)


def _xliff_languages_swapped(
    path: Path,
    file_source: str | None,
    file_target: str | None,
    source_lang: str,
    target_lang: str,
) -> bool:
    """Whether a `<file>` runs target→source; a pair of other languages is an error."""
    if not file_source:
        return False
    wanted = (_primary_subtag(source_lang), _primary_subtag(target_lang))
    found_source = _primary_subtag(file_source)
    found_target = _primary_subtag(file_target) if file_target else None
    if found_source == wanted[0] and found_target in (wanted[1], None):
        return False
    if found_source == wanted[1] and found_target == wanted[0]:
        return True
    raise ExportError(
        f"{path}: XLIFF file is {file_source}→{file_target or '?'}, not {source_lang}→{target_lang}"
    )
