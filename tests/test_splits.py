"""A split target stays split: through edits, a re-split and a merge with the next segment."""

from __future__ import annotations

from tests.test_store import _add
from workbench.records import NewTranslation, Origin
from workbench.review.actions import target_parts
from workbench.splits import cut, map_offsets
from workbench.store import Store


def test_offsets_follow_the_text_through_an_edit() -> None:
    old = "The cat sleeps. It is tired."
    new = "The black cat sleeps. It is very tired."
    assert map_offsets(old, new, [15]) == [21]
    assert cut(new, [21]) == ("The black cat sleeps.", "It is very tired.")
    # A split at an end that the edit removed is dropped rather than cutting nothing.
    assert map_offsets(old, "The cat sleeps.", [15]) == []


def _translated(store: Store) -> list[int]:
    document_id = _add(store)
    ids = store.documents.segment_ids(document_id, translatable_only=True)
    store.reviews.record_translations(
        [
            NewTranslation(ids[0], "Hello. Welcome.", Origin.MT),
            NewTranslation(ids[1], "The cat sleeps. It dreams.", Origin.MT),
        ]
    )
    return ids


def test_split_survives_an_edit_a_resplit_and_a_merge(store: Store) -> None:
    first, second, *_ = _translated(store)
    assert target_parts(store, first) == ("Hello. Welcome.",)
    store.restructure.split_target(
        first, len("Hello."), "anna", store.documents.segment(first).translation_id
    )
    assert target_parts(store, first) == ("Hello.", "Welcome.")
    store.reviews.save_edit(
        first, "Hi there. Welcome.", "anna", store.documents.segment(first).translation_id
    )
    assert target_parts(store, first) == ("Hi there.", "Welcome.")
    store.restructure.split_target(
        second, len("The cat sleeps."), "anna", store.documents.segment(second).translation_id
    )
    store.restructure.merge_with_next(first, "anna", store.documents.segment(first).translation_id)
    # Merging joins the two targets into one unit; the splits inside each are kept.
    assert target_parts(store, first) == ("Hi there.", "Welcome. The cat sleeps.", "It dreams.")
    assert store.beads.mt_bead_type(first) == "2-3"
