"""A keyboard-driven table that draws only the rows on screen, through Textual's line API.

It holds no data: subclasses say how many rows there are and what a row shows, so a table of
50,000 segments costs what its visible rows cost (toolong's `LogLines` does the same).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its header, and a fixed width or a share of the width the fixed ones leave."""

    label: str
    width: int = 0
    share: int = 0


class LineTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows drawn on demand under a fixed header line; one row carries the cursor.

    | Key | Action |
    | :- | :- |
    | up, k | Move the cursor up. |
    | down, j | Move the cursor down. |
    | pageup, pagedown | Move the cursor a screen up or down. |
    | home, end | Move the cursor to the first or last row. |
    """

    BINDING_GROUP_TITLE = "Table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", tooltip="Previous row", show=False),
        Binding("down,j", "cursor_down", "Down", tooltip="Next row", show=False),
        Binding("pageup", "page_up", "Page up", tooltip="A screen up", show=False),
        Binding("pagedown", "page_down", "Page down", tooltip="A screen down", show=False),
        Binding("home", "first", "First", tooltip="First row", show=False),
        Binding("end", "last", "Last", tooltip="Last row", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--cursor",
        "line-table--placeholder",
    }

    DEFAULT_CSS = """
    LineTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    # No repaint of the whole table on a move: the watcher redraws the old and the new row
    # (toolong's `LogLines` does the same), so a key press costs two lines, not a screen.
    cursor_row: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row (0 when the table is empty)."""

    class Highlighted(Message):
        """The cursor moved to another row, or the rows under it changed."""

        def __init__(self, table: LineTable, row: int) -> None:
            self.table = table
            self.row = row
            super().__init__()

        @property
        def control(self) -> LineTable:
            """The table whose cursor moved."""
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_text: str = "nothing to show",
        name: str | None = None,
        id: str | None = None,  # noqa: A002  (Textual's own parameter name)
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        # Drawn rows by (row key, cursor on it, focused, width): a full repaint after a
        # layout change then costs a dictionary lookup per row.
        self._strips: LRUCache[tuple[Hashable, bool, bool, int], Strip] = LRUCache(1_000)

    # --- what subclasses provide -------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table has."""
        raise NotImplementedError

    def row_cells(self, row: int) -> Sequence[Text] | None:
        """The cells of a row, or None while its data is still on the way."""
        raise NotImplementedError

    def row_key(self, row: int) -> Hashable | None:
        """A value that changes whenever the row's cells would; None disables caching it."""
        return None

    # --- public API --------------------------------------------------------------------

    def rows_changed(self, cursor_row: int | None = None) -> None:
        """Redraw after the row count or contents changed; optionally move the cursor."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count + 1)
        row = self.cursor_row if cursor_row is None else cursor_row
        self.set_reactive(LineTable.cursor_row, self.validate_cursor_row(row))
        self._scroll_to_cursor()
        self.refresh()
        if self.row_count:
            self.post_message(self.Highlighted(self, self.cursor_row))

    def refresh_row(self, row: int) -> None:
        """Redraw one row (its data changed)."""
        self.refresh_line(row + 1)

    @property
    def visible_rows(self) -> range:
        """The rows currently on screen."""
        first = round(self.scroll_offset.y)
        shown = max(self.scrollable_content_region.height - 1, 0)
        return range(first, min(first + shown, self.row_count))

    # --- watchers ----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, self.row_count - 1))

    def watch_cursor_row(self, old_row: int, new_row: int) -> None:
        self.refresh_row(old_row)
        self.refresh_row(new_row)
        self._scroll_to_cursor()
        if self.row_count:
            self.post_message(self.Highlighted(self, new_row))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count + 1)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= row < self.row_count:
            self.cursor_row = row

    # --- private helpers ---------------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        shown = self.scrollable_content_region.height - 1
        if shown <= 0:
            return
        top = round(self.scroll_offset.y)
        if not top <= self.cursor_row < top + shown:
            # A cursor leaving the screen brings it to the middle (as Emacs recenters): the
            # rows ahead come into view at once, and only one key in half a screen redraws
            # every row instead of each key near the edge.
            self.scroll_to(y=max(self.cursor_row - shown // 2, 0), animate=False)

    def _column_widths(self, width: int) -> list[int]:
        fixed = sum(column.width for column in self.columns)
        shares = sum(column.share for column in self.columns) or 1
        spare = max(width - fixed - (len(self.columns) - 1), 0)
        widths = [column.width or spare * column.share // shares for column in self.columns]
        # Rounding leaves a few cells over; the last shared column takes them.
        last_shared = max((i for i, c in enumerate(self.columns) if c.share), default=None)
        if last_shared is not None:
            widths[last_shared] += spare - sum(
                widths[i] for i, c in enumerate(self.columns) if c.share
            )
        return widths

    # --- rendering ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_offset.y) + y - 1
        key = self.row_key(row) if y and row < self.row_count else ("header" if not y else None)
        cache_key = (key, row == self.cursor_row, self.has_focus, width)
        # Styles are looked up only on a miss: they walk the DOM and cost more than a row.
        if key is not None and (cached := self._strips.get(cache_key)) is not None:
            return cached
        base = self.rich_style
        if y == 0:
            header_style = base + self.get_component_rich_style("line-table--header")
            strip = self._strip(
                [Text(column.label) for column in self.columns], width, header_style
            )
        elif row >= self.row_count:
            if row:
                return Strip.blank(width, base)
            placeholder = self.get_component_rich_style("line-table--placeholder")
            return self._strip([Text(self.empty_text)], width, base + placeholder, fill=True)
        else:
            cells = self.row_cells(row)
            style = base
            if row == self.cursor_row:
                style += self.get_component_rich_style("line-table--cursor")
            if cells is None:
                placeholder = self.get_component_rich_style("line-table--placeholder")
                return self._strip([Text("…")], width, style + placeholder, fill=True)
            strip = self._strip(cells, width, style)
        if key is not None:
            self._strips.set(cache_key, strip)
        return strip

    def _strip(
        self, cells: Sequence[Text], width: int, style: Style, *, fill: bool = False
    ) -> Strip:
        widths = [width] if fill else self._column_widths(width)
        line = Text(no_wrap=True, end="")
        for number, (cell, cell_width) in enumerate(zip(cells, widths, strict=False)):
            if number:
                line.append(" ")
            fitted = cell.copy()
            fitted.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append_text(fitted)
        segments = list(line.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width, style).apply_style(style)

    # --- actions -----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= max(self.scrollable_content_region.height - 2, 1)

    def action_page_down(self) -> None:
        self.cursor_row += max(self.scrollable_content_region.height - 2, 1)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = self.row_count - 1
