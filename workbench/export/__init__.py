"""Stage 6, export: the registry of export formats and the one call that writes a corpus file.

Writers (`tmx`, `xliff`, `tsv`, `moses`, `jsonl`) stream approved units; `read*` read the same
formats back for `tm import`; `render/` writes the English article (txt, md, html, bilingual).

Formats are imported on first use, so importing this package pulls in neither lxml nor
translate-toolkit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import import_module
from pathlib import Path

from workbench.errors import ExportError
from workbench.export.base import Exporter, ExportSummary, ExportUnit

__all__ = [
    "ExportSummary",
    "ExportUnit",
    "Exporter",
    "export_to_path",
    "format_names",
    "get_exporter",
]

_EXPORTERS: dict[str, str] = {
    "tmx": "workbench.export.tmx:TmxExporter",
    "xliff": "workbench.export.xliff:XliffExporter",
    "tsv": "workbench.export.tsv:TsvExporter",
    "moses": "workbench.export.moses:MosesExporter",
    "jsonl": "workbench.export.jsonl:JsonlExporter",
}


def format_names() -> tuple[str, ...]:
    """The export format names, in the order the CLI lists them."""
    return tuple(_EXPORTERS)


def get_exporter(name: str) -> Exporter:
    """Return the exporter registered as `name`, importing its module now."""
    try:
        module_name, class_name = _EXPORTERS[name].split(":")
    except KeyError:
        known = ", ".join(_EXPORTERS)
        raise ExportError(f"unknown export format {name!r}; known formats: {known}") from None
    exporter_class: type[Exporter] = getattr(import_module(module_name), class_name)
    return exporter_class()


def export_to_path(
    format_name: str,
    units: Iterable[ExportUnit],
    path: Path,
    *,
    source_lang: str,
    target_lang: str,
    protected: Sequence[Path] = (),
) -> ExportSummary:
    """Stream `units` into `path` in `format_name`, atomically (Moses writes PATH.<lang> twice).

    No output may be one of the `protected` files (the store being exported).
    """
    return get_exporter(format_name).write_to_path(
        units, path, source_lang=source_lang, target_lang=target_lang, protected=protected
    )
