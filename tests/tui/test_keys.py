"""Keys typed faster than the app handles them: each waits for the ones before it.

A burst of keys (a fast typist, a paste of keys, an app busy for a moment) must land where the
keys before it put the focus, and an action must start from the change before it.
"""

from __future__ import annotations

import sqlite3

from tests.tui.helpers import ARTICLE, ReviewStore, press, settle, type_at_once
from tests.tui.test_segments import SIZE, MakeApp, segment_screen
from workbench.review.screens.confirm import ConfirmScreen
from workbench.review.screens.conflict import ConflictScreen
from workbench.store import Store


async def test_a_burst_after_e_is_typed_into_the_editor_and_saved(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_at_once(pilot, "e", "ctrl+l", *"A new library", "ctrl+s")
        await settle(pilot)
        assert segment_screen(app).working is None
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).target == "A new library"


async def test_keys_typed_while_a_change_is_stored_wait_for_it(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        # Another program writes to the store: the merge waits for it, and `u` for the merge.
        other = sqlite3.connect(review_store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("m")
        await pilot.pause(0.3)
        await pilot.press("u")
        other.execute("ROLLBACK")
        other.close()
        await settle(pilot)
        # Reverting my own merge is no conflict: it undoes the merge.
        assert not isinstance(app.screen, ConflictScreen)
        assert segment_screen(app).table.segment_ids == ids
    with Store.open(review_store.path) as store:
        assert store.documents.segment(ids[1]).target == ARTICLE[1][3]
        assert store.documents.segment(ids[2]).target == ARTICLE[2][3]
        assert [e.action for e in store.events.recent(ids[1])][:2] == ["unmerge", "merge"]


async def test_saving_an_empty_target_asks_first(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", "ctrl+l", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert segment_screen(app).working is not None  # still editing: nothing is lost
        with Store.open(review_store.path) as store:
            assert store.documents.segment(segment_id).target == ARTICLE[0][3]
        await press(pilot, "ctrl+s", "y")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).target == ""


async def test_keys_typed_while_a_change_fails_still_arrive(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The caption ends its paragraph: merging it fails, and the k after it still moves.
        await press(pilot, "end", "k")
        type_at_once(pilot, "m", "k")
        await settle(pilot)
        assert any("nothing to merge" in n.message for n in app._notifications)
        assert segment_screen(app).table.cursor_row == len(review_store.article_segment_ids) - 3
