"""Titled blocks of text drawn through Textual's line API, one widget for a whole column.

The detail pane changes most of its text on every cursor move. As separate Label and Static
widgets each block cost the compositor a widget render per frame; here a column is one widget
whose wrapped lines are cached by block, and a new segment redraws only the lines that differ.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual


@dataclass(frozen=True, slots=True)
class Section:
    """A block: a title line, then its body indented by one cell (None: the title alone)."""

    title: str
    body: Content | None = None


# The blank line between two sections, cached like them so an unchanged gap is never redrawn.
_GAP = Section("")


class Sections(ScrollView, can_focus=False):
    """Sections one under another, a blank line apart; scrolls with the mouse when too long."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"sections--title"}

    DEFAULT_CSS = """
    Sections {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        /* Lines are wrapped to the width inside the scrollbar's place, kept even while no
           scrollbar shows: one that appears later never covers their last cells. */
        scrollbar-gutter: stable;
        & > .sections--title { color: $text-accent; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        # Plain text: no link styling pass over every wrapped line.
        self.set_reactive(Sections.auto_links, False)
        self._sections: tuple[Section, ...] = ()
        self._lines: list[Strip] = []
        # Wrapped lines by (section, width): showing a block again costs a lookup.
        self._wrapped: LRUCache[tuple[Section, int], list[Strip]] = LRUCache(256)

    @property
    def sections(self) -> tuple[Section, ...]:
        """What the widget shows."""
        return self._sections

    def section(self, title_start: str) -> Section | None:
        """The first section whose title starts with `title_start`."""
        return next((s for s in self._sections if s.title.startswith(title_start)), None)

    def show(self, sections: Sequence[Section]) -> None:
        """Show these sections, redrawing only the lines that change."""
        sections = tuple(sections)
        if sections != self._sections:
            self._sections = sections
            self._lay_out(scroll_home=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Asked only where CSS sets `height: auto` (the target column while editing).
        return len(self._lines)

    def on_resize(self, event: events.Resize) -> None:
        self._wrapped.clear()
        self._lay_out(scroll_home=False)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.__dict__.pop("_styles", None)
        self._wrapped.clear()
        if self.is_mounted:
            self._lay_out(scroll_home=False)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if 0 <= row < len(self._lines):
            return self._lines[row]
        return Strip.blank(width, self._styles[0])

    def _lay_out(self, *, scroll_home: bool) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        lines: list[Strip] = []
        for number, section in enumerate(self._sections):
            if number:
                lines.extend(self._wrap(_GAP, width))
            lines.extend(self._wrap(section, width))
        previous, self._lines = self._lines, lines
        if len(previous) != len(lines):
            self.virtual_size = Size(width, len(lines))
        if scroll_home and self.scroll_offset.y:
            self.scroll_to(y=0, animate=False)
            self.refresh()
            return
        # Cached blocks come back as the same Strip objects: identity says what is unchanged,
        # and one refresh spans the lines that are not.
        top = round(self.scroll_offset.y)
        changed = [
            row
            for row in range(top, top + self.scrollable_content_region.height)
            if (previous[row] if row < len(previous) else None)
            is not (lines[row] if row < len(lines) else None)
        ]
        if changed:
            self.refresh_lines(changed[0], changed[-1] - changed[0] + 1)

    @functools.cached_property
    def _styles(self) -> tuple[Style, Style, VisualStyle]:
        """The base, title and visual styles, looked up once: each walks the DOM."""
        base = self.rich_style
        return base, base + self.get_component_rich_style("sections--title"), self.visual_style

    def _wrap(self, section: Section, width: int) -> list[Strip]:
        key = (section, width)
        if (cached := self._wrapped.get(key)) is not None:
            return cached
        style, title, visual_style = self._styles
        if section is _GAP:
            strips = [Strip.blank(width, style)]
            self._wrapped.set(key, strips)
            return strips
        strips = [Strip(Content(section.title).render_segments(), None).crop(0, width)]
        strips = [strip.apply_style(title) for strip in strips]
        if section.body is not None:
            indent = Strip.blank(1, style)
            body = Visual.to_strips(self, section.body, width - 1, None, visual_style)
            strips.extend(Strip.join([indent, strip]) for strip in body)
        strips = [strip.extend_cell_length(width, style) for strip in strips]
        self._wrapped.set(key, strips)
        return strips
