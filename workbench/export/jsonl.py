"""JSON Lines export: one object per unit carrying every `ExportUnit` field but `flagged`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from workbench.export.base import Exporter, ExportSummary, ExportUnit, TextCleaner, write_pieces
from workbench.records import mt_log_prob, score_percent


class JsonlExporter(Exporter):
    """UTF-8 JSON Lines; keys are the `ExportUnit` field names, enums as their values."""

    name = "jsonl"
    extensions = (".jsonl",)

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Stream `units` to `out`, one JSON object per line."""
        clean = TextCleaner()
        encode = json.JSONEncoder(ensure_ascii=False).encode
        count = write_pieces(out, (encode(_record(unit, clean)) + "\n" for unit in units))
        return ExportSummary(self.name, (), count, clean.replaced)


def _record(unit: ExportUnit, clean: TextCleaner) -> dict[str, object]:
    confidence = score_percent(unit.score, unit.origin)
    return {
        "source": clean(unit.source),
        "target": clean(unit.target),
        "source_lang": clean(unit.source_lang),
        "target_lang": clean(unit.target_lang),
        "document": clean(unit.document),
        "document_id": unit.document_id,
        "position": clean(unit.position),
        "segment_ids": list(unit.segment_ids),
        "bead_type": clean(unit.bead_type),
        "origin": unit.origin.value,
        "status": unit.status.value,
        "author": None if unit.author is None else clean(unit.author),
        "created": clean(unit.created),
        "changed": clean(unit.changed),
        # One 0–100 scale (README "MT confidence"); the model's own figure under its name.
        "confidence": None if confidence is None else round(confidence, 1),
        "mt_log_prob": mt_log_prob(unit.score, unit.origin),
    }
