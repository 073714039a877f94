"""Inline formatting of office documents as codes in a paragraph's text, and back.

A paragraph's text is written with the formatting most of it has as plain text; a stretch with
other formatting (bold, a link, another font) is wrapped in `<gN>…</gN>`, and an object that is
no text (an image, a footnote reference, a field, a comment mark) stands as `<xN/>`. The codes
look like HTML tags, so MT masking protects them as it protects Markdown inline markup, and the
review screen shows them where they sit. A `<` or `\\` of the text itself is escaped with a
backslash, so no source text is ever read back as a code.

Pure functions over plain data: the DOCX and ODT readers say what a style and an object are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from workbench.ingest.paragraph import BLANK_LINE, Paragraph
from workbench.records import SegmentKind

Obj = TypeVar("Obj")

_CODE_RE = re.compile(r"\\([\\<])|<(/?)g(\d+)>|<x(\d+)/>")
_STRAY_CODE_RE = re.compile(r"</?[gx]\d+/?>")


@dataclass(frozen=True, slots=True)
class Text:
    """A stretch of text with one formatting (`style`, compared by equality)."""

    text: str
    style: Hashable


@dataclass(frozen=True, slots=True)
class Coded(Generic[Obj]):
    """A paragraph as coded text, with what each code stands for."""

    text: str
    base: Hashable  # the formatting plain text has
    styles: dict[int, Hashable]  # gN → formatting
    objects: dict[int, Obj]  # xN → object
    before: tuple[Obj, ...]  # objects ahead of the first text (bookmarks, anchors): not coded
    after: tuple[Obj, ...]


@dataclass(frozen=True, slots=True)
class OfficeParagraph(Generic[Obj]):
    """A paragraph of an office document: its element, coded text and block kind."""

    element: Any  # the reader's XML element, which the writer rebuilds
    coded: Coded[Obj]
    block: str
    hint: SegmentKind | None

    def paragraph(self) -> Paragraph:
        """The paragraph as ingest reads it; list items and table cells follow on a new line."""
        lead = "\n• " if self.block == "ul" else "\n" if self.block in ("ol", "td") else BLANK_LINE
        return Paragraph(self.coded.text.strip(), self.hint, block=self.block, lead=lead)


def style_chain(name: str, parents: dict[str, str]) -> list[str]:
    """A style and the styles it is based on, nearest first (a cycle or depth ends it)."""
    chain: list[str] = []
    while name and name not in chain and len(chain) < 20:
        chain.append(name)
        name = parents.get(name, "")
    return chain


def escape(text: str) -> str:
    """Text with its own `\\` and `<` escaped, so they never read as codes."""
    return text.replace("\\", "\\\\").replace("<", "\\<")


def encode(
    items: Sequence[Text | Obj], plain_style: Callable[[Hashable], bool] = lambda style: True
) -> Coded[Obj]:
    """Code a paragraph given as text stretches and objects in reading order.

    The base formatting is the one most of its text has among those `plain_style` allows
    (no link, say): words MT adds outside every code get it.
    """
    text_at = [i for i, item in enumerate(items) if isinstance(item, Text) and item.text]
    if not text_at:
        return Coded("", None, {}, {}, tuple(i for i in items if not isinstance(i, Text)), ())
    first, last = text_at[0], text_at[-1]
    weights: dict[Hashable, int] = {}
    for item in items:
        if isinstance(item, Text):
            weights[item.style] = weights.get(item.style, 0) + len(item.text)
    base = max(weights, key=lambda style: (plain_style(style), weights[style]))
    pieces: list[str] = []
    styles: dict[int, Hashable] = {}
    objects: dict[int, Obj] = {}
    open_style: Hashable = base
    open_number = 0
    for item in items[first : last + 1]:
        if isinstance(item, Text) and not item.text:
            continue
        # an object sits inside the stretch around it
        style = item.style if isinstance(item, Text) else open_style
        if style != open_style:
            if open_style != base:
                pieces.append(f"</g{open_number}>")
            if style != base:
                open_number = len(styles) + len(objects) + 1
                styles[open_number] = style
                pieces.append(f"<g{open_number}>")
            open_style = style
        if isinstance(item, Text):
            pieces.append(escape(item.text))
        else:
            number = len(styles) + len(objects) + 1
            objects[number] = item
            pieces.append(f"<x{number}/>")
    if open_style != base:
        pieces.append(f"</g{open_number}>")
    before = tuple(i for i in items[:first] if not isinstance(i, Text))
    after = tuple(i for i in items[last + 1 :] if not isinstance(i, Text))
    return Coded("".join(pieces), base, styles, objects, before, after)


def decode(text: str, coded: Coded[Obj]) -> Iterator[Text | Obj]:
    """The stretches and objects of a translated coded text, every object exactly once.

    Codes the translation lost, doubled or reordered cost formatting, never content: a
    stretch outside any known `<gN>` gets the base formatting, an object whose code is gone
    is placed at the end, a code the paragraph never had is dropped.
    """
    yield from coded.before
    placed: set[int] = set()
    opened: list[int] = []
    position = 0
    buffer: list[str] = []

    def style() -> Hashable:
        return coded.styles[opened[-1]] if opened else coded.base

    for match in _CODE_RE.finditer(text):
        buffer.append(_STRAY_CODE_RE.sub("", text[position : match.start()]))
        position = match.end()
        escaped, closing, g_number, x_number = match.groups()
        if escaped:
            buffer.append(escaped)
            continue
        if "".join(buffer):
            yield Text("".join(buffer), style())
        buffer.clear()
        if x_number is not None:
            number = int(x_number)
            if number in coded.objects and number not in placed:
                placed.add(number)
                yield coded.objects[number]
            continue
        number = int(g_number)
        if number not in coded.styles:
            continue
        if closing:
            if number in opened:
                opened.remove(number)
        else:
            opened.append(number)
    buffer.append(_STRAY_CODE_RE.sub("", text[position:]))
    if "".join(buffer):
        yield Text("".join(buffer), style())
    for number, obj in coded.objects.items():
        if number not in placed:
            yield obj
    yield from coded.after


def codes(text: str) -> list[str]:
    """The codes in a coded text, in order (escaped text is no code)."""
    return [match.group() for match in _CODE_RE.finditer(text) if not match.group(1)]


def plain(text: str) -> str:
    """Coded text as the words a reader sees: codes out, escapes undone."""
    return _CODE_RE.sub(lambda match: match.group(1) or "", text)
