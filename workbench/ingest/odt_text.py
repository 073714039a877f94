"""OpenDocument text (ODT) paragraphs from `content.xml` (and the page headers and footers in
`styles.xml`), inline formatting as codes.

Like the DOCX reader, the walk is shared with the ODT writer and never changes the tree. A
stretch's formatting is the chain of spans and links around it; spaces, tabs and line breaks
are text; everything else inside a paragraph (frames and images, notes, fields, bookmarks,
comments, change marks) is an object put back as it was. A note's own paragraphs are read as
footnotes; a comment's are not translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from workbench.errors import InputError
from workbench.ingest.coded import OfficeParagraph, Text, encode, plain, style_chain
from workbench.ingest.package import Package
from workbench.ingest.paragraph import Paragraph
from workbench.records import SegmentKind

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE_CELL = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell"
CONTENT_PART = "content.xml"
STYLES_PART = "styles.xml"
_MANIFEST = "META-INF/manifest.xml"
_SPACE_RUN = re.compile(r"[ \t\r\n]+")
# where a paragraph is no text of the document: a comment, a change mark's deleted text
_UNTRANSLATED = frozenset({f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes"})
_WRAPPERS = frozenset({f"{{{TEXT}}}span", f"{{{TEXT}}}a"})


def t(name: str) -> str:
    """The qualified name of an ODF text element or attribute."""
    return f"{{{TEXT}}}{name}"


# A stretch's formatting: its wrappers outermost first, each as (tag, attributes).
Wrapper = tuple[str, tuple[tuple[str, str], ...]]


def open_odt(name: str, raw: bytes) -> Package:
    """The package of an .odt, refused when encrypted or without its content."""
    package = Package(name, raw, "odt")
    if package.has(_MANIFEST) and b"encryption-data" in package.read(_MANIFEST):
        raise InputError(
            f"{name} is password-protected (its content is encrypted)",
            hint="open it, remove the password and save it as .odt",
        )
    if not package.has(CONTENT_PART):
        raise InputError(f"{name} is not a valid .odt file: {CONTENT_PART} is missing")
    return package


def odt_paragraphs(name: str, raw: bytes) -> list[Paragraph]:
    """The paragraphs of an .odt in reading order (a note's paragraphs after its anchor's)."""
    package = open_odt(name, raw)
    return [p.paragraph() for p in walk(text_parts(package))]


def text_parts(package: Package) -> dict[str, _Element]:
    """The parsed parts with text: the content, then the styles (the pages' headers and
    footers)."""
    names = (CONTENT_PART, STYLES_PART)
    return {name: package.xml(name) for name in names if package.has(name)}


def walk(parts: dict[str, _Element]) -> Iterator[OfficeParagraph[_Element]]:
    """Every paragraph with text of the parsed `parts`, in the order `odt_paragraphs` reads."""
    styles = _Styles(list(parts.values()))
    for element in (e for root in parts.values() for e in root.iter(t("p"), t("h"))):
        ancestors = list(element.iterancestors())
        if any(a.tag in _UNTRANSLATED for a in ancestors):
            continue
        coded = encode(list(_items(element, ())), _unlinked)
        if plain(coded.text).strip():
            block, hint = styles.block(element, ancestors)
            yield OfficeParagraph(element, coded, block, hint)


def _unlinked(chain: object) -> bool:
    return isinstance(chain, tuple) and all(tag != t("a") for tag, _ in chain)


def _items(element: _Element, chain: tuple[Wrapper, ...]) -> Iterator[Text | _Element]:
    if element.text:
        yield Text(_SPACE_RUN.sub(" ", element.text), chain)
    for child in element:
        if not isinstance(child.tag, str):
            pass  # a comment or processing instruction
        elif child.tag in _WRAPPERS:
            yield from _items(child, (*chain, (child.tag, tuple(sorted(child.attrib.items())))))
        elif child.tag == t("s"):
            count = child.get(t("c")) or "1"
            yield Text(" " * (min(int(count), 1000) if count.isdigit() else 1), chain)
        elif child.tag == t("tab"):
            yield Text("\t", chain)
        elif child.tag == t("line-break"):
            yield Text("\n", chain)
        elif child.tag != t("soft-page-break"):  # a layout hint LibreOffice recomputes
            yield child
        if child.tail:
            yield Text(_SPACE_RUN.sub(" ", child.tail), chain)


class _Styles:
    """What a paragraph's style and place say it is: heading, title, caption, list, cell."""

    def __init__(self, roots: list[_Element]) -> None:
        self.parents: dict[str, str] = {}
        self.bullets: set[str] = set()
        for root in roots:
            for style in root.iter(f"{{{STYLE}}}style"):
                self.parents[style.get(f"{{{STYLE}}}name") or ""] = (
                    style.get(f"{{{STYLE}}}parent-style-name") or ""
                )
            for list_style in root.iter(t("list-style")):
                first = next((c for c in list_style if isinstance(c.tag, str)), None)
                if first is not None and first.tag == t("list-level-style-bullet"):
                    self.bullets.add(list_style.get(f"{{{STYLE}}}name") or "")

    def block(
        self, paragraph: _Element, ancestors: list[_Element]
    ) -> tuple[str, SegmentKind | None]:
        chain = [
            name.replace("_20_", " ").lower()
            for name in style_chain(paragraph.get(t("style-name")) or "", self.parents)
        ]
        if "title" in chain:
            return "h1", SegmentKind.TITLE
        if "caption" in chain:
            return "caption", SegmentKind.CAPTION
        if paragraph.tag == t("h"):
            level = paragraph.get(t("outline-level")) or "1"
            return f"h{min(int(level), 6) if level.isdigit() else 1}", None
        if any(a.tag == t("note-body") for a in ancestors):
            return "footnote", None
        if any(a.tag == _TABLE_CELL for a in ancestors):
            return "td", None
        lists = [a for a in ancestors if a.tag == t("list")]
        if lists:
            named = [a.get(t("style-name")) for a in lists if a.get(t("style-name"))]
            # the outermost list names the style its nested lists follow
            return ("ul" if named and named[-1] in self.bullets else "ol"), None
        return "p", None
