"""The segment screen draws a cursor move and its detail in one frame, without a thread per key."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support import add_sentences
from tests.tui.helpers import ReviewStore, press, settle
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.review.widgets.line_table import LineTable
from workbench.store import Store

SIZE = (120, 40)
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def record_frames(app: ReviewApp, state: Callable[[], Any]) -> list[tuple[Any, str]]:
    """Every frame the app hands its driver: `state()` when it was drawn, and its text."""
    frames: list[tuple[Any, str]] = []
    display = app._display

    def recorded(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            text = _ESCAPE.sub("", renderable.render_segments(app.console))
            frames.append((state(), text))
        display(screen, renderable)

    app._display = recorded  # type: ignore[method-assign]
    return frames


def record_drawn_lines(table: LineTable) -> list[int]:
    """The lines `table` draws from now on, as they are drawn."""
    drawn: list[int] = []
    render_line = table.render_line

    def counted(y: int) -> Any:
        drawn.append(y)
        return render_line(y)

    table.render_line = counted  # type: ignore[method-assign]
    return drawn


async def test_the_detail_of_segment_n_plus_1_is_in_the_frame_that_moves_the_cursor(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        frames = record_frames(app, lambda: screen.table.highlighted_segment_id)
        for _ in range(4):
            await pilot.press("j")
        await settle(pilot)
    ids = review_store.article_segment_ids
    for segment_id in ids[1:5]:
        first = next(text for shown, text in frames if shown == segment_id)
        assert re.search(rf"segment {segment_id}\b", first), f"segment {segment_id}"


async def test_a_move_redraws_two_rows_and_reads_no_rows_in_a_thread(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        drawn = record_drawn_lines(screen.table)
        workers_before = len(app.workers)
        await pilot.press("j")
        assert len(app.workers) == workers_before
        await pilot.pause()
    # The old cursor row and the new one (line 0 is the header).
    assert sorted(set(drawn)) == [1, 2]


async def test_a_held_key_leaves_no_detail_load_pending(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        table = screen.table
        # Five moves handled back to back, as under a held key, with no message handled
        # in between: the detail already shows the last row, and no worker was started.
        for _ in range(5):
            table.action_cursor_down()
        assert screen.view is not None
        assert screen.view.segment.id == review_store.article_segment_ids[5]
        assert not len(app.workers)
        await settle(pilot)
        assert screen.view.segment.id == review_store.article_segment_ids[5]


async def test_a_cursor_leaving_the_screen_recenters_so_the_next_keys_redraw_two_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "long.db"
    with Store.open(path) as store:
        document_id = add_sentences(store, "long", [f"Mening {n}." for n in range(200)])
    app = ReviewApp(path, "anna", document_id, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        table = screen.table
        shown = len(table.visible_rows)
        for _ in range(shown):  # the last press takes the cursor off the first screen
            await pilot.press("j")
        await settle(pilot)
        assert table.cursor_row == shown
        assert round(table.scroll_offset.y) == shown - shown // 2
        drawn = record_drawn_lines(table)
        await press(pilot, "j")
    # Half a screen still lies ahead: the move redraws the old and the new row only.
    assert round(table.scroll_offset.y) == shown - shown // 2
    assert len(set(drawn)) == 2
