"""TSV export: a header line, then one unit per line with its main metadata.

Tabs and line breaks inside a value become spaces, so any line-and-tab reader (a spreadsheet,
`cut`, `read_pairs`) sees exactly one unit per line without quoting rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from workbench.export.base import Exporter, ExportSummary, ExportUnit, TextCleaner, write_pieces

COLUMNS = ("source", "target", "document", "position", "origin", "status", "author", "changed")


class TsvExporter(Exporter):
    """Tab-separated values with the header `COLUMNS`."""

    name = "tsv"
    extensions = (".tsv",)

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Stream `units` to `out` as UTF-8 TSV lines after the header."""
        clean = TextCleaner()
        out.write(("\t".join(COLUMNS) + "\n").encode("utf-8"))
        count = write_pieces(out, (_line(unit, clean) for unit in units))
        return ExportSummary(self.name, (), count, clean.replaced)


def _line(unit: ExportUnit, clean: TextCleaner) -> str:
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
    return "\t".join(map(clean.one_line, cells)) + "\n"
