"""One QA for every target: memory targets, today's glossary, external pairs, CLI approval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_translate import SOURCES, _document
from workbench.records import NewTranslation, Origin
from workbench.store import Store
from workbench.translate.engine import MTResult
from workbench.translate.machine import machine_translate as _machine_translate
from workbench.translate.stage import EngineProvider, translate_document


def _codes(store: Store, segment_id: int) -> list[str]:
    return [flag.code for flag in store.flags.of_segment(segment_id)]


def test_memory_targets_are_checked_like_machine_ones(store: Store, tmp_path: Path) -> None:
    # The third source says "3 mars" and "3 700": a memory target with other numbers is wrong.
    store.memory.add_pairs(
        [(SOURCES[2], "The People's Committee met on 4 March with 9,999 participants.")],
        source_lang="sv",
        target_lang="en",
    )
    document_id = _document(store)
    store.conn.execute("DELETE FROM segments WHERE idx < 2")  # only the memory's sentence
    result = translate_document(store, document_id, EngineProvider(tmp_path, "sv", "en"))
    (segment,) = store.documents.segments(document_id)
    assert (result.memory, result.machine, result.flagged) == (1, 0, 1)
    assert segment.origin == Origin.TM
    assert "number-mismatch" in _codes(store, segment.id)


def _translated(store_path: Path) -> list[int]:
    with Store.open(store_path) as store:
        document_id = _document(store)
        ids = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [
                NewTranslation(ids[0], "The cat sleeps on the sofa.", Origin.MT),
                NewTranslation(ids[1], "The dog runs in the park every morning.", Origin.MT),
                NewTranslation(ids[2], "They met on 4 March.", Origin.MT),
            ]
        )
    return ids


def test_qa_document_checks_a_term_added_after_translation(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, *_ = _translated(store_path)
    assert invoke("glossary", "add", "soffan", "the couch").exit_code == 0
    result = invoke("qa", "1", "--json")
    assert result.exit_code == 0, result.stderr
    flags = json.loads(result.stdout)["flags"]
    assert {"segment": first, "code": "glossary-missing"}.items() <= next(
        f for f in flags if f["code"] == "glossary-missing"
    ).items()
    with Store.open(store_path) as store:
        assert "glossary-missing" in _codes(store, first)


def test_qa_pairs_uses_the_store_glossary_or_a_file(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("Katten sover i soffan.\tThe cat sleeps on the sofa.\n", encoding="utf-8")
    assert "glossary-missing" not in invoke("qa", "--pairs", pairs).stdout
    assert invoke("glossary", "add", "soffan", "the couch").exit_code == 0
    assert "glossary-missing" in invoke("qa", "--pairs", pairs).stdout
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target\nkatten,the tomcat\n", encoding="utf-8")
    from_file = invoke("qa", "--pairs", pairs, "--glossary", terms).stdout
    assert "'katten' should be translated as 'the tomcat'" in from_file
    assert "soffan" not in from_file


def test_qa_pairs_checks_spelling_as_qa_doc_does(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("Katten Lunarex sover.\tThe cat Lunarex sleeeps.\n", encoding="utf-8")
    checked = invoke("qa", "--pairs", pairs, "--json")
    assert checked.exit_code == 0, checked.stderr
    (line,) = json.loads(checked.stdout)["pairs"]
    assert [(f["code"], f["start"]) for f in line["flags"]] == [("spelling", 16)]
    # The store's own dictionary and variant count, as for stored targets.
    assert invoke("dictionary", "add", "sleeeps").exit_code == 0
    assert invoke("settings", "spelling-variant", "en-US").exit_code == 0
    pairs.write_text("Färgen.\tThe colour sleeeps.\n", encoding="utf-8")
    (line,) = json.loads(invoke("qa", "--pairs", pairs, "--json").stdout)["pairs"]
    assert [f["code"] for f in line["flags"]] == ["spelling-variant"]


def test_cli_approve_refuses_error_flagged_segments_unless_forced(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    ids = _translated(store_path)
    assert invoke("qa", "1").exit_code == 0  # flags segment 3: "4 March" for "3 mars"
    with Store.open(store_path) as store:
        before = store.content_digest()
    span = f"{ids[0]}-{ids[2]}"
    refused = invoke("approve", "1", "--segments", span)
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"workbench: error: segment {ids[2]} has QA errors; nothing approved "
        "(see `workbench qa DOC`; fix the targets or pass --force)"
    ]
    with Store.open(store_path) as store:
        assert store.content_digest() == before
    forced = invoke("approve", "1", "--segments", span, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "approved 3 segments" in forced.stderr
    one = invoke("approve", "1", "--segments", str(ids[0]))
    assert "approved 1 segment of" in one.stderr


class _ShortEngine:
    """An engine with a batching bug: one result fewer than texts asked for."""

    model_id = signature = "short"

    def translate(self, texts: list[str]) -> list[MTResult]:
        return [MTResult(f"[en] {text}", -0.1) for text in texts[:-1]]


def test_an_engine_that_drops_a_result_fails_loudly_instead_of_shifting_targets(
    store: Store,
) -> None:
    document_id = _document(store)
    with pytest.raises(ValueError, match="zip"):
        _machine_translate(
            _ShortEngine(),  # type: ignore[arg-type]
            [segment.source for segment in store.documents.segments(document_id)],
            "sv",
            "en",
            [],
        )
