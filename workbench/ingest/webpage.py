"""What a web page's own markup says about its text, for the paragraphs trafilatura extracts:
page chrome (navigation, asides, related/teaser/promo blocks, lists of links), figure captions
by image, and the blocks a standfirst may sit in.

Reads structure only; textio decides what becomes a paragraph, boilerplate.py what is clutter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements that are page furniture wherever they stand.
_CHROME_TAGS = frozenset({"nav", "aside", "footer", "menu"})
# Class or id words of furniture blocks; matched as whole words of the attribute.
_CHROME_CLASS_RE = re.compile(
    r"(?:^|[\s_-])(?:related|teaser|teasers|promo|promotion|sponsor|sponsored|advert|advertisement|"
    r"recommended|recommendations|more-stories|read-more|readmore|newsletter|share|sharing|"
    r"social|comments|breadcrumb|breadcrumbs|sidebar|widget|tags|outbrain|taboola)"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
_WHITESPACE_RE = re.compile(r"\s+")
# A list whose items are this much link text is a list of links (related headlines, a menu).
_LINK_LIST_SHARE = 0.8
# A block holding this share of the page's text is the page itself, whatever its class says
# ("sidebar-layout" wrappers).
_PAGE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class PageStructure:
    """Texts the page marks as furniture, figure captions by image source, and the page's
    visible text (to tell a standfirst it shows from a description only the metadata holds)."""

    chrome_texts: frozenset[str]
    captions: dict[str, str]
    visible_text: str


def read_page(html: str) -> PageStructure:
    """Parse `html` (network and entities off) and collect its structure.

    Text is only gathered for furniture and figures, so a huge page costs one pass.
    """
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        page = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return PageStructure(frozenset(), {}, "")
    for invisible in page.xpath("//script | //style | //noscript | //template"):
        invisible.drop_tree()
    body = page.find("body")
    root = body if body is not None else page
    visible_text = collapse(root.text_content())
    chrome: set[str] = set()
    captions: dict[str, str] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if _is_chrome(element):
            text = collapse(element.text_content())
            if (
                len(text) < _PAGE_SHARE * len(visible_text)
                and element.find(".//h1") is None
                and element.find(".//article") is None
            ):
                chrome.update(_texts_within(element))
        elif element.tag == "figure":
            caption = element.find(".//figcaption")
            image = element.find(".//img")
            if caption is not None and image is not None and image.get("src"):
                captions[image.get("src", "")] = collapse(caption.text_content())
    return PageStructure(frozenset(chrome), captions, visible_text)


def collapse(text: str) -> str:
    """Whitespace runs as one space, ends trimmed: how extracted paragraphs are compared."""
    return _WHITESPACE_RE.sub(" ", text).strip()


def _is_chrome(element: HtmlElement) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if _CHROME_CLASS_RE.search(marks):
        return True
    return element.tag in ("ul", "ol") and _is_link_list(element)


def _is_link_list(element: HtmlElement) -> bool:
    items = [item for item in element if item.tag == "li"]
    if len(items) < 2:
        return False
    text = sum(len(collapse(item.text_content())) for item in items)
    linked = sum(len(collapse(a.text_content())) for item in items for a in item.iter("a"))
    return text > 0 and linked >= _LINK_LIST_SHARE * text


def _texts_within(element: HtmlElement) -> set[str]:
    return {
        text
        for inner in element.iter()
        if isinstance(inner.tag, str) and (text := collapse(inner.text_content()))
    }
