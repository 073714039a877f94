"""The English ODT: the stored original with each translated paragraph's content rebuilt from its
coded target, the language of the text set to English; every other part copied as it was.

A paragraph keeps its element and attributes; each stretch is rebuilt inside the spans and
links the code stood for, and each object (frame, note, field, bookmark) goes back as the
element it was.
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
from workbench.ingest.odt_text import open_odt, t, text_parts, walk
from workbench.ingest.package import rewrite, serialize

_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_META_PART = "meta.xml"
_DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
_SPECIAL = re.compile(r"(\t|\n|  +)")


def write(article: Article) -> bytes:
    """The translated document as the bytes of an .odt file."""
    return written(article, translated)


def translated(
    name: str, original: bytes, targets: dict[int, str], source_lang: str, target_lang: str
) -> bytes:
    """The .odt `original` with paragraph N's text replaced by `targets[N]` (coded)."""
    package = open_odt(name, original)
    changed = text_parts(package)
    paragraphs = list(walk(changed))
    check_targets(name, targets, len(paragraphs))
    for number, paragraph in enumerate(paragraphs, start=1):
        if number in targets:
            _rebuild(paragraph, edged(paragraph.coded.text, targets[number]))
    language, region = language_tag(target_lang)
    for root in changed.values():
        for element in root.iter():
            if is_language(element.get(f"{{{_FO}}}language"), source_lang):
                element.set(f"{{{_FO}}}language", language)
                element.set(f"{{{_FO}}}country", region or "none")
    if package.has(_META_PART):
        changed[_META_PART] = package.xml(_META_PART)
        for element in changed[_META_PART].iter(_DC_LANGUAGE):
            element.text = "-".join(filter(None, (language, region)))
    return rewrite(original, {part: serialize(root) for part, root in changed.items()})


def _rebuild(paragraph: OfficeParagraph[_Element], target: str) -> None:
    element = paragraph.element
    element.text = None
    for child in list(element):
        element.remove(child)
    at_start = True
    for item in decode(target, paragraph.coded):
        if isinstance(item, Text):
            holder = element
            for tag, attributes in item.style:  # type: ignore[attr-defined]
                holder = etree.SubElement(holder, tag, dict(attributes))
            _fill(holder, item.text, at_start)
            at_start = False
        else:
            item.tail = None
            element.append(item)


def _fill(holder: _Element, text: str, at_start: bool) -> None:
    """Append `text` to `holder`: tabs, line breaks and runs of spaces as ODF writes them (a
    space opening the paragraph too, which a reader would drop)."""
    if at_start and text.startswith(" "):
        spaces = len(text) - len(text.lstrip(" "))
        etree.SubElement(holder, t("s"), {t("c"): str(spaces)} if spaces > 1 else {})
        text = text[spaces:]
    for piece in _SPECIAL.split(text):
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(holder, t("tab"))
        elif piece == "\n":
            etree.SubElement(holder, t("line-break"))
        elif piece.startswith("  "):
            _append_text(holder, " ")
            spaces = len(piece) - 1
            etree.SubElement(holder, t("s"), {t("c"): str(spaces)} if spaces > 1 else {})
        else:
            _append_text(holder, piece)


def _append_text(holder: _Element, text: str) -> None:
    if len(holder):
        holder[-1].tail = (holder[-1].tail or "") + text
    else:
        holder.text = (holder.text or "") + text
