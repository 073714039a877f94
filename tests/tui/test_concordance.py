"""The segment screen's `/` shows the concordance: the same hits as `workbench search`."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.helpers import ReviewStore, press, settle
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.review.widgets.concordance import ConcordancePanel
from workbench.store import Store


async def test_search_shows_the_concordance_of_the_whole_store(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        store.memory.add_pairs(
            [("Kiruna är kallt.", "Kiruna is cold.")], source_lang="sv", target_lang="en"
        )
        # Web articles have long titles; the hit's translation must stay in view all the same.
        store.conn.execute("UPDATE documents SET title = title || ?", (" och mer" * 20,))
        expected = list(store.search.concordance("KIRUNA"))
    app = make_app(review_store.article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        panel = screen.query_one(ConcordancePanel)
        assert not panel.display
        await press(pilot, "slash", *"KIRUNA", "enter")
        # No article segment mentions Kiruna; the trip document and the memory do.
        assert screen.table.segment_ids == []
        assert panel.display
        assert panel.hits == expected
        assert [h.kind for h in panel.hits] == ["segment", "segment", "memory"]
        assert panel.row_count == 3
        # The translation column fits beside the source, whatever the document's title.
        widths = [column.get_render_width(panel) for column in panel.ordered_columns]
        assert sum(widths) <= panel.size.width
        await press(pilot, "slash", "ctrl+u", "enter")
        assert not panel.display
