"""Accounts in the review app: the login screen, roles, and who approved what."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from tests.tui.conftest import STORE_TIME
from tests.tui.helpers import ReviewStore, press, settle, shown_section
from workbench.records import Role, SegmentStatus
from workbench.review.app import ReviewApp
from workbench.review.display import parse_time
from workbench.review.passwords import (
    FREE_CLIENT_FAILURES,
    FREE_FAILURES,
    MAX_CHECKS_PER_S,
    MAX_LENGTH,
    attempt_wait_s,
    hash_password,
    verify_password,
)
from workbench.review.screens.documents import DocumentsScreen
from workbench.review.screens.login import LoginScreen
from workbench.review.screens.segments import SegmentScreen
from workbench.review.served import ServedReviewApp
from workbench.store import Store
from workbench.store.accounts import MAX_NAME_LENGTH

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
        await press(pilot, "a")
        assert any("needs the reviewer role" in n.message for n in app._notifications)
    with Store.open(review_store.path) as store:
        assert (
            store.documents.segment(review_store.article_segment_ids[0]).status
            != SegmentStatus.APPROVED
        )


PASSWORD = "correct horse battery"


def served_app(path: Path, **options: Any) -> ServedReviewApp:
    """A browser tab's app, its clock at the frozen store time: back-off waits never pass."""
    return ServedReviewApp(
        path, clock=lambda: parse_time(STORE_TIME), cursor_blink=False, **options
    )


def add_accounts(path: Path) -> None:
    with Store.open(path) as store:
        store.accounts.add("anna", Role.REVIEWER, hash_password(PASSWORD))
        store.accounts.add("tom", Role.TRANSLATOR, hash_password(PASSWORD))


async def log_in(pilot: Pilot[None], name: str, password: str) -> None:
    await press(pilot, *name, "tab", *password, "enter")


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


def fail(path: Path, name: str, client: str, times: int = 1) -> None:
    """Record `times` checked failures for `name` from `client`, as the login screen does."""
    with Store.open(path) as store:
        for _ in range(times):
            attempt, _ = store.accounts.claim_login(
                name, client, parse_time(STORE_TIME), lambda *_: 0.0
            )
            assert attempt is not None


async def test_repeated_failures_slow_that_client_down_not_the_owner(
    frozen_store: ReviewStore,
) -> None:
    add_accounts(frozen_store.path)
    fail(frozen_store.path, "anna", "203.0.113.9", times=3)
    stranger = served_app(frozen_store.path, client="203.0.113.9")
    async with stranger.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Even the right password waits: the clock has not moved since the third failure.
        await log_in(pilot, "anna", PASSWORD)
        assert "Too many failed attempts" in message(stranger)
        assert isinstance(stranger.screen, LoginScreen)
    # The owner, on her own machine, is not locked out by a stranger's guesses.
    owner = served_app(frozen_store.path, client="192.0.2.1")
    async with owner.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "anna", PASSWORD)
        assert isinstance(owner.screen, DocumentsScreen)
    with Store.open(frozen_store.path) as store:
        assert store.accounts.failed_logins("anna", "203.0.113.9")[0] == 3
        assert store.accounts.failed_logins("anna", "192.0.2.1") == (0, None)


async def test_a_client_trying_many_names_is_slowed_down(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    for name in (f"guess{i}" for i in range(FREE_CLIENT_FAILURES)):
        fail(frozen_store.path, name, "203.0.113.9")
    app = served_app(frozen_store.path, client="203.0.113.9")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "tom", PASSWORD)
        assert "Too many failed attempts" in message(app)


def test_parallel_attempts_are_counted_one_at_a_time(review_store: ReviewStore) -> None:
    """Ten tabs trying at once get no more checks than one tab trying ten times."""
    add_accounts(review_store.path)
    barrier = threading.Barrier(10)
    checked: list[bool] = []

    def attempt() -> None:
        with Store.open(review_store.path) as store:
            barrier.wait()
            claimed, _ = store.accounts.claim_login(
                "anna", "203.0.113.9", datetime.now(UTC), attempt_wait_s
            )
            if claimed is not None:
                # The slow check happens after the claim, as on the login screen.
                verify_password("a guess", store.accounts.password_hash("anna"))
            checked.append(claimed is not None)

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(checked) == FREE_FAILURES
    with Store.open(review_store.path) as store:
        assert store.accounts.failed_logins("anna", "203.0.113.9")[0] == FREE_FAILURES


def test_a_claim_that_waited_for_the_lock_is_not_held_back_by_a_later_one() -> None:
    # Claims read the clock before the store's lock; a parallel claim recorded after that
    # moment is a failure like any other, not a reason for extra waiting.
    from datetime import timedelta

    from workbench.store.accounts import LoginHistory

    now = datetime.now(UTC)
    later = (now + timedelta(milliseconds=50)).isoformat(timespec="microseconds")
    history = LoginHistory(FREE_FAILURES - 1, later, FREE_FAILURES - 1, later, 0)
    assert attempt_wait_s(history, now) == 0


def test_clients_that_never_log_in_cannot_grow_the_store(review_store: ReviewStore) -> None:
    from datetime import timedelta

    start = datetime.now(UTC)
    with Store.open(review_store.path) as store:
        for minute in range(0, 180, 10):  # one guess every ten minutes for three hours
            when = start + timedelta(minutes=minute)
            claimed, _ = store.accounts.claim_login("nobody", "198.51.100.7", when, attempt_wait_s)
            assert claimed is not None
        kept = store.conn.execute("SELECT count(*) FROM login_attempts").fetchone()[0]
    assert kept == 7  # minutes 110–170: the hour before the latest claim, what back-off needs


def test_checks_per_second_are_capped_for_the_whole_store(review_store: ReviewStore) -> None:
    now = datetime.now(UTC)
    with Store.open(review_store.path) as store:
        claims = [
            store.accounts.claim_login("anna", f"198.51.100.{i}", now, attempt_wait_s)
            for i in range(MAX_CHECKS_PER_S + 1)
        ]
    assert [attempt is not None for attempt, _ in claims] == [True] * MAX_CHECKS_PER_S + [False]
    assert claims[-1][1] == 1.0


async def test_typed_names_and_passwords_are_bounded(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *"x" * (MAX_NAME_LENGTH + 20), "tab", *"p" * (MAX_LENGTH + 20), "enter")
        assert len(app.screen.query_one("#login-name", Input).value) == MAX_NAME_LENGTH
        assert message(app) == "Wrong name or password."
    with Store.open(frozen_store.path) as store:
        assert store.accounts.failed_logins("x" * MAX_NAME_LENGTH)[0] == 1


async def test_a_tab_left_at_the_login_screen_closes(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    app = served_app(frozen_store.path, login_idle_s=0.3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(2.5)
        assert app.return_code is not None or not app.is_running


async def test_a_tab_kept_busy_at_the_login_screen_still_closes(frozen_store: ReviewStore) -> None:
    add_accounts(frozen_store.path)
    app = served_app(frozen_store.path, login_limit_s=1.0)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10):
            await pilot.press("x")
            await pilot.pause(0.25)
        assert app.return_code is not None or not app.is_running


@pytest.mark.parametrize(
    "change",
    [
        lambda store: store.accounts.remove("anna"),
        lambda store: store.accounts.set_password_hash("anna", hash_password("a new password")),
    ],
    ids=["removed", "new-password"],
)
async def test_a_logged_in_tab_ends_when_its_account_changes(
    frozen_store: ReviewStore, change: Callable[[Store], None]
) -> None:
    add_accounts(frozen_store.path)
    app = served_app(frozen_store.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, "anna", PASSWORD)
        assert isinstance(app.screen, DocumentsScreen)
        await pilot.pause(1.5)
        assert app.is_running
        with Store.open(frozen_store.path) as store:
            change(store)
        await pilot.pause(2.5)
        assert not app.is_running


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
        await press(pilot, "e", "ctrl+e", "!", "ctrl+s")
        await press(pilot, "a")
    with Store.open(frozen_store.path) as store:
        assert store.documents.segment(segment_id).status == SegmentStatus.EDITED
        assert store.reviews.history(segment_id)[-1].author == "tom"
        assert store.reviews.history(segment_id)[-1].text.endswith("!")
