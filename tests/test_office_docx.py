"""Word documents in and out: `ingest`/`run` read a .docx built by python-docx, `render` writes
the English .docx into the stored original, compared with it at the XML level."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.office_documents import (
    BULLETS,
    CAPTION,
    CELLS,
    HEADER,
    HEADING,
    MAP,
    NUMBERED,
    TITLE,
    swedish_docx,
)
from tests.office_xml import (
    assert_refused_unchanged,
    convert_to_pdf,
    differences,
    parts,
    run_into_folder,
    zip_bytes,
)
from workbench.store import Store

MARKER = "[en] "


def test_docx_paragraphs_have_their_block_kind_and_inline_codes(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = swedish_docx(tmp_path / "budget.docx")
    assert invoke("ingest", source).exit_code == 0
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    by_text = {s["source"]: s for s in segments}
    assert by_text[TITLE]["kind"] == "title"
    assert by_text[CAPTION]["kind"] == "caption"
    assert all(s["translatable"] for s in segments)
    sources = [s["source"] for s in segments]
    assert "Regeringen lade på måndagen fram <g1>en ny budget</g1> för nästa år." in sources
    assert any("<g3>pressmeddelandet</g3>" in s for s in sources)  # the link's text
    from workbench.ingest.textio import read_source, split_paragraphs

    blocks = {p.text: p.block for p in split_paragraphs(read_source(str(source)))}
    assert blocks[TITLE] == "h1" and blocks[HEADING] == "h1"
    assert [blocks[item] for item in BULLETS] == ["ul", "ul"]
    assert [blocks[item] for item in NUMBERED] == ["ol", "ol"]
    assert {blocks[cell] for row in CELLS for cell in row} == {"td"}
    assert blocks[CAPTION] == "caption"


def test_copy_model_round_trip_gives_the_original_document(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("copy")
    source = swedish_docx(tmp_path / "budget.docx")
    written = run_into_folder(invoke, tmp_path, source)
    assert written.name == "budget.en.docx"
    original, rendered = source.read_bytes(), written.read_bytes()
    assert differences(original, rendered) == []
    # only the language changed: Swedish text is marked English now
    document = (
        parts(rendered)["word/document.xml"].decode() + parts(rendered)["word/styles.xml"].decode()
    )
    assert 'w:val="sv-SE"' not in document and 'w:val="en-GB"' in document
    assert b"<dc:language>en-GB</dc:language>" in parts(rendered)["docProps/core.xml"]


def test_marker_model_marks_every_paragraph_and_changes_nothing_else(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    source = swedish_docx(tmp_path / "budget.docx")
    written = run_into_folder(invoke, tmp_path, source)
    assert differences(source.read_bytes(), written.read_bytes(), drop=MARKER) == []
    import docx

    translated = docx.Document(str(written))
    texts = [p.text for p in translated.paragraphs if p.text.strip()]
    texts += [c.text for t in translated.tables for r in t.rows for c in r.cells]
    assert texts and all(text.startswith(MARKER) for text in texts), texts
    assert translated.paragraphs[2].runs[1].bold  # "en ny budget" kept its emphasis
    assert len(translated.inline_shapes) == 2
    assert translated.sections[0].header.paragraphs[0].text == MARKER + HEADER


def test_render_to_text_formats_drops_the_codes_and_approved_only_refuses(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    source = swedish_docx(tmp_path / "budget.docx")
    assert invoke("run", source).exit_code == 0
    text = invoke("render", "1", "--format", "txt").stdout
    assert "[en] Regeringen lade på måndagen fram en ny budget för nästa år." in text
    assert "<g" not in text
    refused = invoke("render", "1", "--approved-only", "-o", tmp_path / "out.docx")
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "translatable segments are not approved" in refused.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_text_document_cannot_be_rendered_as_docx(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support import SWEDISH_SEED

    assert invoke("ingest", SWEDISH_SEED).exit_code == 0
    refused = invoke("render", "1", "--format", "docx", "-o", tmp_path / "a.docx")
    assert refused.exit_code == 2
    assert "was not ingested from a .docx file" in refused.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Detta \xe4r ingen zip", "is not a .docx file (it is no ZIP package)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "is password-protected (encrypted)"),
        (zip_bytes({"[Content_Types].xml": b"<Types/>"}), "word/document.xml is missing"),
        (zip_bytes({"word/document.xml": b"<w:document"}), "is not well-formed XML"),
        ("zip-bomb", "size limit"),  # built in the test: 70 MB that deflates to 70 kB
    ],
    ids=["not-zip", "encrypted", "no-document", "broken-xml", "zip-bomb"],
)
def test_bad_docx_gets_one_line_and_leaves_the_store_unchanged(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, store_path: Path, content: bytes | str, message: str
) -> None:
    from tests.support import SWEDISH_SEED

    assert invoke("ingest", SWEDISH_SEED).exit_code == 0
    if content == "zip-bomb":
        content = zip_bytes({"word/document.xml": b"<a>" + b" " * (70 * 2**20) + b"</a>"})
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    assert_refused_unchanged(invoke, store_path, bad, message)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_english_docx(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    written = run_into_folder(invoke, tmp_path, swedish_docx(tmp_path / "budget.docx"))
    pdf = convert_to_pdf(written, tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "[en] Regeringen presenterar" in text and "[en] Mer pengar till lärarna" in text


def test_an_edit_that_loses_the_codes_keeps_the_images_and_the_file_valid(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path, store_path: Path
) -> None:
    install_model("marker")
    source = swedish_docx(tmp_path / "budget.docx")
    assert invoke("run", source).exit_code == 0
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    (with_map,) = [s for s in segments if s["source"].startswith(MAP[0])]
    assert re.fullmatch(r"Kartan <x\d+/> visar .*", with_map["source"])
    with Store.open(store_path) as store:
        segment = store.documents.segment(with_map["id"])
        store.reviews.save_edit(
            segment.id, "The map shows where taxes fall most.", "anna", segment.translation_id
        )
    assert invoke("render", "1", "-o", tmp_path / "budget.en.docx").exit_code == 0
    import docx

    translated = docx.Document(str(tmp_path / "budget.en.docx"))
    assert len(translated.inline_shapes) == 2  # the map moved to the end of its paragraph
    (paragraph,) = [p for p in translated.paragraphs if "map" in p.text]
    assert paragraph.text == "The map shows where taxes fall most."
    assert paragraph._p.xpath("./w:r[last()]/w:drawing")


def test_text_that_looks_like_a_code_comes_back_as_text(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    import docx

    install_model("copy")
    document = docx.Document()
    sentence = "Regeringen skriver <g1> och a\\b i koden, men det är inget fel i texten."
    for text in (TITLE, sentence, *BULLETS):
        document.add_paragraph(text)
    document.save(tmp_path / "kod.docx")
    written = run_into_folder(invoke, tmp_path, tmp_path / "kod.docx")
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    assert "Regeringen skriver \\<g1> och a\\\\b i koden, men det är inget fel i texten." in [
        s["source"] for s in segments
    ]
    assert sentence in [p.text for p in docx.Document(str(written)).paragraphs]


def test_a_folder_ingest_skips_words_lock_file(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "inkorg"
    folder.mkdir()
    swedish_docx(folder / "budget.docx")
    # Word keeps this beside a document while it is open: the owner's name, not a package
    (folder / "~$budget.docx").write_bytes(b"\x05Anna" + b"\x00" * 157)
    result = invoke("ingest", folder)
    assert result.exit_code == 0, result.stderr
    assert "document 1" in result.stdout and "document 2" not in result.stdout


def test_a_docx_over_the_text_size_limit_is_read_for_its_text(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os
    import zipfile

    from workbench.ingest.textio import MAX_SOURCE_BYTES

    source = swedish_docx(tmp_path / "budget.docx")
    with zipfile.ZipFile(source, "a") as package:  # a large photo, as newsroom copy carries
        package.writestr("word/media/photo.bin", os.urandom(MAX_SOURCE_BYTES + 1024))
    assert source.stat().st_size > MAX_SOURCE_BYTES
    result = invoke("ingest", source)
    assert result.exit_code == 0, result.stderr


def test_each_revision_renders_from_its_own_file(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    source = swedish_docx(tmp_path / "budget.docx")
    assert invoke("render", "1").exit_code == 2  # nothing stored yet
    assert invoke("ingest", source).exit_code == 0
    untranslated = invoke("render", "1", "-o", tmp_path / "early.docx")
    assert untranslated.exit_code == 2 and "have no target yet" in untranslated.stderr
    assert invoke("translate", "1").exit_code == 0
    swedish_docx(source, extra_paragraphs=2)  # the writer sends a longer version
    assert invoke("run", source).exit_code == 0
    import docx

    lengths = []
    for document in ("1", "2"):
        out = tmp_path / f"revision-{document}.docx"
        assert invoke("render", document, "-o", out).exit_code == 0
        lengths.append(len(docx.Document(str(out)).paragraphs))
    assert lengths[1] == lengths[0] + 2


def test_a_run_marked_only_with_its_language_needs_no_code(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from workbench.ingest.docx_text import docx_paragraphs

    document = docx.Document()
    paragraph = document.add_paragraph("Regeringen lade fram ")
    marked = paragraph.add_run("en ny budget")
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    marked._r.get_or_add_rPr().append(language)
    paragraph.add_run(" i dag.")
    document.save(tmp_path / "sprak.docx")
    (read,) = docx_paragraphs("sprak.docx", (tmp_path / "sprak.docx").read_bytes())
    assert read.text == "Regeringen lade fram en ny budget i dag."


def _field(paragraph, instruction: str, result: str) -> None:  # type: ignore[no-untyped-def]
    """A complex field as Word writes one: begin, code, separator, result, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def mark(kind: str) -> None:
        character = OxmlElement("w:fldChar")
        character.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(character)

    mark("begin")
    code = OxmlElement("w:instrText")
    code.text = instruction
    paragraph.add_run()._r.append(code)
    mark("separate")
    paragraph.add_run(result).underline = True
    mark("end")


def test_a_fields_result_is_translated_and_its_code_kept(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    import docx

    install_model("marker")
    document = docx.Document()
    for text in (TITLE, *BULLETS):
        document.add_paragraph(text)
    paragraph = document.add_paragraph("Läs mer i ")
    _field(paragraph, ' HYPERLINK "https://www.regeringen.se" ', "regeringens pressmeddelande")
    paragraph.add_run(" från i går, där står det mesta om förslaget.")
    document.save(tmp_path / "falt.docx")
    from workbench.ingest.docx_text import docx_paragraphs

    texts = [p.text for p in docx_paragraphs("falt.docx", (tmp_path / "falt.docx").read_bytes())]
    assert (
        "Läs mer i <x1/><g2>regeringens pressmeddelande<x3/></g2> från i går, där står det"
        in (texts[-1])
    )
    written = run_into_folder(invoke, tmp_path, tmp_path / "falt.docx")
    assert (
        differences((tmp_path / "falt.docx").read_bytes(), written.read_bytes(), drop=MARKER) == []
    )
    document_xml = parts(written.read_bytes())["word/document.xml"].decode()
    assert ' HYPERLINK "https://www.regeringen.se" ' in document_xml
