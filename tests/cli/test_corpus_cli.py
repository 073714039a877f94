"""approve, export, tm import, glossary and qa through the CLI on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.records import NewTranslation, Origin
from workbench.store import Store


@pytest.fixture
def translated(invoke, store_path: Path) -> list[int]:  # type: ignore[no-untyped-def]
    """The Swedish seed ingested, each translatable segment given a known target."""
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    with Store.open(store_path) as store:
        ids = store.documents.segment_ids(1, translatable_only=True)
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i} & <b> ]]>", Origin.MT, score=-0.1) for i in ids]
        )
    return ids


def test_approve_ranges_then_export_every_format(  # type: ignore[no-untyped-def]
    invoke, translated: list[int], tmp_path: Path
) -> None:
    # translated[2] and [3] are neighbours (5, 6): a range; [0] stands alone.
    first, second, third = translated[0], translated[2], translated[3]
    assert third == second + 1
    result = invoke("approve", "1", "--segments", f"{first},{second}-{third}", "--reviewer", "anna")
    assert result.exit_code == 0, result.stderr
    assert "approved 3 segments" in result.stderr
    for fmt, name in [
        ("tmx", "out.tmx"),
        ("xliff", "out.xlf"),
        ("tsv", "out.tsv"),
        ("jsonl", "out.jsonl"),
        ("moses", "out"),
    ]:
        exported = invoke("export", "--format", fmt, "-o", str(tmp_path / name))
        assert exported.exit_code == 0, exported.stderr
        assert "wrote 3 units" in exported.stderr
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff import xlifffile

    tmx = tmxfile.parsefile(str(tmp_path / "out.tmx"))
    assert [u.target for u in tmx.units] == [
        f"English {i} & <b> ]]>" for i in (first, second, third)
    ]
    xliff = xlifffile.parsefile(str(tmp_path / "out.xlf"))
    assert [u.target for u in xliff.units][0] == f"English {first} & <b> ]]>"
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    record = json.loads(lines[0])
    assert record["author"] == "anna" and record["origin"] == "mt"
    assert len((tmp_path / "out.sv").read_text("utf-8").splitlines()) == 3
    assert len((tmp_path / "out.en").read_text("utf-8").splitlines()) == 3
    everything = invoke(
        "export", "--format", "tsv", "--status", "all", "-o", str(tmp_path / "all.tsv")
    )
    assert f"wrote {len(translated)} units" in everything.stderr


def test_approving_boilerplate_is_refused_and_nothing_changes(  # type: ignore[no-untyped-def]
    invoke, translated: list[int], store_path: Path
) -> None:
    with Store.open(store_path) as store:
        boilerplate = next(s.id for s in store.documents.segments(1) if not s.translatable)
        before = store.content_digest()
    result = invoke("approve", "1", "--segments", f"{translated[0]},{boilerplate}")
    assert result.exit_code == 2
    assert "boilerplate" in result.stderr
    with Store.open(store_path) as store:
        assert store.content_digest() == before


def test_tm_round_trip_feeds_exact_matches(  # type: ignore[no-untyped-def]
    invoke, translated: list[int], tmp_path: Path, store_path: Path
) -> None:
    invoke("approve", "1", "--segments", ",".join(map(str, translated[:5])))
    assert invoke("export", "-f", "tmx", "-o", str(tmp_path / "tm.tmx")).exit_code == 0
    other = tmp_path / "other.db"
    imported = invoke("tm", "import", str(tmp_path / "tm.tmx"), "--store", str(other))
    assert imported.exit_code == 0, imported.stderr
    assert "read 5 pairs" in imported.stderr
    with Store.open(store_path) as original, Store.open(other) as copy:
        assert sorted(copy.memory.pairs("sv", "en")) == sorted(original.memory.pairs("sv", "en"))


def test_glossary_add_list_and_qa_pairs(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert invoke("glossary", "add", "folkkommittén", "People's Committee").exit_code == 0
    terms = json.loads(invoke("glossary", "list", "--json").stdout)
    assert terms == [{"source": "folkkommittén", "target": "People's Committee", "note": None}]
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "Lönen är 3,5 miljoner.\tThe salary is 4.5 million.\nDet regnar.\tIt is raining.\n", "utf-8"
    )
    report = json.loads(invoke("qa", "--pairs", str(pairs), "--json").stdout)
    assert report["pairs"][0]["line"] == 1
    assert "number-mismatch" in {f["code"] for f in report["pairs"][0]["flags"]}
    assert not any(f["severity"] == "error" for p in report["pairs"][1:] for f in p["flags"])
