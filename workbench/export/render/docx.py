"""The English DOCX: the stored original with each translated paragraph's runs rebuilt from its
coded target, and the language of the text set to English. Every other part of the package
(styles, numbering, headers, footers, images, comments, properties) is copied as it was.

A paragraph keeps its properties; its runs are rebuilt stretch by stretch with the run
properties (and hyperlink) the code stood for, and every object goes back as the element it
was, so images, fields and footnote references are moved, never copied or lost.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element

from workbench.export.render.article import Article
from workbench.export.render.office import (
    check_targets,
    edged,
    is_language,
    language_tag,
    written,
)
from workbench.ingest.coded import OfficeParagraph, Text, decode
from workbench.ingest.docx_text import (
    DocxObject,
    RunFormat,
    open_docx,
    text_parts,
    w,
    walk,
)
from workbench.ingest.package import rewrite, serialize

_WORD_PART = re.compile(r"word/[^/]+\.xml")
_CORE_PART = "docProps/core.xml"
_DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
_SPECIAL = re.compile(r"([\t\n\u2011\u00ad])")
_SPECIAL_TAGS = {"\t": "tab", "\n": "br", "\u2011": "noBreakHyphen", "\u00ad": "softHyphen"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def write(article: Article) -> bytes:
    """The translated document as the bytes of a .docx file."""
    return written(article, translated)


def translated(
    name: str, original: bytes, targets: dict[int, str], source_lang: str, target_lang: str
) -> bytes:
    """The .docx `original` with paragraph N's text replaced by `targets[N]` (coded)."""
    package = open_docx(name, original)
    parts = text_parts(package)
    paragraphs = list(walk(package, parts))
    check_targets(name, targets, len(paragraphs))
    for number, paragraph in enumerate(paragraphs, start=1):
        if number in targets:
            _rebuild(paragraph, edged(paragraph.coded.text, targets[number]))
    rebuilt = set(parts)
    for name in package.names:
        if _WORD_PART.fullmatch(name) and name not in parts:
            parts[name] = package.xml(name)
    tag = "-".join(filter(None, language_tag(target_lang)))
    changed = {
        part: serialize(root)
        for part, root in parts.items()
        if _set_language(root, source_lang, tag) or part in rebuilt
    }
    if package.has(_CORE_PART):
        core = package.xml(_CORE_PART)
        for element in core.iter(_DC_LANGUAGE):
            element.text = tag
        changed[_CORE_PART] = serialize(core)
    return rewrite(original, changed)


def _set_language(root: _Element, source_lang: str, tag: str) -> bool:
    """Mark text in the source language as `tag`; whether anything changed."""
    changed = False
    for name in ("lang", "themeFontLang"):
        for element in root.iter(w(name)):
            if is_language(element.get(w("val")), source_lang):
                element.set(w("val"), tag)
                changed = True
    return changed


def _rebuild(paragraph: OfficeParagraph[DocxObject], target: str) -> None:
    element = paragraph.element
    for child in list(element):
        if child.tag != w("pPr"):
            element.remove(child)
    link: tuple[tuple[str, str], ...] | None = None
    holder = element
    for item in decode(target, paragraph.coded):
        if isinstance(item, Text):
            style = item.style
            assert isinstance(style, RunFormat)
            if style.link != link:
                link = style.link
                holder = element if link is None else etree.SubElement(element, w("hyperlink"))
                if link is not None:
                    for key, value in link:
                        holder.set(key, value)
            holder.append(_run(style, item.text))
        else:
            link, holder = None, element
            _place(element, item)


def _run(style: RunFormat, text: str) -> _Element:
    run = etree.Element(w("r"))
    if style.properties:
        run.append(etree.fromstring(style.properties))
    for piece in _SPECIAL.split(text):
        if piece in _SPECIAL_TAGS:
            etree.SubElement(run, w(_SPECIAL_TAGS[piece]))
        elif piece:
            node = etree.SubElement(run, w("t"))
            node.text = piece
            if piece != piece.strip():
                node.set(_XML_SPACE, "preserve")
    return run


def _place(paragraph: _Element, item: DocxObject) -> None:
    """Put an object's elements back: run children in a run like the one they came from."""
    current_source: _Element | None = None
    current_run: _Element | None = None
    for source_run, child in item:
        if source_run is None:
            paragraph.append(child)
            current_source = current_run = None
            continue
        if source_run is not current_source or current_run is None:
            current_run = etree.SubElement(paragraph, w("r"))
            properties = source_run.find(w("rPr"))
            if properties is not None:
                current_run.append(etree.fromstring(etree.tostring(properties)))
            current_source = source_run
        current_run.append(child)
