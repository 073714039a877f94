"""Accounts in the review app: who approved is shown, and roles are enforced."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.helpers import ReviewStore, settle
from workbench.passwords import hash_password
from workbench.records import Role, SegmentStatus
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.store import Store

SIZE = (120, 40)


async def test_the_detail_pane_shows_who_approved(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id, reviewer="anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        label = str(screen.detail.query_one("#target-label").content)  # type: ignore[attr-defined]
        assert "approved · by anna" in label


async def test_a_translator_account_cannot_approve_in_the_app(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        store.add_account("tom", Role.TRANSLATOR, hash_password("tom's password"))
    app = make_app(review_store.article_id, reviewer="tom")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("needs the reviewer role" in n.message for n in app._notifications)
    with Store.open(review_store.path) as store:
        assert store.segment(review_store.article_segment_ids[0]).status != SegmentStatus.APPROVED
