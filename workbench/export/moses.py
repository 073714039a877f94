"""Moses export: two line-aligned plain-text files, `PATH.<source_lang>` and `PATH.<target_lang>`.

Line n of one file translates line n of the other, so no tab or line break may survive inside a
unit; they become spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from workbench.errors import ExportError
from workbench.export.base import Exporter, ExportSummary, ExportUnit, TextCleaner

_FLUSH_EVERY = 1024


class MosesExporter(Exporter):
    """Parallel plain text, one sentence per line, one file per language."""

    name = "moses"
    extensions = ("",)

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Refuse: Moses needs two files, so it cannot stream to one."""
        raise ExportError(
            "the moses format writes two files and cannot go to a single stream",
            hint="give an output path; PATH.<source> and PATH.<target> are written",
        )

    def output_paths(self, path: Path, *, source_lang: str, target_lang: str) -> tuple[Path, ...]:
        """`PATH.<source_lang>` and `PATH.<target_lang>`."""
        if source_lang == target_lang:
            raise ExportError(f"moses needs two languages, got {source_lang} twice")
        return (
            path.with_name(f"{path.name}.{source_lang}"),
            path.with_name(f"{path.name}.{target_lang}"),
        )

    def write_files(
        self,
        units: Iterable[ExportUnit],
        outs: Sequence[BinaryIO],
        *,
        source_lang: str,
        target_lang: str,
    ) -> ExportSummary:
        """Stream sources to `outs[0]` and targets to `outs[1]`, one line per unit."""
        source_out, target_out = outs
        clean = TextCleaner()
        source_lines: list[str] = []
        target_lines: list[str] = []
        count = 0
        for unit in units:
            source_lines.append(clean.one_line(unit.source) + "\n")
            target_lines.append(clean.one_line(unit.target) + "\n")
            count += 1
            if len(source_lines) >= _FLUSH_EVERY:
                _flush(source_out, source_lines)
                _flush(target_out, target_lines)
        _flush(source_out, source_lines)
        _flush(target_out, target_lines)
        return ExportSummary(self.name, (), count, clean.replaced)


def _flush(out: BinaryIO, lines: list[str]) -> None:
    out.write("".join(lines).encode("utf-8"))
    lines.clear()
