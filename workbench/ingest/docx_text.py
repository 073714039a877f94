"""Word (DOCX) paragraphs: read from the package's XML parts, with inline formatting as codes.

The walk over `word/document.xml` (and the footnotes and endnotes) is shared with the DOCX
writer, which re-reads the stored original the same way and so finds the same paragraphs in
the same order. Reading never changes the tree: the writer moves what a code stands for.

A run's text becomes a stretch whose formatting is its run properties (less the language,
which the writer sets) and the hyperlink around it, a field's result included; everything else
a paragraph holds (images, footnote references, a field's code and end, bookmarks, comments,
tracked changes, content controls, equations) is an object the writer puts back untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element

from workbench.errors import InputError
from workbench.ingest.coded import OfficeParagraph, Text, encode, plain, style_chain
from workbench.ingest.package import Package
from workbench.ingest.paragraph import Paragraph
from workbench.records import SegmentKind

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
NUMBERING_PART = "word/numbering.xml"
NOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")
_HEADER_FOOTER = re.compile(r"word/(?:header|footer)\d*\.xml")
_CONTENT_TYPES = "[Content_Types].xml"

# run children that are text, as the text they stand for
_TEXT_CHILDREN = {
    f"{{{W}}}tab": "\t",
    f"{{{W}}}cr": "\n",
    f"{{{W}}}noBreakHyphen": "\u2011",
    f"{{{W}}}softHyphen": "\u00ad",
}
# layout caches and proofing marks Word recomputes on opening; dropped
_DROPPED = frozenset({f"{{{W}}}lastRenderedPageBreak", f"{{{W}}}proofErr"})

# One piece of an object: a run child with the run it came from (its properties are copied
# onto the run rebuilt around it), or a paragraph-level element with None.
ObjectPiece = tuple["_Element | None", "_Element"]
DocxObject = tuple[ObjectPiece, ...]


def w(name: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


@dataclass(frozen=True, slots=True)
class RunFormat:
    """A stretch's formatting: its run properties (XML, no language) and its hyperlink."""

    properties: bytes
    link: tuple[tuple[str, str], ...] | None


def open_docx(name: str, raw: bytes) -> Package:
    """The package of a .docx, refused unless it is a WordprocessingML document."""
    package = Package(name, raw, "docx")
    if not package.has(DOCUMENT_PART):
        kind = "a PowerPoint or Excel file" if package.has(_CONTENT_TYPES) else "no Word document"
        raise InputError(f"{name} is not a valid .docx file: {DOCUMENT_PART} is missing ({kind})")
    return package


def docx_paragraphs(name: str, raw: bytes) -> list[Paragraph]:
    """The paragraphs of a .docx in reading order (see `text_parts`)."""
    package = open_docx(name, raw)
    return [p.paragraph() for p in walk(package, text_parts(package))]


def text_parts(package: Package) -> dict[str, _Element]:
    """The parts with text to translate, parsed, in reading order: the body, footnotes and
    endnotes, then headers and footers."""
    names = [DOCUMENT_PART, *NOTE_PARTS]
    names += sorted(name for name in package.names if _HEADER_FOOTER.fullmatch(name))
    return {name: package.xml(name) for name in names if package.has(name)}


def walk(package: Package, parts: dict[str, _Element]) -> Iterator[OfficeParagraph[DocxObject]]:
    """Every paragraph with text of the parsed `parts`, in the order `docx_paragraphs` reads."""
    styles = _Styles(package)
    for part, root in parts.items():
        note = part in NOTE_PARTS
        for element in root.iter(w("p")):
            if any(a.tag == _MC_FALLBACK for a in element.iterancestors()):
                continue  # the VML copy of a text box shown by old readers
            coded = encode(list(_items(element)), _unlinked)
            if not plain(coded.text).strip():
                continue
            block, hint = ("footnote", None) if note else styles.block(element)
            yield OfficeParagraph(element, coded, block, hint)


def _unlinked(style: object) -> bool:
    return isinstance(style, RunFormat) and style.link is None


def _items(paragraph: _Element) -> Iterator[Text | DocxObject]:
    """A paragraph's text stretches and objects in order.

    A field's code (from its begin to its separator) is one object and its end another; the
    result between them is text, so a hyperlink or cross-reference field reads and translates
    like any words. A field without a result, and a field inside another's code or result, is
    one object from begin to end.
    """
    field = _Field()
    for child, link in _inline_children(paragraph):
        if child.tag != w("r"):
            if field.gathering is not None:
                field.gathering.append((None, child))
            else:
                yield ((None, child),)
            continue
        style = RunFormat(_run_properties(child), link)
        for part in child:
            tag = part.tag
            if tag == w("rPr") or tag in _DROPPED:
                continue
            if tag == w("fldChar"):
                yield from field.mark((child, part), part.get(w("fldCharType")) or "")
            elif field.gathering is not None:
                field.gathering.append((child, part))
            elif tag == w("t"):
                yield Text(part.text or "", style)
            elif tag in _TEXT_CHILDREN:
                yield Text(_TEXT_CHILDREN[tag], style)
            elif tag == w("br") and part.get(w("type")) in (None, "textWrapping"):
                yield Text("\n", style)
            else:
                yield ((child, part),)
    if field.gathering:
        yield tuple(field.gathering)


class _Field:
    """Where a paragraph stands in its fields (see `_items`)."""

    def __init__(self) -> None:
        self.gathering: list[ObjectPiece] | None = None  # an object being gathered
        self.depth = 0  # fields open inside the gathered object
        self.outer = False  # the gathered field is an outermost one, whose result is text
        self.result = False  # reading an outermost field's result

    def mark(self, piece: ObjectPiece, kind: str) -> Iterator[DocxObject]:
        """Take in a field character; yield an object once it is complete."""
        if self.gathering is None:
            if kind == "begin":
                self.gathering, self.depth, self.outer = [piece], 1, not self.result
            else:  # the end of the field whose result was text, or a stray mark
                self.result = self.result and kind != "end"
                yield (piece,)
            return
        self.gathering.append(piece)
        self.depth += {"begin": 1, "end": -1}.get(kind, 0)
        code_done = kind == "separate" and self.depth == 1 and self.outer
        if code_done or self.depth == 0:
            self.result = code_done
            yield tuple(self.gathering)
            self.gathering, self.depth = None, 0


def _inline_children(paragraph: _Element) -> Iterator[tuple[_Element, tuple | None]]:
    """The paragraph's children but its properties, a hyperlink's runs with the link."""
    for child in paragraph:
        if not isinstance(child.tag, str) or child.tag == w("pPr") or child.tag in _DROPPED:
            continue
        if child.tag == w("hyperlink"):
            link = tuple(sorted(child.attrib.items()))
            for inner in child:
                if isinstance(inner.tag, str) and inner.tag not in _DROPPED:
                    yield inner, link if inner.tag == w("r") else None
        else:
            yield child, None


def _run_properties(run: _Element) -> bytes:
    properties = run.find(w("rPr"))
    if properties is None:
        return b""
    properties = etree.fromstring(etree.tostring(properties))
    for lang in properties.findall(w("lang")):
        properties.remove(lang)
    # a run marked only with its language is formatted like a run with no properties
    return bytes(etree.tostring(properties)) if len(properties) or properties.attrib else b""


class _Styles:
    """What a paragraph's style (and numbering) says it is: heading, title, caption, list."""

    def __init__(self, package: Package) -> None:
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.numbering: dict[str, str] = {}  # style → the numbering its paragraphs have
        if package.has(STYLES_PART):
            for style in package.xml(STYLES_PART).iter(w("style")):
                style_id = style.get(w("styleId")) or ""
                name = style.find(w("name"))
                self.names[style_id] = (
                    (name.get(w("val")) or "").lower() if name is not None else ""
                )
                based = style.find(w("basedOn"))
                if based is not None:
                    self.parents[style_id] = based.get(w("val")) or ""
                level = style.find(f"{w('pPr')}/{w('outlineLvl')}")
                if level is not None and (level.get(w("val")) or "").isdigit():
                    self.outline[style_id] = int(level.get(w("val")) or 0)
                number = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
                if number is not None:
                    self.numbering[style_id] = number.get(w("val")) or "0"
        self.bullets = _bullet_lists(package)

    def block(self, paragraph: _Element) -> tuple[str, SegmentKind | None]:
        properties = paragraph.find(w("pPr"))
        style_id = ""
        level: int | None = None
        numbering = None
        if properties is not None:
            style = properties.find(w("pStyle"))
            style_id = style.get(w("val")) or "" if style is not None else ""
            outline = properties.find(w("outlineLvl"))
            if outline is not None and (outline.get(w("val")) or "").isdigit():
                level = int(outline.get(w("val")) or 0)
            numbering = properties.find(f"{w('numPr')}/{w('numId')}")
        chain = style_chain(style_id, self.parents)
        names = [self.names.get(s, "") for s in chain]
        if "title" in names:
            return "h1", SegmentKind.TITLE
        if "caption" in names:
            return "caption", SegmentKind.CAPTION
        if level is None:
            level = next((self.outline[s] for s in chain if s in self.outline), None)
        heading = next((n for n in names if n.startswith("heading ")), "")
        if heading[8:].isdigit():
            level = int(heading[8:]) - 1
        if level is not None and level < 9:
            return f"h{min(level + 1, 6)}", None
        if any(a.tag == w("tc") for a in paragraph.iterancestors()):
            return "td", None
        number = numbering.get(w("val")) if numbering is not None else None
        if number is None:
            number = next((self.numbering[s] for s in chain if s in self.numbering), None)
        if number is not None and number != "0":
            return ("ul" if number in self.bullets else "ol"), None
        return "p", None


def _bullet_lists(package: Package) -> set[str]:
    """The numbering ids whose first level is a bullet."""
    if not package.has(NUMBERING_PART):
        return set()
    root = package.xml(NUMBERING_PART)
    bullet_abstracts = {
        abstract.get(w("abstractNumId"))
        for abstract in root.iter(w("abstractNum"))
        if abstract.find(f"{w('lvl')}/{w('numFmt')}") is not None
        and abstract.find(f"{w('lvl')}/{w('numFmt')}").get(w("val")) == "bullet"  # type: ignore[union-attr]
    }
    return {
        num.get(w("numId")) or ""
        for num in root.iter(w("num"))
        if (num.find(w("abstractNumId")) is not None)
        and num.find(w("abstractNumId")).get(w("val")) in bullet_abstracts  # type: ignore[union-attr]
    }
