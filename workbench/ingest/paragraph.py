"""The unit every reader yields: one paragraph of a source, with what the markup said of it."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.records import SegmentKind

# The elements a paragraph can stand in, as the renderer rebuilds them.
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "quote", "caption", "pre"})
BLANK_LINE = "\n\n"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a source, with a structural hint when the markup said what it is.

    `block` and `lead` are what the renderer needs to rebuild the page: the block's element
    (see `BLOCKS`) and what stood before it, a blank line or a line break, then a list bullet
    or number.
    """

    text: str
    hint: SegmentKind | None = None
    block: str = "p"
    lead: str = "\n\n"
