"""Comparing two office packages part by part at the XML level, the way a reader sees them:
language tags, Word's revision ids and proofing marks left out, and adjacent runs (spans) with
the same formatting joined, since where a run is split changes nothing on the page."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_IGNORED_ELEMENTS = {
    f"{{{W}}}lang",
    f"{{{W}}}themeFontLang",
    "{http://purl.org/dc/elements/1.1/}language",
    f"{{{W}}}proofErr",
    f"{{{W}}}lastRenderedPageBreak",
}
_IGNORED_ATTRIBUTE = re.compile(rf"^\{{{W}\}}rsid|^\{{{FO}\}}(language|country)$")


def parts(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        return {name: package.read(name) for name in package.namelist()}


def normalised(xml: bytes) -> str:
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for element in list(root.iter()):
        if element.tag in _IGNORED_ELEMENTS:
            element.getparent().remove(element)
    for element in root.iter():
        for name in [n for n in element.attrib if _IGNORED_ATTRIBUTE.match(n)]:
            del element.attrib[name]
    for empty in [p for p in root.iter(f"{{{W}}}rPr") if not len(p) and not p.attrib]:
        empty.getparent().remove(empty)  # properties that were only a language
    for carriage_return in root.iter(f"{{{W}}}cr"):
        carriage_return.tag = f"{{{W}}}br"  # ECMA-376: read as a text-wrapping break
    _join_runs(root)
    _join_spans(root)
    for element in root.iter():
        if element.tag == f"{{{W}}}t":
            element.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n").decode()


def _join_runs(root: etree._Element) -> None:
    run = f"{{{W}}}r"
    for empty in [t for t in root.iter(f"{{{W}}}t") if not t.text]:
        empty.getparent().remove(empty)
    for empty in [r for r in root.iter(run) if all(c.tag == f"{{{W}}}rPr" for c in r)]:
        empty.getparent().remove(empty)  # a run without content shows nothing
    for parent in list(root.iter()):
        index = 0
        while index + 1 < len(parent):
            first, second = parent[index], parent[index + 1]
            if first.tag != run or second.tag != run or _properties(first) != _properties(second):
                index += 1
                continue
            own = [child for child in second if child.tag != f"{{{W}}}rPr"]
            if len(first) and first[-1].tag == f"{{{W}}}t" and own and own[0].tag == f"{{{W}}}t":
                first[-1].text = (first[-1].text or "") + (own.pop(0).text or "")
            first.extend(own)
            parent.remove(second)
    for element in root.iter(run):  # one run's adjacent texts read as one
        texts = list(element)
        for previous, current in zip(texts, texts[1:], strict=False):
            if previous.tag == current.tag == f"{{{W}}}t" and previous.getparent() is not None:
                current.text = (previous.text or "") + (current.text or "")
                element.remove(previous)


def _join_spans(root: etree._Element) -> None:
    """ODF's counterpart: soft page breaks (a layout cache) out, then adjacent spans with the
    same attributes and nothing between them joined."""
    span = f"{{{TEXT}}}span"
    empty = [e for e in root.iter(span) if not e.text and not len(e)]
    for element in [*root.iter(f"{{{TEXT}}}soft-page-break"), *empty]:
        _remove_keeping_tail(element)
    for parent in list(root.iter()):
        index = 0
        while index + 1 < len(parent):
            first, second = parent[index], parent[index + 1]
            if (
                first.tag != span
                or second.tag != span
                or first.tail
                or first.attrib != second.attrib
            ):
                index += 1
                continue
            if len(first):
                first[-1].tail = (first[-1].tail or "") + (second.text or "")
            else:
                first.text = (first.text or "") + (second.text or "")
            first.extend(list(second))
            first.tail = second.tail
            parent.remove(second)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


def _properties(run: etree._Element) -> bytes:
    found = run.find(f"{{{W}}}rPr")
    return etree.tostring(found, method="c14n") if found is not None else b""


def differences(original: bytes, rendered: bytes, *, drop: str = "") -> list[str]:
    """Parts that differ at the XML level (`drop` taken out of the rendered text first)."""
    before, after = parts(original), parts(rendered)
    assert sorted(before) == sorted(after)
    changed = []
    for name, data in before.items():
        if data == after[name]:
            continue
        if not name.endswith((".xml", ".rels")):
            changed.append(name)
        elif normalised(data) != normalised(after[name].replace(drop.encode(), b"")):
            changed.append(name)
    return changed


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


def convert_to_pdf(document: Path, folder: Path) -> Path:
    """`document` converted by LibreOffice headless; it fails on a file it cannot open."""
    folder.mkdir()
    profile = folder / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{document.stem}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert re.search(rb"/Type\s*/Page\b", pdf.read_bytes())
    return pdf


def run_into_folder(invoke, folder: Path, source: Path) -> Path:  # type: ignore[no-untyped-def]
    """`workbench run SOURCE --out FOLDER/english`; the one file it wrote."""
    result = invoke("run", source, "--out", folder / "english")
    assert result.exit_code == 0, result.stderr
    (written,) = (folder / "english").iterdir()
    return written


def assert_refused_unchanged(invoke, store_path: Path, bad: Path, message: str) -> None:  # type: ignore[no-untyped-def]
    """Ingesting `bad` into a store that holds a document: one error line with `message`, exit
    2, no traceback, and the store's content as it was."""
    from workbench.store import Store

    with Store.open(store_path) as store:
        before = store.content_digest()
    result = invoke("ingest", bad)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    with Store.open(store_path) as store:
        assert store.content_digest() == before
