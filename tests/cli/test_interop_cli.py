"""`tm import` and `glossary import` on files from other tools and on the workbench's exports."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import SWEDISH_SEED
from workbench.records import NewTranslation, Origin
from workbench.store import Store

DATA = Path(__file__).parents[1] / "data" / "interop"


def test_region_tagged_import_serves_the_bare_language_pair(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    result = invoke(
        "tm", "import", str(DATA / "trados.tmx"), "--source-lang", "sv-SE", "--target-lang", "en-US"
    )
    assert result.exit_code == 0, result.stderr
    listed = json.loads(invoke("tm", "list", "--json").stdout)
    assert {"source": "Tryck på Starta.", "target": "Press Start."} in listed
    with Store.open(store_path) as store:
        assert len(store.memory.pairs("sv", "en")) == 3
        tags = store.conn.execute("SELECT DISTINCT source_lang, target_lang FROM tm_entries")
        assert sorted(tags) == [("sv-SE", "en"), ("sv-SE", "en-GB"), ("sv-SE", "en-US")]


def test_exact_tag_wins_over_other_variants_for_the_same_source(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    for target in ("en-GB", "en-US", "en"):
        assert (
            invoke("tm", "import", str(DATA / "trados.tmx"), "--target-lang", target).exit_code == 0
        )
    with Store.open(store_path) as store:
        wins = dict(store.memory.pairs("sv", "en-US"))
    assert wins["Tryck på Starta."] == "Press Start."
    with Store.open(store_path) as store:
        assert dict(store.memory.pairs("sv", "en"))["Tryck på Starta."] == "Press Start (bare)."


def test_unreviewed_units_are_imported_only_when_asked(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, tmp_path: Path
) -> None:
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    with Store.open(store_path) as store:
        ids = store.documents.segment_ids(1, translatable_only=True)
        store.reviews.record_translations(
            [NewTranslation(i, f"Raw MT {i}", Origin.MT) for i in ids]
        )
    for fmt, suffix in (("tmx", "tmx"), ("xliff", "xlf"), ("tsv", "tsv")):
        out = tmp_path / f"all.{suffix}"
        assert invoke("export", "-f", fmt, "--status", "all", "-o", str(out)).exit_code == 0
        other = str(tmp_path / f"{fmt}.db")
        refused = invoke("tm", "import", str(out), "--store", other)
        assert refused.exit_code == 2
        assert f"(skipped: {len(ids)} unreviewed)" in refused.stderr
        # One error line (after the note that the new store was created).
        assert refused.stderr.count("workbench: error:") == 1
        assert refused.stderr.splitlines()[-1].startswith("workbench: error:")
        taken = invoke("tm", "import", str(out), "--store", other, "--include-unreviewed")
        assert taken.exit_code == 0, taken.stderr
        assert f"read {len(ids)} pairs" in taken.stderr


def test_summary_reports_what_was_skipped_and_normalised(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("tm", "import", str(DATA / "cms.xlf"))
    assert result.exit_code == 0, result.stderr
    assert "skipped 2 not translated, 1 invalid state ('done'), 1 unreviewed" in result.stderr
    assert "--include-unreviewed" in result.stderr
    assert "whitespace normalised in 2 units" in result.stderr


def test_html_saved_as_xlf_is_one_line_and_exit_2(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("tm", "import", str(DATA / "page.xlf"))
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("workbench: error: ") and "root element is <html>" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_file_malformed_halfway_leaves_the_store_unchanged(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, tmp_path: Path
) -> None:
    units = "".join(
        f'<tu><tuv xml:lang="sv"><seg>Mening {i}.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Sentence {i}.</seg></tuv></tu>\n'
        for i in range(12_000)
    )
    broken = tmp_path / "broken.tmx"
    broken.write_text(f'<tmx version="1.4"><header/><body>\n{units}<tu><tuv></body></tmx>')
    assert invoke("glossary", "add", "hej", "hi").exit_code == 0
    with Store.open(store_path) as store:
        before = store.content_digest()
    result = invoke("tm", "import", str(broken))
    assert result.exit_code == 2 and "malformed TMX" in result.stderr
    with Store.open(store_path) as store:
        assert store.content_digest() == before


def test_glossary_homonyms_are_reported_and_the_rest_imported(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    termbase = str(DATA / "termbase.tbx")
    strict = invoke("glossary", "import", termbase, "--strict")
    assert strict.exit_code == 2
    assert "1 terms translated two ways, nothing imported" in strict.stderr
    assert not store_path.exists() or not json.loads(invoke("glossary", "list", "--json").stdout)
    result = invoke("glossary", "import", termbase)
    assert result.exit_code == 0, result.stderr
    assert "termbase.tbx:27: 'bindning' is already translated as 'binding' on line 23" in (
        result.stderr
    )
    assert "read 6 terms" in result.stderr and "1 conflict kept the first" in result.stderr
    terms = {
        t["source"]: t["target"] for t in json.loads(invoke("glossary", "list", "--json").stdout)
    }
    assert terms["binär stjärna"] == "double star"
    assert terms["bindning"] == "binding"
