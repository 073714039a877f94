"""Approving a merged segment teaches the memory the merged source; old wrong entries are fixed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_store import _add, _translate
from workbench.store import Store
from workbench.store.schema import repair_merged_tm_sources
from workbench.textkeys import normalise
from workbench.translate.memory import TranslationMemory


def _rerun_repair(store_path: Path) -> None:
    """Run the repair migration again, as on a store written by the first release."""
    with sqlite3.connect(store_path) as conn:
        repair_merged_tm_sources(conn)


def _approve_merged(store: Store) -> tuple[int, str]:
    document_id = _add(store)
    first, *_ = _translate(store, document_id)
    merged = store.restructure.merge_with_next(
        first, "anna", store.documents.segment(first).translation_id
    )
    store.reviews.approve(first, "anna")
    return first, merged.text


def test_approved_merge_enters_the_memory_with_the_merged_source(store: Store) -> None:
    first, target = _approve_merged(store)
    memory = TranslationMemory(store.memory.pairs("sv", "en"))
    assert memory.lookup_many(["Hej."], threshold=100.0)[0].exact is None
    assert memory.lookup_many(["Hej. Katten sover."], threshold=100.0)[0].exact.target == target


def test_migration_repairs_entries_keyed_on_the_lead_sentence(store_path: Path) -> None:
    with Store.open(store_path) as store:
        first, target = _approve_merged(store)
        # What the first release wrote: the lead's own sentence with the merged target.
        store.conn.execute(
            "UPDATE tm_entries SET source = 'Hej.', source_key = ? WHERE segment_id = ?",
            (normalise("Hej."), first),
        )
    _rerun_repair(store_path)
    with Store.open(store_path) as store:
        assert store.memory.pairs("sv", "en") == [("Hej. Katten sover.", target)]


def test_migration_keeps_entries_approved_before_the_merge(store_path: Path) -> None:
    with Store.open(store_path) as store:
        document_id = _add(store)
        first, *_ = _translate(store, document_id)
        store.reviews.approve(first, "anna")
        store.restructure.merge_with_next(
            first, "anna", store.documents.segment(first).translation_id
        )
        before = store.memory.pairs("sv", "en")
    _rerun_repair(store_path)
    with Store.open(store_path) as store:
        assert store.memory.pairs("sv", "en") == before == [("Hej.", f"mt {first}")]
