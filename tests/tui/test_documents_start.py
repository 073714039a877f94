"""The documents screen's start: its first page is read while the app starts, in one go."""

from __future__ import annotations

from concurrent.futures import Future

from textual.message import Message
from textual.worker import Worker, WorkerState

from tests.tui.conftest import APP_TIME, REVIEWER
from tests.tui.helpers import ReviewStore, press, settle
from workbench.errors import StoreError
from workbench.review.app import ReviewApp
from workbench.review.documents_page import DocumentsPage, read_page
from workbench.review.widgets.document_table import DocumentTable
from workbench.store import Store


def _app(review_store: ReviewStore, page: Future[DocumentsPage] | None = None) -> ReviewApp:
    return ReviewApp(
        review_store.path,
        REVIEWER,
        clock=lambda: APP_TIME,
        cursor_blink=False,
        documents_page=page,
    )


def _read(review_store: ReviewStore) -> DocumentsPage:
    with Store.open(review_store.path) as store:
        return read_page(store)


async def test_the_list_comes_with_its_rows_counts_and_the_segment_screen_still_loads(
    review_store: ReviewStore,
) -> None:
    seen: list[Message] = []
    app = _app(review_store)  # reads its own first page
    async with app.run_test(size=(120, 30), message_hook=seen.append) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == len(_read(review_store).documents) > 1
        assert all(table.summary_at(row) is not None for row in range(table.row_count))
    # No second read for the counts of the rows on screen: they came with the list.
    assert not [m for m in seen if isinstance(m, DocumentTable.RowsNeeded)]
    # The segment screen `enter` opens is still imported once the rows are drawn.
    assert any(
        isinstance(m, Worker.StateChanged)
        and m.worker.name == "load_segment_screen"
        and m.state == WorkerState.SUCCESS
        for m in seen
    )


async def test_a_page_ready_before_the_first_frame_is_in_it(review_store: ReviewStore) -> None:
    page: Future[DocumentsPage] = Future()
    page.set_result(_read(review_store))
    app = _app(review_store, page)
    async with app.run_test(size=(120, 30)):
        # No pause: the screen showed the page as it mounted, with no worker in between.
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == len(page.result().documents)
        assert table.summary_at(0) is not None


async def test_a_page_still_being_read_is_shown_when_it_comes(review_store: ReviewStore) -> None:
    page: Future[DocumentsPage] = Future()
    app = _app(review_store, page)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == 0
        page.set_result(_read(review_store))
        await settle(pilot)
        assert table.row_count == len(page.result().documents)
        assert table.summary_at(0) is not None
        # Later shows read the store afresh.
        await press(pilot, "ctrl+r")
        assert table.row_count == len(page.result().documents)


async def test_a_failed_read_is_reported_and_the_app_goes_on(review_store: ReviewStore) -> None:
    page: Future[DocumentsPage] = Future()
    page.set_exception(StoreError("the store went away"))
    app = _app(review_store, page)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert any("the store went away" in n.message for n in app._notifications)
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == 0
        await press(pilot, "ctrl+r")
        assert table.row_count == len(_read(review_store).documents)
