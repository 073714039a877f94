"""OpenDocument text in and out: `run` reads an .odt built by odfpy, `render` writes the English
.odt into the stored original, compared with it at the XML level."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.office_documents import BULLETS, CAPTION, CELLS, HEADER, NUMBERED, TITLE, swedish_odt
from tests.office_xml import (
    assert_refused_unchanged,
    convert_to_pdf,
    differences,
    parts,
    run_into_folder,
    zip_bytes,
)

MARKER = "[en] "
NOTE = "Uppgifterna kommer från finansdepartementet."


def test_odt_paragraphs_have_their_block_kind(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = swedish_odt(tmp_path / "budget.odt")
    from workbench.ingest.textio import read_source, split_paragraphs

    paragraphs = split_paragraphs(read_source(str(source)))
    blocks = {p.text: p.block for p in paragraphs}
    assert blocks[TITLE] == "h1" and blocks[CAPTION] == "caption" and blocks[NOTE] == "footnote"
    assert [blocks[item] for item in BULLETS] == ["ul", "ul"]
    assert [blocks[item] for item in NUMBERED] == ["ol", "ol"]
    assert {blocks[cell] for row in CELLS for cell in row} == {"td"}
    assert "Kolla siffran." not in blocks  # a comment is not translated
    assert invoke("ingest", source).exit_code == 0
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    assert "Regeringen lade på måndagen fram <g1>en ny budget</g1> för nästa år." in [
        s["source"] for s in segments
    ]


def test_copy_model_round_trip_gives_the_original_document(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("copy")
    source = swedish_odt(tmp_path / "budget.odt")
    written = run_into_folder(invoke, tmp_path, source)
    assert written.name == "budget.en.odt"
    assert differences(source.read_bytes(), written.read_bytes()) == []
    rendered = parts(written.read_bytes())
    assert b'fo:language="en" fo:country="GB"' in rendered["styles.xml"]
    assert b'fo:language="sv"' not in rendered["styles.xml"]
    assert b"<dc:language>en-GB</dc:language>" in rendered["meta.xml"]
    assert written.read_bytes()[30:38] == b"mimetype"  # still the first entry, as ODF requires


def test_marker_model_marks_every_paragraph_and_changes_nothing_else(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    source = swedish_odt(tmp_path / "budget.odt")
    written = run_into_folder(invoke, tmp_path, source)
    assert differences(source.read_bytes(), written.read_bytes(), drop=MARKER) == []
    from odf import teletype, text
    from odf.opendocument import load

    translated = load(str(written))
    texts = [
        teletype.extractText(p)
        for p in translated.getElementsByType(text.P) + translated.getElementsByType(text.H)
    ]
    # a comment stays as written; odfpy reads its text into the paragraph it sits in
    shown = [t.replace("RedaktörKolla siffran.", "") for t in texts if t != "Kolla siffran."]
    shown = [t for t in shown if t.strip()]
    assert [t for t in shown if not t.startswith(MARKER)] == []
    assert f"{MARKER}{NOTE}" in texts
    assert (
        f"<text:p>{MARKER}{HEADER}</text:p>".encode() in parts(written.read_bytes())["styles.xml"]
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"inte en zip", "is not a .odt file (it is no ZIP package)"),
        (
            zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}),
            "content.xml is missing",
        ),
        (
            zip_bytes({"META-INF/manifest.xml": b"<m><encryption-data/></m>", "content.xml": b"x"}),
            "is password-protected",
        ),
    ],
    ids=["not-zip", "no-content", "encrypted"],
)
def test_bad_odt_gets_one_line_and_leaves_the_store_unchanged(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, store_path: Path, content: bytes, message: str
) -> None:
    good = swedish_odt(tmp_path / "budget.odt")
    assert invoke("ingest", good).exit_code == 0
    bad = tmp_path / "trasig.odt"
    bad.write_bytes(content)
    assert_refused_unchanged(invoke, store_path, bad, message)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_english_odt(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    written = run_into_folder(invoke, tmp_path, swedish_odt(tmp_path / "budget.odt"))
    pdf = convert_to_pdf(written, tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "[en] Regeringen presenterar" in text and f"{MARKER}{NOTE}" in text


def test_a_hostile_space_count_is_read_safely() -> None:
    from workbench.ingest.odt_text import odt_paragraphs

    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        '<text:p>Ett<text:s text:c="tre"/>två<text:s text:c="999999999999"/>tre</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    (paragraph,) = odt_paragraphs("hostile.odt", zip_bytes({"content.xml": content.encode()}))
    assert paragraph.text.startswith("Ett två ")  # an unreadable count is one space
    assert len(paragraph.text) < 2000  # a huge one is capped
