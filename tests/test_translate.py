"""Stage 3 on the real engine: memory before MT, suggestions, glossary through masking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support import add_sentences
from workbench.records import Origin, SegmentStatus
from workbench.store import Store
from workbench.translate.stage import EngineProvider, translate_document

SOURCES = [
    "Katten sover i soffan.",
    "Hunden springer i parken varje morgon.",
    "Folkkommittén möttes den 3 mars med 3 700 deltagare.",
]


def _document(store: Store) -> int:
    return add_sentences(store, "doc", SOURCES)


def test_exact_memory_match_replaces_mt_and_fuzzy_becomes_suggestion(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    store.memory.add_pairs(
        [
            ("Katten sover i soffan.", "The cat sleeps on the sofa."),
            ("Hunden springer i parken varje kväll.", "The dog runs in the park every evening."),
        ],
        source_lang="sv",
        target_lang="en",
    )
    document_id = _document(store)
    result = translate_document(store, document_id, EngineProvider(models, "sv", "en"))
    assert (result.memory, result.machine) == (1, 2)
    first, second, third = store.documents.segments(document_id)
    assert (first.target, first.origin, first.score) == (
        "The cat sleeps on the sofa.",
        Origin.TM,
        100.0,
    )
    assert second.target == "[en] " + SOURCES[1] and second.origin == Origin.MT
    suggestion = store.memory.suggestions(second.id)
    assert suggestion[0][1] == "The dog runs in the park every evening."
    assert 75 <= suggestion[0][2] < 100
    assert third.status == SegmentStatus.TRANSLATED


def test_glossary_terms_and_numbers_survive_masking(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("copy")
    store.glossary.add_terms(
        [("Folkkommittén", "People's Committee", None)], source_lang="sv", target_lang="en"
    )
    document_id = _document(store)
    translate_document(store, document_id, EngineProvider(models, "sv", "en"))
    third = store.documents.segments(document_id)[2]
    # The copy model keeps Swedish words; the term and the number format come from masking.
    assert third.target == "People's Committee möttes den 3 mars med 3,700 deltagare."
    assert "glossary-missing" not in {flag.code for flag in store.flags.of_segment(third.id)}


def test_second_call_does_nothing(store: Store, install_model: Callable[[str], Path]) -> None:
    models = install_model("copy")
    document_id = _document(store)
    engines = EngineProvider(models, "sv", "en")
    assert translate_document(store, document_id, engines).machine == 3
    again = translate_document(store, document_id, engines)
    assert (again.machine, again.memory, again.already_done) == (0, 0, 3)
