"""TSV export: a header line, then one unit per line with its main metadata.

Tabs and line breaks inside a value become spaces, so any line-and-tab reader (a spreadsheet,
`cut`, `read_pairs`) sees exactly one unit per line without quoting rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from workbench.export.base import Exporter, ExportSummary, ExportUnit, TextCleaner

COLUMNS = ("source", "target", "document", "position", "origin", "status", "author", "changed")
_FLUSH_EVERY = 1024


class TsvExporter(Exporter):
    """Tab-separated values with the header `COLUMNS`."""

    name = "tsv"
    extensions = (".tsv",)

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Stream `units` to `out` as UTF-8 TSV lines after the header."""
        clean = TextCleaner()
        lines = ["\t".join(COLUMNS) + "\n"]
        count = 0
        for unit in units:
            cells = (
                unit.source,
                unit.target,
                unit.document,
                unit.position,
                unit.origin.value,
                unit.status.value,
                unit.author or "",
                unit.changed,
            )
            lines.append("\t".join(map(clean.one_line, cells)) + "\n")
            count += 1
            if len(lines) >= _FLUSH_EVERY:
                out.write("".join(lines).encode("utf-8"))
                lines.clear()
        out.write("".join(lines).encode("utf-8"))
        return ExportSummary(self.name, (), count, clean.replaced)
