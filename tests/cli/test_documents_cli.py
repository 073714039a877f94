"""`ingest`, `documents`, `segments`, `stats` through the real CLI on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import ENGLISH_SEED, SWEDISH_SEED, add_sentences
from workbench.records import NewTranslation, Origin
from workbench.store import Store


def test_ingest_seed_reports_counts_and_reingest_is_a_noop(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = invoke("ingest", str(SWEDISH_SEED))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("document 1 (sv→en, revision 1)")
    again = invoke("ingest", str(SWEDISH_SEED))
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "already stored as document 1" in again.stderr
    listing = json.loads(invoke("documents", "--json").stdout)
    assert [d["id"] for d in listing] == [1]
    assert listing[0]["source_lang"] == "sv" and listing[0]["translatable"] > 20


def test_segments_json_marks_boilerplate_untranslatable(invoke) -> None:  # type: ignore[no-untyped-def]
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    result = invoke("segments", "1", "--json")
    assert result.exit_code == 0
    segments = json.loads(result.stdout)
    keys = {
        "id",
        "paragraph",
        "index",
        "kind",
        "lang",
        "translatable",
        "status",
        "source",
        "target",
    }
    assert keys <= set(segments[0])
    by_text = {s["source"]: s for s in segments}
    for boilerplate in ("Kommentar (0)", "No data", "Arv", "Figur", "Företag"):
        assert by_text[boilerplate]["translatable"] is False, boilerplate
    assert not any(s["translatable"] for s in segments if s["source"].startswith("Källa:"))
    assert not any(s["translatable"] for s in segments if "Báo Lai Châu" in s["source"])
    title = next(s for s in segments if s["kind"] == "title")
    assert title["source"].startswith("Lai Chau: Utökad integration")
    assert title["translatable"]
    body = [s for s in segments if s["kind"] == "body"]
    assert len(body) > 20 and all(s["translatable"] and s["lang"] == "sv" for s in body)
    assert all(s["status"] == "new" and s["target"] is None for s in segments)


def test_english_seed_tail_is_boilerplate(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("ingest", "--json", str(ENGLISH_SEED), "--target-lang", "sv")
    assert result.exit_code == 0, result.stderr
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    related = next(i for i, s in enumerate(segments) if s["source"].startswith("Related"))
    assert not any(s["translatable"] for s in segments[related:])
    assert sum(s["translatable"] for s in segments[:related]) > 10


def test_stdin_ingest(invoke) -> None:  # type: ignore[no-untyped-def]
    text = "Det här är en kort svensk artikel om vädret.\n\nDet regnar i Stockholm idag."
    result = invoke("ingest", "-", input=text.encode())
    assert result.exit_code == 0, result.stderr
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    assert [s["source"] for s in segments if s["translatable"]][-1] == (
        "Det regnar i Stockholm idag."
    )


def test_stats_json_counts_by_status(invoke) -> None:  # type: ignore[no-untyped-def]
    invoke("ingest", str(SWEDISH_SEED))
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["status"]["new"] > 20 and stats["status"]["approved"] == 0
    assert stats["effort"]["segments"] == 0


def test_stats_name_approvals_by_how_much_the_reviewer_changed(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    sources = [
        "Staden bygger en ny bro över älven.",
        "Bron blir klar i vår om allt går enligt planen.",
        "Kommunen betalar hela kostnaden.",
    ]
    mt = [
        "The city builds a new bridge over the river.",
        "The bridge will be ready in spring if everything goes to plan.",
        "The municipality pays the whole cost.",
    ]
    finals = [
        mt[0],  # approved as MT gave it
        "The bridge will be finished in spring if everything goes to plan.",  # one word
        "Taxpayers foot every krona of this bill.",  # nothing of the MT left
    ]
    with Store.open(store_path) as store:
        document_id = add_sentences(store, "bron", sources)
        ids = [s.id for s in store.documents.segments(document_id, translatable_only=True)]
        store.reviews.record_translations(
            [NewTranslation(i, text, Origin.MT) for i, text in zip(ids, mt, strict=True)]
        )
        for segment_id, final in zip(ids, finals, strict=True):
            current = store.documents.segment(segment_id)
            if final != current.target:
                store.reviews.save_edit(segment_id, final, "anna", current.translation_id)
            store.reviews.approve(segment_id, "anna")
    effort = json.loads(invoke("stats", "--json").stdout)["effort"]
    assert effort["mean_ter"] > 30  # the rewrite dominates the mean
    assert (
        effort["approved_unchanged"],
        effort["lightly_edited"],
        effort["heavily_edited"],
        effort["rewritten"],
    ) == (1, 1, 0, 1)
    text = invoke("stats").stdout
    header = text.splitlines()[1].split()
    assert "rewritten" in header and "unchanged" in header
    assert "from MT" not in text
