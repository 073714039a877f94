"""Read XLIFF 1.0–1.2 and 2.0 for the translation memory, one unit at a time in constant memory.

Statuses come from the standard `state` (1.2 `<target>`, 2.0 `<segment>`) and from the vendor
attributes CAT tools write instead: Trados SDLXLIFF `sdl:seg conf`, memoQ `mq:status`,
WorldServer `iws:status translation_type`. SDLXLIFF's sentence `<mrk mtype="seg">` pairs are
read one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from workbench.errors import ExportError
from workbench.export.candidates import Candidate, ImportedPair, ImportReport, Verdict, malformed
from workbench.export.inline import codes_only, segment_text
from workbench.export.xliff import STATUS_BY_STATE
from workbench.records import SegmentStatus
from workbench.textkeys import language_tag, primary_language

if TYPE_CHECKING:
    from lxml.etree import _Element

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MEMOQ_STATUS = "{MQXliff}status"
_NAMESPACE_VERSIONS = {
    f"urn:oasis:names:tc:xliff:document:{version}": version for version in ("1.0", "1.1", "1.2")
}
_VERDICT_BY_STATUS = {
    SegmentStatus.NEW: Verdict.NOT_TRANSLATED,
    SegmentStatus.REJECTED: Verdict.NOT_TRANSLATED,
    SegmentStatus.TRANSLATED: Verdict.UNREVIEWED,
    SegmentStatus.EDITED: Verdict.USABLE,
    SegmentStatus.APPROVED: Verdict.USABLE,
}
# XLIFF 2.0 segment states. "translated" is a person's translation before review, as
# XLIFF 1.2's "translated" (the workbench's own "edited"); raw MT would be "initial".
_VERDICT_BY_STATE_2 = {
    "initial": Verdict.NOT_TRANSLATED,
    "translated": Verdict.USABLE,
    "reviewed": Verdict.USABLE,
    "final": Verdict.USABLE,
}
# Trados `conf`: a missing value is an untouched segment; "Draft" is unconfirmed.
_VERDICT_BY_SDL_CONF = {
    "": Verdict.NOT_TRANSLATED,
    "Draft": Verdict.UNREVIEWED,
    "Translated": Verdict.USABLE,
    "ApprovedTranslation": Verdict.USABLE,
    "ApprovedSignOff": Verdict.USABLE,
    "RejectedTranslation": Verdict.NOT_TRANSLATED,
    "RejectedSignOff": Verdict.NOT_TRANSLATED,
}


def read_xliff(
    path: Path, source_lang: str, target_lang: str, report: ImportReport
) -> Iterator[Candidate]:
    """Each translation unit (or segment) as a candidate pair; see `read_pairs`."""
    events = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,  # one long segment is not an attack; entity expansion stays off
    )
    try:
        version = None
        for event, element in events:
            if version is None:
                version = _version(path, element)
            yield from _candidates(path, event, element, version, source_lang, target_lang, report)
    except etree.XMLSyntaxError as exc:
        raise malformed(path, "XLIFF", exc) from exc


def _version(path: Path, root: _Element) -> int:
    name = _local(root)
    if name != "xliff":
        raise ExportError(f"{path}: not an XLIFF file (its root element is <{name}>)")
    # Some writers (OmegaT among them) declare 1.x through the namespace alone.
    version = root.get("version") or _NAMESPACE_VERSIONS.get(etree.QName(root).namespace or "", "")
    if version.startswith("1.") or version.startswith("2."):
        return int(version[0])
    raise ExportError(f"{path}: XLIFF version {version or '(none)'} is not supported (1.x or 2.x)")


def _candidates(
    path: Path,
    event: str,
    element: _Element,
    version: int,
    source_lang: str,
    target_lang: str,
    report: ImportReport,
) -> Iterator[Candidate]:
    if event == "start":
        return
    if _local(element) == "group":
        _drop_finished(element)
        return
    if _local(element) not in ("trans-unit", "unit"):
        return
    languages = _file_languages(element, version)
    swapped = _swapped(path, *languages, source_lang, target_lang)
    units = _units_12(element) if version == 1 else _units_2(element)
    for source, target, verdict, state in units:
        report.units += 1
        note = f"{path.name}:{element.sourceline}"
        texts = [_text(node, report) for node in (source, target)]
        if any(changed for _, changed in texts):
            report.normalised += 1
        if verdict is Verdict.USABLE and codes_only(target, texts[1][0]):
            verdict = Verdict.PLACEHOLDERS_ONLY
        pair_texts = (texts[1][0], texts[0][0]) if swapped else (texts[0][0], texts[1][0])
        pair_langs = languages[::-1] if swapped else languages
        yield Candidate(ImportedPair(*pair_texts, *pair_langs, note), verdict, state)
    _drop_finished(element)


def _drop_finished(element: _Element) -> None:
    """Constant memory: drop a finished unit or group and everything parsed before it."""
    element.clear(keep_tail=True)
    while element.getprevious() is not None:
        del element.getparent()[0]


def _file_languages(unit: _Element, version: int) -> tuple[str | None, str | None]:
    names = ("source-language", "target-language") if version == 1 else ("srcLang", "trgLang")
    found = [_inherited(unit, name) for name in names]
    return (
        language_tag(found[0]) if found[0] else None,
        language_tag(found[1]) if found[1] else None,
    )


def _units_12(
    unit: _Element,
) -> Iterator[tuple[_Element, _Element | None, Verdict, str | None]]:
    children = {_local(child): child for child in unit if isinstance(child.tag, str)}
    source, target = children.get("source"), children.get("target")
    if source is None:
        return
    if unit.get("translate") == "no":
        yield source, target, Verdict.NOT_TRANSLATED, None
        return
    seg_source = children.get("seg-source")
    sdl_conf = _sdl_confidences(children.get("seg-defs"))
    if seg_source is not None and target is not None:
        # SDLXLIFF (and others): sentence pairs are the `<mrk mtype="seg">` with the same mid.
        target_segments = {mrk.get("mid"): mrk for mrk in _seg_marks(target)}
        for mrk in _seg_marks(seg_source):
            mid = mrk.get("mid")
            target_mrk = target_segments.get(mid)
            if mid not in sdl_conf:
                yield (mrk, target_mrk, *_verdict_12(unit, target_mrk))
            elif sdl_conf[mid] in _VERDICT_BY_SDL_CONF:
                yield mrk, target_mrk, _VERDICT_BY_SDL_CONF[sdl_conf[mid]], None
            else:
                yield mrk, target_mrk, Verdict.INVALID_STATE, sdl_conf[mid]
        return
    yield (source, target, *_verdict_12(unit, target))


def _verdict_12(unit: _Element, target: _Element | None) -> tuple[Verdict, str | None]:
    if target is None:
        return Verdict.NOT_TRANSLATED, None
    state = target.get("state")
    if state is None:
        return _vendor_verdict(unit), None
    status = STATUS_BY_STATE.get(state)
    if status is not None:
        verdict = _VERDICT_BY_STATUS[status]
        if verdict is Verdict.UNREVIEWED and unit.get("approved") == "yes":
            return Verdict.USABLE, None
        return verdict, None
    # XLIFF 1.2 lets tools add their own states, spelled "x-…".
    if state.startswith("x-"):
        return _vendor_verdict(unit), None
    return Verdict.INVALID_STATE, state


def _vendor_verdict(unit: _Element) -> Verdict:
    """A unit without a standard state: what memoQ's or WorldServer's own status says."""
    memoq = (unit.get(_MEMOQ_STATUS) or "").casefold()
    if memoq:
        if "notstarted" in memoq or "rejected" in memoq:
            return Verdict.NOT_TRANSLATED
        if "confirmed" in memoq or "proofread" in memoq:
            return Verdict.USABLE
        return Verdict.UNREVIEWED  # pre-translated, machine translated, partially edited
    for element in unit.iter():
        if isinstance(element.tag, str) and _local(element) == "status":
            kind = (element.get("translation_type") or "").casefold()
            if "placeholder" in kind:
                return Verdict.PLACEHOLDERS_ONLY
            if "machine" in kind:
                return Verdict.UNREVIEWED
    return Verdict.USABLE


def _units_2(
    unit: _Element,
) -> Iterator[tuple[_Element, _Element | None, Verdict, str | None]]:
    for segment in unit:
        if not isinstance(segment.tag, str) or _local(segment) != "segment":
            continue
        source = next((c for c in segment if _is(c, "source")), None)
        target = next((c for c in segment if _is(c, "target")), None)
        if source is None:
            continue
        state = segment.get("state")
        if target is None:
            yield source, None, Verdict.NOT_TRANSLATED, None
        elif state is None:
            yield source, target, Verdict.USABLE, None
        elif state in _VERDICT_BY_STATE_2:
            yield source, target, _VERDICT_BY_STATE_2[state], None
        else:
            yield source, target, Verdict.INVALID_STATE, state


def _text(node: _Element | None, report: ImportReport) -> tuple[str, bool]:
    """The node's text, and whether whitespace was normalised (allowed without "preserve")."""
    if node is None:
        return "", False
    text = segment_text(node, report.entities)
    if _inherited(node, _XML_SPACE) == "preserve":
        return text, False
    normalised = " ".join(text.split())
    return normalised, normalised != text


def _sdl_confidences(seg_defs: _Element | None) -> dict[str | None, str]:
    if seg_defs is None:
        return {}
    return {seg.get("id"): seg.get("conf", "") for seg in seg_defs if _is(seg, "seg")}


def _seg_marks(node: _Element) -> Iterator[_Element]:
    for mrk in node.iter():
        if isinstance(mrk.tag, str) and _local(mrk) == "mrk" and mrk.get("mtype") == "seg":
            yield mrk


def _inherited(element: _Element, attribute: str) -> str | None:
    node: _Element | None = element
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return None


def _is(element: _Element, name: str) -> bool:
    return isinstance(element.tag, str) and _local(element) == name


def _local(element: _Element) -> str:
    # Comments and processing instructions have a function, not a string, as their tag.
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _swapped(
    path: Path,
    file_source: str | None,
    file_target: str | None,
    source_lang: str,
    target_lang: str,
) -> bool:
    """Whether a file runs target→source; a pair of other languages is an error."""
    if not file_source:
        return False
    wanted = (primary_language(source_lang), primary_language(target_lang))
    found_source = primary_language(file_source)
    found_target = primary_language(file_target) if file_target else None
    if found_source == wanted[0] and found_target in (wanted[1], None):
        return False
    if found_source == wanted[1] and found_target == wanted[0]:
        return True
    raise ExportError(
        f"{path}: XLIFF file is {file_source}→{file_target or '?'}, not {source_lang}→{target_lang}"
    )
