"""Accounts in the review app: the login screen, roles, and who approved what."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label

from tests.tui.conftest import STORE_TIME
from tests.tui.helpers import ReviewStore, settle, shown_section
from workbench.records import Role, SegmentStatus
from workbench.review.app import ReviewApp
from workbench.review.display import parse_time
from workbench.review.passwords import hash_password
from workbench.review.screens.documents import DocumentsScreen
from workbench.review.screens.login import LoginScreen
from workbench.review.screens.segments import SegmentScreen
from workbench.review.served import ServedReviewApp
from workbench.store import Store

SIZE = (120, 40)


async def test_the_detail_pane_shows_who_approved(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id, reviewer="anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("A")  # approve and stay on the segment
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        label, _ = shown_section(screen, "Target")
        assert "approved · by anna" in label


async def test_a_translator_account_cannot_approve_in_the_app(
    make_app: Callable[..., ReviewApp], review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        store.accounts.add("tom", Role.TRANSLATOR, hash_password("tom's password"))
    app = make_app(review_store.article_id, reviewer="tom")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("needs the reviewer role" in n.message for n in app._notifications)
    with Store.open(review_store.path) as store:
        assert (
            store.documents.segment(review_store.article_segment_ids[0]).status
            != SegmentStatus.APPROVED
        )


PASSWORD = "correct horse battery"


def served_app(path: Path) -> ServedReviewApp:
    """A browser tab's app, its clock at the frozen store time: back-off waits never pass."""
    return ServedReviewApp(path, clock=lambda: parse_time(STORE_TIME), cursor_blink=False)


def add_accounts(path: Path) -> None:
    with Store.open(path) as store:
        store.accounts.add("anna", Role.REVIEWER, hash_password(PASSWORD))
        store.accounts.add("tom", Role.TRANSLATOR, hash_password(PASSWORD))


async def log_in(pilot: Pilot[None], name: str, password: str) -> None:
    await pilot.press(*name, "tab", *password, "enter")
    await settle(pilot)


def message(app: ReviewApp) -> str:
    return str(app.screen.query_one("#login-message", Label).content)


async def test_login_opens_the_documents_and_records_work_under_the_account(
    frozen_store: ReviewStore,
) -> None:
    add_accounts(frozen_store.path)
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.focused is not None and app.focused.id == "login-name"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "login-password"
        await pilot.press("shift+tab")
        await log_in(pilot, "anna", PASSWORD)
        assert isinstance(app.screen, DocumentsScreen)
        assert app.reviewer == "anna"
    with Store.open(frozen_store.path) as store:
        assert store.accounts.failed_logins("anna") == (0, None)


async def test_a_wrong_password_and_an_unknown_name_read_the_same(
    frozen_store: ReviewStore,
) -> None:
    add_accounts(frozen_store.path)
    with Store.open(frozen_store.path) as store:
        before = store.content_digest()
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "anna", "not her password")
        wrong_password = message(app)
        await pilot.press("shift+tab", *["backspace"] * 4)
        await log_in(pilot, "nobody", PASSWORD)
        unknown_name = message(app)
        assert isinstance(app.screen, LoginScreen)
    assert wrong_password == unknown_name == "Wrong name or password."
    with Store.open(frozen_store.path) as store:
        assert store.accounts.failed_logins("anna")[0] == 1
        assert store.accounts.failed_logins("nobody")[0] == 1
        assert store.content_digest() == before


async def test_repeated_failures_for_a_name_are_slowed_down(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    with Store.open(frozen_store.path) as store:
        for _ in range(3):
            store.accounts.record_login("anna", success=False)
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Even the right password waits: the clock has not moved since the third failure.
        await log_in(pilot, "anna", PASSWORD)
        assert "Too many failed attempts" in message(app)
        assert isinstance(app.screen, LoginScreen)
        # Another name is not slowed down.
        await pilot.press("shift+tab", *["backspace"] * 4)
        await log_in(pilot, "tom", PASSWORD)
        assert isinstance(app.screen, DocumentsScreen)
    with Store.open(frozen_store.path) as store:
        assert store.accounts.failed_logins("anna")[0] == 3


async def test_a_translator_logged_in_edits_but_cannot_approve(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    segment_id = frozen_store.article_segment_ids[0]
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "tom", PASSWORD)
        await pilot.press("enter")  # open the first document
        await settle(pilot)
        assert isinstance(app.screen, SegmentScreen)
        await pilot.press("e", "ctrl+e", "!", "ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
    with Store.open(frozen_store.path) as store:
        assert store.documents.segment(segment_id).status == SegmentStatus.EDITED
        assert store.reviews.history(segment_id)[-1].author == "tom"
        assert store.reviews.history(segment_id)[-1].text.endswith("!")
