"""Pilot tests of the rough edges a new user hit on the segment screen, asserting the store."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from tests.tui.helpers import ReviewStore, settle
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.store import Store

SIZE = (120, 40)
MakeApp = Callable[..., ReviewApp]


def segment_screen(app: ReviewApp) -> SegmentScreen:
    screen = app.screen
    assert isinstance(screen, SegmentScreen)
    return screen


async def test_bidi_override_is_shown_visibly_and_stored_as_is(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    tricky = "New library \u202eemU\u202c opens"
    with Store.open(review_store.path) as store:
        store.save_edit(segment_id, tricky, "erik", store.segment(segment_id).translation_id)
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        shown = str(screen.query_one("#target-text", Static).content)
        assert "⟨RLO⟩emU⟨PDF⟩" in shown
        assert "⟨RLO⟩" in screen.table.render_line(1).text
    with Store.open(review_store.path) as store:
        assert store.segment(segment_id).target == tricky
