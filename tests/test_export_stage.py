"""The export stage over a real store: n:m positions and --skip-flagged."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_store import _add, _translate
from workbench.export.stage import export_documents
from workbench.records import Flag, Severity
from workbench.store import Store


def _jsonl(store: Store, path: Path, *, skip_flagged: bool) -> list[dict[str, object]]:
    export_documents(store, "jsonl", path, skip_flagged=skip_flagged)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_merged_unit_spans_its_members_and_flagged_units_can_be_skipped(
    store: Store, tmp_path: Path
) -> None:
    first, _, last = _translate(store, _add(store))
    store.restructure.merge_with_next(first, "anna", store.documents.segment(first).translation_id)
    store.reviews.approve(first, "anna")
    store.reviews.approve(last, "anna")
    error = Flag("number", Severity.ERROR, "a number is missing")
    store.flags.replace([(last, store.documents.segment(last).translation_id, [error])])

    every = _jsonl(store, tmp_path / "all.jsonl", skip_flagged=False)
    assert [(u["position"], u["segment_ids"], u["source"]) for u in every] == [
        ("1.0-1.1", [first, first + 1], "Hej. Katten sover."),
        ("2.0", [last], "Två."),
    ]
    assert "flagged" not in every[0]
    kept = _jsonl(store, tmp_path / "kept.jsonl", skip_flagged=True)
    assert [u["segment_ids"] for u in kept] == [[first, first + 1]]
