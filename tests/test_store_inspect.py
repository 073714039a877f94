"""The `sqlite-utils` command, installed with the workbench, inspects a store (see the README)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import add_sentences
from workbench.records import NewTranslation, Origin
from workbench.store import Store

SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


def _sqlite_utils(*args: str | Path) -> list[dict]:
    done = subprocess.run(
        [SQLITE_UTILS, *map(str, args)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_sqlite_utils_lists_a_stores_tables_counts_and_rows(store_path: Path) -> None:
    with Store.open(store_path) as store:
        document_id = add_sentences(store, "doc", ["Hej.", "Katten sover."], lang_prob=0.99)
        first, second = store.documents.segment_ids(document_id)
        store.reviews.record_translations([NewTranslation(first, "Hello.", Origin.MT)])
        store.reviews.approve(first, "ann")
        before = store.content_digest()

    counts = {row["table"]: row["count"] for row in _sqlite_utils("tables", store_path, "--counts")}
    assert {t: counts[t] for t in ("documents", "segments", "translations", "tm_entries")} == {
        "documents": 1,
        "segments": 2,
        "translations": 1,
        "tm_entries": 1,
    }
    assert counts["events"] == 2  # the ingest and the approval
    rows = _sqlite_utils("rows", store_path, "segments", "-c", "id", "-c", "status", "--limit", "5")
    assert rows == [{"id": first, "status": "approved"}, {"id": second, "status": "new"}]
    with Store.open(store_path) as store:
        assert store.content_digest() == before  # reading it changed nothing
        assert store.row_counts() == {
            "segments": 2,
            "segments_with_target": 1,
            "translations": 1,
            "events": 2,
        }
