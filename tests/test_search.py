"""Search and concordance fold case for all of Unicode and read merged segments whole."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_store import _segments
from workbench.records import NewTranslation, Origin
from workbench.store import Store
from workbench.store.search import SearchSide


def _document(store: Store, *sources: str, sha: str = "s" * 64) -> int:
    document, _ = store.documents.add(
        path=f"{sha[0]}.txt",
        title=f"Doc {sha[0]}",
        sha256=sha,
        source_lang="sv",
        target_lang="en",
        segments=_segments(*sources),
    )
    ids = store.documents.segment_ids(document.id)
    store.reviews.record_translations(
        [NewTranslation(i, f"target of {s}", Origin.MT) for i, s in zip(ids, sources, strict=True)]
    )
    return document.id


def test_segment_search_folds_swedish_and_vietnamese_case(store: Store) -> None:
    document_id = _document(store, "Tåget till Älvsjö.", "Åsa bor i Hà Nội.", "ĐẶNG VĂN TOÀN.")
    first, second, third = store.documents.segment_ids(document_id)
    assert store.documents.segment_ids(document_id, search="älv") == [first]
    assert store.documents.segment_ids(document_id, search="ÅSA") == [second]
    assert store.documents.segment_ids(document_id, search="hà nội") == [second]
    assert store.documents.segment_ids(document_id, search="đặng văn") == [third]
    # Decomposed input ("a" + combining ring) finds the composed letter.
    assert store.documents.segment_ids(document_id, search="a\u030asa") == [second]


def test_search_reads_merged_members(store: Store) -> None:
    document_id = _document(store, "Hej.", "Katten sover.", "Tre.")
    first, *_ = store.documents.segment_ids(document_id)
    store.restructure.merge_with_next(first, "anna", store.documents.segment(first).translation_id)
    assert store.documents.segment_ids(document_id, search="KATTEN") == [first]
    assert store.documents.segment_ids(document_id, search="hej. katten") == [first]
    (hit,) = [h for h in store.search.concordance("katten") if h.kind == "segment"]
    assert (hit.segment_id, hit.source) == (first, "Hej. Katten sover.")


def test_concordance_lists_segments_of_every_document_and_memory(store: Store) -> None:
    one = _document(store, "Folkkommittén möttes.", "Annat.", sha="a" * 64)
    two = _document(store, "Ny folkkommitté.", sha="b" * 64)
    store.memory.add_pairs(
        [("FOLKKOMMITTÉN beslutade.", "The People's Committee decided.")],
        source_lang="sv",
        target_lang="en",
    )
    hits = list(store.search.concordance("folkkommitté"))
    assert [(h.kind, h.document_id) for h in hits] == [
        ("segment", one),
        ("segment", two),
        ("memory", None),
    ]
    assert hits[0].target == "target of Folkkommittén möttes."
    assert hits[2].target == "The People's Committee decided."
    assert [h.kind for h in store.search.concordance("committee", SearchSide.SOURCE)] == []
    assert [h.kind for h in store.search.concordance("committee", SearchSide.TARGET)] == ["memory"]
    assert len(list(store.search.concordance("folkkommitté", limit=2))) == 2


def test_search_command_lists_hits_with_translation_and_document(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        _document(store, "Tåget till Älvsjö.", "Annat.")
    listed = invoke("search", "ÄLVSJÖ")
    assert listed.exit_code == 0, listed.stderr
    assert "doc 1 seg 1" in listed.stdout and "target of Tåget till Älvsjö." in listed.stdout
    assert listed.stderr.strip() == "1 hit for 'ÄLVSJÖ'"
    as_json = json.loads(invoke("search", "älvsjö", "--json", "--in", "target").stdout)
    assert [(h["kind"], h["document_id"], h["document"]) for h in as_json] == [
        ("segment", 1, "Doc s")
    ]
    assert (
        json.loads(invoke("search", "älvsjö", "--json", "--in", "source").stdout)[0]["target"]
        == "target of Tåget till Älvsjö."
    )
