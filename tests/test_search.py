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


def _many_hits(store_path: Path, segments: int) -> None:
    with Store.open(store_path) as store:
        _document(store, *(f"Mening {n} om tåget." for n in range(segments)))
        store.memory.add_pairs(
            [("Tåget gick.", "The train left.")], source_lang="sv", target_lang="en"
        )


def test_concordance_yields_its_first_hit_before_reading_every_row(store_path: Path) -> None:
    _many_hits(store_path, 3_000)
    with Store.open(store_path) as store:
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0  # go on

        store.conn.set_progress_handler(count, 100)
        hits = store.search.concordance("tåget")
        next(hits)
        to_first = steps[0]
        assert sum(1 for _ in hits) == 3_000  # the other segments, then the memory entry
        # SQLite's own work counter, not a clock: a streamed search has done a sliver of
        # the scan when the first hit arrives; one that fetched every row first has done all
        assert to_first * 20 < steps[0]


def test_search_streams_every_hit_and_stops_at_limit(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    _many_hits(store_path, 2_500)  # past one block of streamed rows
    listed = invoke("search", "TÅGET")
    assert listed.exit_code == 0, listed.stderr
    rows = listed.stdout.splitlines()
    assert rows[0].split() == ["where", "status", "source", "target"]
    assert len(rows) == 1 + 2_501
    assert rows[1].startswith("doc 1 seg 1 ") and rows[-1].startswith("memory")
    assert listed.stderr.strip() == "2501 hits for 'TÅGET'"
    every = json.loads(invoke("search", "tåget", "--json").stdout)
    assert len(every) == 2_501 and every[-1]["kind"] == "memory"
    assert every[1_234]["source"] == "Mening 1234 om tåget."

    limited = invoke("search", "tåget", "--limit", "3")
    assert limited.exit_code == 0, limited.stderr
    assert len(limited.stdout.splitlines()) == 1 + 3
    assert limited.stderr.strip() == "first 3 hits for 'tåget'; there are more (raise --limit)"
    as_json = invoke("search", "tåget", "--json", "--limit", "3")
    assert [h["segment_id"] for h in json.loads(as_json.stdout)] == [1, 2, 3]
    assert "there are more" in as_json.stderr
    exact = invoke("search", "tåget gick", "--limit", "1")
    assert exact.stderr.strip() == "1 hit for 'tåget gick'"  # no more to tell of
    refused = invoke("search", "tåget", "--limit", "0")
    assert refused.exit_code != 0 and "--limit" in refused.stderr


def test_streamed_json_is_the_text_one_document_would_be(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    _many_hits(store_path, 1_001)  # one item past a block of streamed JSON
    for phrase, count in (("tåget", 1_002), ("tåget gick", 1), ("ingenting", 0)):
        streamed = invoke("search", phrase, "--json").stdout
        hits = json.loads(streamed)
        assert len(hits) == count
        assert streamed == json.dumps(hits, ensure_ascii=False, indent=2) + "\n"
