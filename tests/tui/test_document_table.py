"""The documents table on a store with more documents than fit on screen: counts per page."""

from __future__ import annotations

from pathlib import Path

from tests.support import add_sentences
from tests.tui.helpers import press, settle
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.review.widgets.document_table import DocumentTable
from workbench.store import Store

DOCUMENTS = 300


def _fill(store_path: Path) -> None:
    with Store.open(store_path) as store:
        for number in range(DOCUMENTS):
            add_sentences(
                store,
                f"doc{number}",
                [f"Mening {i}." for i in range(number % 7 + 1)],
                title=f"Artikel {number}",
                paragraph=0,
                lang_prob=0.9,
            )


async def test_only_rows_near_the_screen_have_counts_until_scrolled_to(store_path: Path) -> None:
    _fill(store_path)
    app = ReviewApp(store_path, "anna", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == DOCUMENTS
        assert table.summary_at(0) is not None
        assert table.summary_at(DOCUMENTS - 1) is None
        await press(pilot, "end")
        last = table.summary_at(DOCUMENTS - 1)
        assert last is not None
        assert (last.document.title, last.segments) == (
            f"Artikel {DOCUMENTS - 1}",
            (DOCUMENTS - 1) % 7 + 1,
        )
        await press(pilot, "enter")
        assert isinstance(app.screen, SegmentScreen)
        assert app.screen.document_id == last.document.id
