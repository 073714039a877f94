"""The segment table: ids of the whole (filtered) document, rows fetched a page at a time.

The table holds only ids and an LRU cache of the rows seen; it asks its screen for missing
rows with `RowsNeeded`, so it never touches the store itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.cache import LRUCache
from textual.message import Message

from workbench.records import Segment
from workbench.review.display import one_line, score_text, status_text
from workbench.review.widgets.line_table import Column, LineTable

# Rows fetched beyond the visible ones, so paging down rarely waits.
LOOKAHEAD_ROWS = 60
CACHED_ROWS = 4_000


class SegmentTable(LineTable):
    """Segments as rows: id, status, MT score, source and current target."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineTable.COMPONENT_CLASSES | {
        "segment-table--new",
        "segment-table--translated",
        "segment-table--edited",
        "segment-table--approved",
        "segment-table--rejected",
        "segment-table--boilerplate",
    }

    class RowsNeeded(Message):
        """Rows about to be drawn whose segments are not loaded yet."""

        def __init__(self, table: SegmentTable, segment_ids: list[int]) -> None:
            self.table = table
            self.segment_ids = segment_ids
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(
            [
                Column("#", width=7),
                Column("status", width=11),
                Column("score", width=6),
                Column("source", share=1),
                Column("target", share=1),
            ],
            empty_text="no segments match",
            id=id,
        )
        self._segment_ids: list[int] = []
        self._rows: LRUCache[int, Segment] = LRUCache(CACHED_ROWS)
        self._requested: set[int] = set()

    # --- public API --------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._segment_ids)

    @property
    def segment_ids(self) -> list[int]:
        """The ids shown, in display order."""
        return self._segment_ids

    def show_segment_ids(self, segment_ids: list[int], cursor_segment_id: int | None) -> None:
        """Show these segments, keeping the cursor on `cursor_segment_id` if it is among them."""
        self._segment_ids = segment_ids
        self._requested.clear()
        row = self.row_of(cursor_segment_id) if cursor_segment_id is not None else None
        self.rows_changed(0 if row is None else row)
        self._request_visible()

    def add_segments(self, segments: Iterable[Segment]) -> None:
        """Cache freshly read segments and redraw the visible rows whose data changed."""
        visible = self.visible_rows
        on_screen = {
            segment_id: visible.start + offset
            for offset, segment_id in enumerate(self._segment_ids[visible.start : visible.stop])
        }
        for segment in segments:
            self._requested.discard(segment.id)
            if self._rows.get(segment.id) == segment:
                continue
            # Textual's LRUCache.set keeps an existing entry; a changed row must replace it.
            self._rows.discard(segment.id)
            self._rows.set(segment.id, segment)
            if segment.id in on_screen:
                self.refresh_row(on_screen[segment.id])

    def forget_rows(self) -> None:
        """Drop every cached row, so the rows on screen are read again."""
        self._rows.clear()
        self._requested.clear()
        self.refresh()

    def segment_at(self, row: int) -> Segment | None:
        """The loaded segment on a row, if any."""
        if 0 <= row < len(self._segment_ids):
            return self._rows.get(self._segment_ids[row])
        return None

    @property
    def highlighted_segment_id(self) -> int | None:
        """The id under the cursor, loaded or not."""
        if self._segment_ids:
            return self._segment_ids[self.cursor_row]
        return None

    def row_of(self, segment_id: int) -> int | None:
        """The row showing a segment, if it is in the table."""
        try:
            return self._segment_ids.index(segment_id)
        except ValueError:
            return None

    # --- rendering ---------------------------------------------------------------------

    def row_key(self, row: int) -> Hashable | None:
        return self._rows.get(self._segment_ids[row])

    def row_cells(self, row: int) -> Sequence[Text] | None:
        segment = self._rows.get(self._segment_ids[row])
        if segment is None:
            self._request_visible()
            return None
        status = status_text(segment)
        style = self.get_component_rich_style(f"segment-table--{status}")
        dim = style if not segment.translatable else None
        return [
            Text(str(segment.id)),
            Text(status, style=style),
            Text(score_text(segment.score, segment.origin)),
            Text(one_line(segment.source), style=dim or ""),
            Text(one_line(segment.target), style=dim or ""),
        ]

    def _request_visible(self) -> None:
        visible = self.visible_rows
        stop = min(visible.stop + LOOKAHEAD_ROWS, self.row_count)
        wanted = [
            segment_id
            for segment_id in self._segment_ids[visible.start : stop]
            if segment_id not in self._rows
        ]
        # A new request replaces the old one (its worker may be cancelled), so only ids
        # already asked for in the current window are skipped.
        if wanted and not set(wanted) <= self._requested:
            self._requested = set(wanted)
            self.post_message(self.RowsNeeded(self, wanted))
