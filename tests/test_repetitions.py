"""Repetitions on a real store: propagation to untouched segments, never over human work."""

from __future__ import annotations

import pytest

from tests.support import add_sentences
from workbench.errors import ConflictError
from workbench.records import NewTranslation, Origin, SegmentStatus
from workbench.settings import set_setting
from workbench.store import Store
from workbench.translate.repetitions import propagate, repetition_counts

REPEATED = "Vi ses i morgon."


def _document(store: Store, name: str, sources: list[str]) -> list[int]:
    ids = store.documents.segment_ids(add_sentences(store, name, sources))
    store.reviews.record_translations([NewTranslation(i, f"mt {i}", Origin.MT) for i in ids])
    return ids


def test_a_saved_target_goes_to_untouched_repetitions_in_every_document(store: Store) -> None:
    first = _document(store, "alpha", [REPEATED, "Något annat."])
    second = _document(store, "beta", ["Vi  ses i MORGON.", REPEATED, "Hej."])
    saved = store.reviews.save_edit(
        first[0], "See you tomorrow.", "anna", store.documents.segment(first[0]).translation_id
    )
    assert propagate(store, first[0], "anna") == [second[0], second[1]]
    for segment_id in (second[0], second[1]):
        segment = store.documents.segment(segment_id)
        assert (segment.target, segment.origin) == ("See you tomorrow.", Origin.PROPAGATED)
        assert segment.status == SegmentStatus.TRANSLATED
        assert (
            store.reviews.history(segment_id)[-1].parent_id
            == store.reviews.history(segment_id)[0].id
        )
    assert store.documents.segment(first[1]).target == f"mt {first[1]}"
    counts = repetition_counts(store, [first[0], first[1], second[2]])
    assert counts == {first[0]: 2, first[1]: 0, second[2]: 0}
    # Undo (`u` in the TUI) brings the MT back as a new version.
    store.reviews.revert(second[1], "anna", store.documents.segment(second[1]).translation_id)
    assert store.documents.segment(second[1]).target == f"mt {second[1]}"
    assert saved.origin == Origin.HUMAN


def test_human_versions_and_approved_segments_are_never_overwritten(store: Store) -> None:
    ids = _document(store, "alpha", [REPEATED, REPEATED, REPEATED, REPEATED])
    store.reviews.save_edit(
        ids[1], "Bye until tomorrow.", "bo", store.documents.segment(ids[1]).translation_id
    )
    store.reviews.approve(ids[2], "bo")
    store.reviews.reject(ids[3], "bo", "too literal")
    store.reviews.save_edit(
        ids[0], "See you tomorrow.", "anna", store.documents.segment(ids[0]).translation_id
    )
    assert propagate(store, ids[0], "anna") == []
    assert [store.documents.segment(i).target for i in ids[1:]] == [
        "Bye until tomorrow.",
        f"mt {ids[2]}",
        f"mt {ids[3]}",
    ]


def test_a_reviewer_editing_a_repetition_meanwhile_gets_a_conflict(store: Store) -> None:
    ids = _document(store, "alpha", [REPEATED, REPEATED])
    opened_base = store.documents.segment(ids[1]).translation_id
    store.reviews.save_edit(
        ids[0], "See you tomorrow.", "anna", store.documents.segment(ids[0]).translation_id
    )
    assert propagate(store, ids[0], "anna") == [ids[1]]
    with pytest.raises(ConflictError):
        store.reviews.save_edit(ids[1], "Till tomorrow.", "bo", opened_base)
    texts = [t.text for t in store.reviews.history(ids[1])]
    assert texts == [f"mt {ids[1]}", "See you tomorrow.", "Till tomorrow."]
    assert store.documents.segment(ids[1]).target == "See you tomorrow."


def test_the_setting_turns_propagation_off(store: Store) -> None:
    ids = _document(store, "alpha", [REPEATED, REPEATED])
    set_setting(store, "propagate", "off", "anna")
    store.reviews.approve(ids[0], "anna")
    assert propagate(store, ids[0], "anna") == []
    assert store.documents.segment(ids[1]).origin == Origin.MT
