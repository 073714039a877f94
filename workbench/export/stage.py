"""Stage 6: stream a store's approved units into an exporter, never holding the corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.errors import ExportError
from workbench.export import export_to_path
from workbench.export.base import ExportSummary
from workbench.files import sqlite_companions
from workbench.store import Store


def export_documents(
    store: Store,
    format_name: str,
    path: Path,
    *,
    document_ids: Sequence[int] = (),
    approved_only: bool = True,
    since: str | None = None,
    skip_flagged: bool = False,
) -> ExportSummary:
    """Write the chosen documents' units (approved only by default) to `path` atomically."""
    for document_id in document_ids:
        store.documents.get(document_id)
    pairs = store.documents.language_pairs(document_ids)
    if len(pairs) > 1:
        raise ExportError(
            "the documents have different language pairs: "
            + ", ".join(sorted(f"{a}→{b}" for a, b in pairs)),
            hint="export one pair at a time by naming its documents",
        )
    source_lang, target_lang = pairs.pop() if pairs else ("sv", "en")
    units = store.exports.rows(document_ids, approved_only=approved_only, since=since)
    return export_to_path(
        format_name,
        (unit for unit in units if not (skip_flagged and unit.flagged)),
        path,
        source_lang=source_lang,
        target_lang=target_lang,
        protected=sqlite_companions(store.path),
    )
