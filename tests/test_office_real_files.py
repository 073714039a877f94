"""Documents from python-docx's and odfpy's test suites (tests/data/office/README.md): read,
written back with the text copied or marked, and compared with the original at the XML level.

The files are English, so they are put through the reader and writer directly rather than a
Swedish→English store; `test_office_docx`/`test_office_odt` cover the whole pipeline.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.office_xml import convert_to_pdf, differences, parts
from workbench.errors import InputError
from workbench.export.render import docx as docx_writer
from workbench.export.render import odt as odt_writer
from workbench.ingest.docx_text import docx_paragraphs
from workbench.ingest.odt_text import odt_paragraphs

DATA = Path(__file__).parent / "data" / "office"
SPECIAL = {"odfpy-aes_sample.odt", "odfpy-nasty.odt"}
FILES = sorted(p for p in DATA.iterdir() if p.suffix in (".docx", ".odt") and p.name not in SPECIAL)
MARKER = "[en] "


def _translated(path: Path, prefix: str) -> bytes:
    raw = path.read_bytes()
    read, writer = (
        (docx_paragraphs, docx_writer) if path.suffix == ".docx" else (odt_paragraphs, odt_writer)
    )
    paragraphs = read(path.name, raw)
    targets = {number: prefix + p.text for number, p in enumerate(paragraphs, start=1)}
    return writer.translated(path.name, raw, targets, "en", "en")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_copied_text_gives_the_original_back(path: Path) -> None:
    assert differences(path.read_bytes(), _translated(path, "")) == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_marked_text_changes_nothing_but_the_text(path: Path) -> None:
    rendered = _translated(path, MARKER)
    assert differences(path.read_bytes(), rendered, drop=MARKER) == []


def test_a_password_protected_odt_is_refused() -> None:
    with pytest.raises(InputError, match="password-protected"):
        odt_paragraphs("aes_sample.odt", (DATA / "odfpy-aes_sample.odt").read_bytes())


def test_an_external_entity_is_never_expanded() -> None:
    raw = (DATA / "odfpy-nasty.odt").read_bytes()
    assert [p.text for p in odt_paragraphs("nasty.odt", raw)] == ["Test:"]
    rendered = odt_writer.translated("nasty.odt", raw, {1: "Prov:"}, "en", "en")
    content = parts(rendered)["content.xml"]
    assert b"<text:p>Prov: </text:p>" in content and b"externalcontent" not in content


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_every_marked_document(tmp_path: Path) -> None:
    for path in FILES:
        marked = tmp_path / path.name
        marked.write_bytes(_translated(path, MARKER))
        pdf = convert_to_pdf(marked, tmp_path / f"{path.stem}-pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        assert MARKER.strip() in text.stdout or "tables" in path.name, path.name
