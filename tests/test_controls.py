"""Control characters never reach a terminal raw; bidi overrides are shown and flagged."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workbench.ingest.controls import drop_controls, visible
from workbench.quality.qa import check_pair
from workbench.records import Severity
from workbench.store import Store

HOSTILE = "Rubrik \x1b]0;PWNED\x07 och \x1b[31mröd\x1b[0m.\n"
_RAW_CONTROLS = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {
    chr(c) for c in range(0x7F, 0xA0)
}


def test_escape_sequences_are_dropped_whole() -> None:
    cleaned = drop_controls("a\x1b]0;PWNED\x07b\x1b[31mc\x9b2Jd\x00e\tf\n")
    assert cleaned.text == "abcde\tf\n"
    assert cleaned.dropped == 4


@given(st.text())
def test_nothing_raw_survives_dropping_or_escaping(text: str) -> None:
    assert not _RAW_CONTROLS & set(drop_controls(text).text)
    assert not _RAW_CONTROLS & set(visible(text))


def test_ingest_drops_controls_and_says_how_many(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, store_path: Path
) -> None:
    article = tmp_path / "e.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    ingested = invoke("ingest", article, "--source-lang", "sv")
    assert ingested.exit_code == 0, ingested.stderr
    assert "3 control characters dropped" in ingested.stdout
    listed = invoke("segments", "1")
    assert "\x1b" not in listed.stdout and "Rubrik  och röd." in listed.stdout
    with Store.open(store_path) as store:
        assert store.documents.segment(1).source == "Rubrik  och röd."


def test_html_entities_that_decode_to_controls_are_dropped(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, store_path: Path
) -> None:
    page = tmp_path / "e.html"
    page.write_text(
        "<html><body><article><p>Katten sover &#27;[31mi soffan&#155;2J hela dagen.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert invoke("ingest", page, "--source-lang", "sv").exit_code == 0
    with Store.open(store_path) as store:
        sources = [s.source for s in store.documents.segments(1)]
    assert not any(_RAW_CONTROLS & set(source) for source in sources)


def test_controls_from_other_paths_are_escaped_on_output(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        store.memory.add_pairs(
            [("Hej \x1b]0;PWNED\x07då", "Bye \x9b31m now")], source_lang="sv", target_lang="en"
        )
    listed = invoke("tm", "list")
    assert not _RAW_CONTROLS & set(listed.stdout)
    assert "Hej \\x1b]0;PWNED\\x07då" in listed.stdout
    as_json = invoke("tm", "list", "--json").stdout
    assert not _RAW_CONTROLS & set(as_json)
    assert json.loads(as_json) == [
        {"source": "Hej \x1b]0;PWNED\x07då", "target": "Bye \x9b31m now"}
    ]


def test_bidi_overrides_are_flagged_by_qa() -> None:
    # "001" between RLO and PDF displays as "100": the number check sees the truth.
    flags = check_pair("Betala 100 kronor.", "Pay \u202e001\u202c kronor.")
    (flag,) = [f for f in flags if f.code == "bidi-control"]
    assert (flag.code, flag.severity) == ("bidi-control", Severity.ERROR)
    assert "RLO, PDF" in flag.message
    assert visible("Pay \u202e001\u202c") == "Pay ⟨RLO⟩001⟨PDF⟩"
