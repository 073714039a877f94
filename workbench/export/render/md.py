"""Markdown article: headings, lists, block quotes and line breaks written as Markdown; a
Markdown source's inline markup is already in the targets and passes through unchanged, but
for a link to an unsafe target (`links.py`), escaped into text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.export.render.article import Article, ArticleParagraph, list_number
from workbench.export.render.links import unsafe_link_starts
from workbench.records import SegmentKind

_MARKDOWN_BULLETS = ("- ", "* ", "+ ")
# a line that Markdown would read as a heading, quote, list item, rule or code fence
_BLOCK_SYNTAX_RE = re.compile(r"^(?:[#>]|[-+*](?=\s|$)|`{3}|~{3}|={3,}$)")
_NUMBERED_RE = re.compile(r"^(\d+)([.)])(?=\s|$)")
# "](", "][" or "]:" is how brackets become a link, an image or a link reference definition
# (which is document-wide); text without them keeps its brackets unescaped and readable.
_LINK_CLOSER_RE = re.compile(r"\][(\[:]")


def write(article: Article) -> Iterator[str]:
    """The article as Markdown text pieces."""
    from_markdown = article.source_format == "md"
    ordinal = 0
    previous: ArticleParagraph | None = None
    for paragraph in article.paragraphs:
        ordinal = ordinal + 1 if paragraph.block == "ol" else 0
        text = _defused(paragraph.text) if from_markdown else _escaped(paragraph.text)
        if not from_markdown:
            # a line break inside a plain-text or HTML paragraph is a hard one
            text = text.replace("\n", "\\\n")
        if previous is not None:
            yield _separator(previous, paragraph)
        yield _block(paragraph, text, ordinal)
        previous = paragraph
    yield "\n"


def _separator(previous: ArticleParagraph, paragraph: ArticleParagraph) -> str:
    items = ("ul", "ol")
    if paragraph.breaks == 1 and previous.block == paragraph.block and paragraph.block in items:
        return "\n"
    if paragraph.breaks == 1 and previous.block == paragraph.block == "p":
        return "\\\n"  # the next line of the same block: a hard line break keeps the shape
    return "\n\n"


def _block(paragraph: ArticleParagraph, text: str, ordinal: int) -> str:
    if paragraph.kind is SegmentKind.TITLE:
        return f"# {text}"
    if paragraph.block.startswith("h"):
        # the article's one h1 is its title
        return "#" * max(2, int(paragraph.block[1:])) + " " + text
    if paragraph.block == "ul":
        bullet = paragraph.bullet if paragraph.bullet in _MARKDOWN_BULLETS else "- "
        return bullet + text
    if paragraph.block == "ol":
        # a Markdown source's own numbers (a list may start at 3); an HTML list's are counted
        return (paragraph.bullet if list_number(paragraph) else f"{ordinal}. ") + text
    if paragraph.block == "quote":
        return "\n".join("> " + line for line in text.split("\n"))
    return text


def _defused(text: str) -> str:
    """Markdown text as it was, but a link to an unsafe target escaped into plain text."""
    for start in reversed(unsafe_link_starts(text)):
        text = text[:start] + "\\" + text[start:]
    return text


def _escaped(text: str) -> str:
    escaped = re.sub(r"([\\`*_<])", r"\\\1", text)
    if _LINK_CLOSER_RE.search(escaped):
        escaped = escaped.replace("[", "\\[")
    return "\n".join(
        "\\" + line if _BLOCK_SYNTAX_RE.match(line) else _NUMBERED_RE.sub(r"\1\\\2", line)
        for line in escaped.split("\n")
    )
