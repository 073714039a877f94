"""Learning from reviewers on a real store: mining, accepting as rule or term, rejecting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import add_sentences
from workbench.errors import InputError
from workbench.records import NewTranslation, Origin, SegmentKind
from workbench.store import Store
from workbench.translate.learn import accept, mine, reject, substitutions
from workbench.translate.signatures import rules_applied
from workbench.translate.stage import EngineProvider, translate_document

# (source, MT, approved): "Lai Chau-provinsen" fixed three times, left once.
REVIEWED = [
    ("Lai Chau-provinsen växer.", "Lai Chau-provinsen grows.", "Lai Chau-province grows."),
    (
        "Hon bor i Lai Chau-provinsen.",
        "She lives in Lai Chau-provinsen.",
        "She lives in Lai Chau-province.",
    ),
    (
        "Lai Chau-provinsen har berg.",
        "Lai Chau-provinsen has hills.",
        "Lai Chau-province has mountains.",
    ),
    (
        "Vi lämnade Lai Chau-provinsen.",
        "We left Lai Chau-provinsen.",
        "We left Lai Chau-provinsen.",
    ),
    ("Det regnar.", "It rains.", "It is raining."),
]


def _reviewed_store(store: Store) -> list[int]:
    document_id = add_sentences(store, "a", [source for source, _, _ in REVIEWED])
    ids = store.documents.segment_ids(document_id)
    store.reviews.record_translations(
        [NewTranslation(i, mt, Origin.MT) for i, (_, mt, _) in zip(ids, REVIEWED, strict=True)]
    )
    for segment_id, (_, mt, approved) in zip(ids, REVIEWED, strict=True):
        if approved != mt:
            base = store.documents.segment(segment_id).translation_id
            store.reviews.save_edit(segment_id, approved, "anna", base)
        store.reviews.approve(segment_id, "anna")
    return ids


def test_substitutions_are_word_level_replacements() -> None:
    assert substitutions("She lives in Lai Chau-provinsen.", "She lives in Lai Chau-province.") == [
        ("Chau-provinsen", "Chau-province")
    ]
    assert substitutions("It rains.", "It is raining.") == [("rains", "raining")]


def test_mining_reports_evidence_and_misses(store: Store) -> None:
    ids = _reviewed_store(store)
    (candidate,) = mine(store, min_count=2)
    assert (candidate.before, candidate.after) == ("Chau-provinsen", "Chau-province")
    assert candidate.segment_ids == tuple(ids[:3])
    assert candidate.missed == 1
    assert candidate.source_term == "chau-provinsen"
    assert len(mine(store, min_count=1)) == 3


def test_an_accepted_rule_fixes_new_mt_and_is_not_proposed_again(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    _reviewed_store(store)
    candidate = mine(store)[0]
    accept(store, candidate.id, "anna")
    assert mine(store) == []
    with pytest.raises(InputError, match="no open candidate"):
        accept(store, candidate.id, "anna")
    document_id = add_sentences(store, "b", ["Lai Chau-provinsen"], gap="", kind=SegmentKind.TITLE)
    translate_document(store, document_id, EngineProvider(install_model("copy"), "sv", "en"))
    segment = store.documents.segments(document_id)[0]
    assert segment.target == "Lai Chau-province"
    assert segment.origin == Origin.MT
    (version,) = store.reviews.history(segment.id)
    assert rules_applied(version.signature) == [store.learning.postedit_rules("sv", "en")[0].id]


def test_accept_as_glossary_term_and_reject(store: Store) -> None:
    _reviewed_store(store)
    rains = next(c for c in mine(store, min_count=1) if c.before == "rains")
    reject(store, rains.id, "anna")
    assert rains.id not in {c.id for c in mine(store, min_count=1)}
    province = mine(store)[0]
    accept(store, province.id, "anna", as_glossary=True)
    assert ("chau-provinsen", "Chau-province", f"learned {province.id}") in store.glossary.terms()
    assert store.learning.postedit_rules("sv", "en") == []
