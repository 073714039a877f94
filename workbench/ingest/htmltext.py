"""Stage 1 input for web pages: an HTML page's article as paragraphs, with each paragraph's
element and kind hint taken from the markup (trafilatura's extraction, lxml as a fallback) and
the page's own structure (webpage.py) for chrome, figure captions and the standfirst.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from workbench.ingest.paragraph import BLANK_LINE, BLOCKS, Paragraph
from workbench.ingest.webpage import PageStructure, collapse, read_page
from workbench.records import SegmentKind

if TYPE_CHECKING:
    from lxml.etree import _Element

_TRAFILATURA_BLOCKS = {"p", "head", "item", "cell", "quote", "code", "graphic"}
_HTML_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dd", "dt", "blockquote", "pre",
    "figcaption", "caption", "div", "section", "article", "header", "footer", "main", "aside",
    "nav", "ul", "ol", "dl", "table", "tr", "figure", "form", "address", "br", "hr", "title",
}  # fmt: skip
_HTML_SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}


def html_paragraphs(html: str) -> list[Paragraph]:
    """A page's article paragraphs in reading order, trafilatura first, plain blocks else."""
    paragraphs = _trafilatura_paragraphs(html)
    if not any(paragraph.text for paragraph in paragraphs):
        paragraphs = _lxml_paragraphs(html)
    return [paragraph for paragraph in paragraphs if paragraph.text]


def _trafilatura_paragraphs(html: str) -> list[Paragraph]:
    config = use_config()
    # the default 250-character floor makes short articles fall back to one glued paragraph
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=True,  # a <graphic> marks where a figure's caption goes back in
        config=config,
    )
    if not xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    main = root.find("main")
    if main is None:
        return []
    for line_break in main.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    page = read_page(html)
    paragraphs: list[Paragraph] = []
    previous: _Element | None = None
    for element in _leaf_blocks(main, _TRAFILATURA_BLOCKS):
        if element.tag == "graphic":
            caption = page.captions.get(element.get("src") or "")
            if caption:
                paragraphs.append(Paragraph(caption, SegmentKind.CAPTION, "caption"))
            continue
        text = collapse("".join(element.itertext()))
        block = _trafilatura_block(element)
        is_h1 = block == "h1"
        # items of one list follow each other line by line
        lead = (
            "\n"
            if previous is not None
            and previous.getparent() is element.getparent()
            and (element.tag == "item")
            else BLANK_LINE
        )
        previous = element
        if element.tag == "code" or (text in page.chrome_texts and not is_h1):
            paragraphs.append(Paragraph(text, SegmentKind.BOILERPLATE, block, lead))
        else:
            # the markup says what a paragraph is: a <p> is body, however short
            hint = SegmentKind.TITLE if is_h1 else SegmentKind.BODY if block == "p" else None
            paragraphs.append(Paragraph(text, hint, block, lead))
    title = collapse(root.get("title") or "")
    if title and not any(paragraph.hint is SegmentKind.TITLE for paragraph in paragraphs):
        if paragraphs and paragraphs[0].text == title:
            paragraphs[0] = Paragraph(title, SegmentKind.TITLE, "h1")
        else:
            paragraphs.insert(0, Paragraph(title, SegmentKind.TITLE, "h1"))
    _restore_standfirst(paragraphs, collapse(root.get("description") or ""), page)
    return _only_first_title(paragraphs)


def _restore_standfirst(paragraphs: list[Paragraph], description: str, page: PageStructure) -> None:
    """Put the standfirst back after the title: extraction keeps it only as the metadata
    description. Only a description the page itself shows counts (many sites' descriptions
    are a site blurb), and only when the extracted text lacks it."""
    if not description or description not in page.visible_text or description in page.chrome_texts:
        return
    if any(description in paragraph.text for paragraph in paragraphs):
        return
    after_title = next((i + 1 for i, p in enumerate(paragraphs) if p.hint is SegmentKind.TITLE), 0)
    paragraphs.insert(after_title, Paragraph(description, SegmentKind.BODY))


def _trafilatura_block(element: _Element) -> str:
    """The HTML block a trafilatura XML element stands for."""
    if element.tag == "head":
        rend = element.get("rend") or "h2"
        return rend if rend in BLOCKS else "h2"
    if element.tag == "item":
        parent = element.getparent()
        return "ol" if parent is not None and parent.get("rend") == "ol" else "ul"
    return {"quote": "quote", "code": "pre"}.get(str(element.tag), "p")


def _leaf_blocks(element: _Element, blocks: set[str]) -> Iterator[_Element]:
    """Yield block elements that contain no other block element, in document order."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in blocks and not any(
            isinstance(inner.tag, str) and inner.tag in blocks for inner in child.iterdescendants()
        ):
            yield child
        else:
            yield from _leaf_blocks(child, blocks)


def _lxml_paragraphs(html: str) -> list[Paragraph]:
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        document = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    paragraphs: list[Paragraph] = []
    title_element = document.find(".//title")
    title = collapse(title_element.text_content()) if title_element is not None else ""
    buffer: list[str] = []

    def flush(hint: SegmentKind | None = None, block: str = "p") -> None:
        text = collapse("".join(buffer))
        buffer.clear()
        if hint is None:
            # the element says what it is: a figure caption, or a paragraph of body text
            hint = {"caption": SegmentKind.CAPTION, "p": SegmentKind.BODY}.get(block)
        if text:
            follows_item = block in ("ul", "ol") and paragraphs and paragraphs[-1].block == block
            paragraphs.append(Paragraph(text, hint, block, "\n" if follows_item else BLANK_LINE))

    def walk(element: _Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HTML_SKIPPED:
            if element.tail:
                buffer.append(element.tail)
            return
        is_block = tag in _HTML_BLOCKS
        if is_block:
            flush()
        if element.text:
            buffer.append(element.text)
        for child in element:
            walk(child)
        if is_block:
            flush(SegmentKind.TITLE if tag == "h1" else None, _lxml_block(element))
        if element.tail:
            buffer.append(element.tail)

    body = document.find("body")
    walk(body if body is not None else document)
    flush()
    chrome = read_page(html).chrome_texts
    paragraphs = [
        replace(paragraph, hint=SegmentKind.BOILERPLATE)
        if paragraph.text in chrome and paragraph.hint is not SegmentKind.TITLE
        else paragraph
        for paragraph in paragraphs
    ]
    if title and not any(paragraph.hint is SegmentKind.TITLE for paragraph in paragraphs):
        paragraphs.insert(0, Paragraph(title, SegmentKind.TITLE, "h1"))
    return _only_first_title(paragraphs)


def _lxml_block(element: _Element) -> str:
    """The renderer's block for an HTML element (anything unknown is a paragraph)."""
    tag = str(element.tag)
    if tag == "li":
        parent = element.getparent()
        return "ol" if parent is not None and parent.tag == "ol" else "ul"
    if tag in BLOCKS:
        return tag
    return {"blockquote": "quote", "figcaption": "caption"}.get(tag, "p")


def _only_first_title(paragraphs: list[Paragraph]) -> list[Paragraph]:
    first = next(
        (i for i, paragraph in enumerate(paragraphs) if paragraph.hint is SegmentKind.TITLE), None
    )
    return [
        replace(paragraph, hint=None)
        if paragraph.hint is SegmentKind.TITLE and index != first
        else paragraph
        for index, paragraph in enumerate(paragraphs)
    ]
