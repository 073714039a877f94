"""XLIFF 1.2 export, streamed: one `<file>` per run of units from the same document.

XLIFF 1.2 is what translate-toolkit's `xlifffile` reads best; review status maps to `state` by a
table and its reverse. The workbench's own metadata goes in a `<context-group>` of `x-` contexts,
the extension point the 1.2 strict schema allows (tests validate against it). Rendered from
templates for the reason given in `tmx.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import BinaryIO

import workbench
from workbench.export.base import Exporter, ExportSummary, ExportUnit, TextCleaner, write_pieces
from workbench.records import Origin, SegmentStatus, score_percent

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"

STATE_BY_STATUS: dict[SegmentStatus, str] = {
    SegmentStatus.NEW: "new",
    SegmentStatus.TRANSLATED: "needs-review-translation",
    SegmentStatus.EDITED: "translated",
    SegmentStatus.APPROVED: "final",
    SegmentStatus.REJECTED: "needs-translation",
}
# The reverse, plus the XLIFF 1.2 states no workbench status writes.
STATUS_BY_STATE: dict[str, SegmentStatus] = {
    **{state: status for status, state in STATE_BY_STATUS.items()},
    "signed-off": SegmentStatus.APPROVED,
    "needs-adaptation": SegmentStatus.REJECTED,
    "needs-l10n": SegmentStatus.REJECTED,
    "needs-review-adaptation": SegmentStatus.TRANSLATED,
    "needs-review-l10n": SegmentStatus.TRANSLATED,
}
_STATE_QUALIFIER_BY_ORIGIN = {Origin.MT: "leveraged-mt", Origin.TM: "leveraged-tm"}


class XliffExporter(Exporter):
    """XLIFF 1.2: source, target with `state`, and workbench metadata as `x-` contexts."""

    name = "xliff"
    extensions = (".xlf", ".xliff")

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Stream `units` to `out`; an empty export still holds one (empty) `<file>`."""
        clean = TextCleaner()
        date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(_PROLOGUE.encode("utf-8"))
        count = write_pieces(out, _trans_units(units, clean, date))
        ending = _FILE_END + "</xliff>\n"
        if count == 0:
            ending = _file_start(clean, "workbench", source_lang, target_lang, date) + ending
        out.write(ending.encode("utf-8"))
        return ExportSummary(self.name, (), count, clean.replaced)


def _trans_units(units: Iterable[ExportUnit], clean: TextCleaner, date: str) -> Iterator[str]:
    """One piece per unit, opening a new `<file>` (and closing the last) per document."""
    current_file: tuple[int, str, str] | None = None
    for number, unit in enumerate(units, start=1):
        file_key = (unit.document_id, unit.source_lang, unit.target_lang)
        opening = ""
        if file_key != current_file:
            if current_file is not None:
                opening = _FILE_END
            opening += _file_start(clean, unit.document, unit.source_lang, unit.target_lang, date)
            current_file = file_key
        yield opening + _render_trans_unit(unit, clean, number)


_PROLOGUE = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}">\n'
)
_FILE_END = "</body>\n</file>\n"


def _file_start(
    clean: TextCleaner, original: str, source_lang: str, target_lang: str, date: str
) -> str:
    return (
        f'<file original="{clean.xml_attr(original)}" datatype="plaintext"'
        f' source-language="{clean.xml_attr(source_lang)}"'
        f' target-language="{clean.xml_attr(target_lang)}" tool-id="workbench" date="{date}">\n'
        '<header><tool tool-id="workbench" tool-name="workbench"'
        f' tool-version="{workbench.__version__}"/></header>\n'
        "<body>\n"
    )


def _render_trans_unit(unit: ExportUnit, clean: TextCleaner, ordinal: int) -> str:
    segment_ids = ",".join(map(str, unit.segment_ids))
    unit_id = segment_ids.replace(",", "-") if unit.segment_ids else f"u{ordinal}"
    metadata = {
        "document-id": str(unit.document_id),
        "segment-ids": segment_ids,
        "bead-type": unit.bead_type,
        "origin": unit.origin,
        "status": unit.status,
        "created": unit.created,
        "changed": unit.changed,
    }
    if unit.author:
        metadata["author"] = unit.author
    confidence = score_percent(unit.score, unit.origin)
    if confidence is not None:
        metadata["confidence"] = f"{confidence:.0f}"
    contexts = "".join(
        f'<context context-type="x-{name}">{clean.xml_text(value)}</context>'
        for name, value in metadata.items()
    )
    approved = ' approved="yes"' if unit.status is SegmentStatus.APPROVED else ""
    state = f' state="{STATE_BY_STATUS[unit.status]}"'
    qualifier = _STATE_QUALIFIER_BY_ORIGIN.get(unit.origin)
    if qualifier:
        state += f' state-qualifier="{qualifier}"'
    return (
        f'<trans-unit id="{unit_id}" resname="{clean.xml_attr(unit.position)}"{approved}'
        ' xml:space="preserve">'
        f"<source>{clean.xml_text(unit.source)}</source>"
        f"<target{state}>{clean.xml_text(unit.target)}</target>"
        # No `name`: the schema wants names unique per file, and ids already identify units.
        f'<context-group purpose="information">{contexts}</context-group>'
        "</trans-unit>\n"
    )
