"""Stage 6: stream a store's approved units into an exporter, never holding the corpus."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from workbench.errors import ExportError
from workbench.export import export_to_path
from workbench.export.base import ExportSummary, ExportUnit
from workbench.files import sqlite_companions
from workbench.store import Store
from workbench.store.exports import ExportRow


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
    rows = store.exports.rows(document_ids, approved_only=approved_only, since=since)
    return export_to_path(
        format_name,
        _units(rows, skip_flagged),
        path,
        source_lang=source_lang,
        target_lang=target_lang,
        protected=sqlite_companions(store.path),
    )


def _units(rows: Iterator[ExportRow], skip_flagged: bool) -> Iterator[ExportUnit]:
    for row in rows:
        if skip_flagged and row.flagged:
            continue
        position = f"{row.paragraph}.{row.index}"
        if len(row.segment_ids) > 1:
            position += "-{}.{}".format(*row.last_position)
        yield ExportUnit(
            source=row.source,
            target=row.target,
            source_lang=row.source_lang,
            target_lang=row.target_lang,
            document=row.document,
            document_id=row.document_id,
            position=position,
            segment_ids=row.segment_ids,
            bead_type=row.bead_type,
            origin=row.origin,
            status=row.status,
            author=row.author,
            created=row.created,
            changed=row.changed,
            score=row.score,
        )
