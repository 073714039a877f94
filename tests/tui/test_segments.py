"""Pilot tests of the segment screen on a real store: every action is checked in the store."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.tui.conftest import REVIEWER
from tests.tui.helpers import ARTICLE, ReviewStore, press, settle
from workbench.records import Origin, SegmentStatus
from workbench.review.app import ReviewApp
from workbench.review.screens.comment import CommentScreen
from workbench.review.screens.confirm import ConfirmScreen
from workbench.review.screens.conflict import ConflictScreen
from workbench.review.screens.error import ErrorScreen
from workbench.review.screens.segments import SegmentScreen
from workbench.store import Store

SIZE = (120, 40)
MakeApp = Callable[..., ReviewApp]


def segment_screen(app: ReviewApp) -> SegmentScreen:
    screen = app.screen
    assert isinstance(screen, SegmentScreen)
    return screen


def typed(text: str) -> list[str]:
    """Key presses that type `text` into the focused editor."""
    return list(text)


async def test_navigation_shows_the_highlighted_segment(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        before = store.content_digest()
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        assert screen.table.segment_ids == review_store.article_segment_ids
        await press(pilot, "j", "down", "k", "j")
        assert screen.table.cursor_row == 2
        assert screen.view is not None
        assert screen.view.segment.source == ARTICLE[2][2]
        assert [f.code for f in screen.view.flags] == ["numbers"]
        await press(pilot, "end")
        assert screen.view.segment.source == "Dela artikeln"
    with Store.open(review_store.path) as store:
        assert store.content_digest() == before


async def test_edit_and_save_creates_a_human_version(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[1]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        await press(pilot, "e", "f7", *typed("The library has five floors."), "ctrl+s")
        screen = segment_screen(app)
        assert screen.working is None
        assert screen.table.segment_at(1).target == "The library has five floors."
    with Store.open(review_store.path) as store:
        segment = store.documents.segment(segment_id)
        history = store.reviews.history(segment_id)
    assert segment.target == "The library has five floors."
    assert segment.status == SegmentStatus.EDITED
    assert [v.origin for v in history] == [Origin.MT, Origin.HUMAN]
    assert history[-1].author == REVIEWER
    assert history[-1].parent_id == history[0].id


async def test_escape_cancels_an_edit_without_touching_the_store(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        before = store.content_digest()
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", *typed(" extra words"), "escape")
        screen = segment_screen(app)
        assert screen.working is None
        assert screen.detail.shown_target == ARTICLE[0][3]
    with Store.open(review_store.path) as store:
        assert store.content_digest() == before


async def test_approve_marks_the_current_version(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).status == SegmentStatus.APPROVED
        approvals = [e for e in store.events.recent(segment_id) if e.action == "approve"]
    assert [e.actor for e in approvals] == [REVIEWER]


async def test_approving_a_segment_with_an_error_flag_asks_first(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[2]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        await press(pilot, "a")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        with Store.open(review_store.path) as store:
            assert store.documents.segment(segment_id).status == SegmentStatus.TRANSLATED
        await press(pilot, "a")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).status == SegmentStatus.APPROVED


async def test_reject_stores_the_comment(make_app: MakeApp, review_store: ReviewStore) -> None:
    segment_id = review_store.article_segment_ids[3]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "j")
        await pilot.press("r")
        assert isinstance(app.screen, CommentScreen)
        await press(pilot, *typed("name order"), "enter")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).status == SegmentStatus.REJECTED
        rejections = [e for e in store.events.recent(segment_id) if e.action == "reject"]
    assert [(e.actor, e.details) for e in rejections] == [(REVIEWER, "name order")]


async def test_escape_in_the_reject_dialog_rejects_nothing(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r", *typed("never mind"), "escape")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(review_store.article_segment_ids[0]).status == (
            SegmentStatus.TRANSLATED
        )


async def test_revert_restores_the_previous_text(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[4]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "j", "j")
        await press(pilot, "e", "f7", *typed("Kids are downstairs."), "ctrl+s")
        await press(pilot, "u")
        assert segment_screen(app).detail.shown_target == ARTICLE[4][3]
    with Store.open(review_store.path) as store:
        history = store.reviews.history(segment_id)
        assert store.documents.segment(segment_id).target == ARTICLE[4][3]
    assert [v.text for v in history] == [ARTICLE[4][3], "Kids are downstairs.", ARTICLE[4][3]]


async def test_search_filters_source_and_target(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        await press(pilot, "slash", *typed("sara"), "enter")
        assert screen.table.segment_ids == [review_store.article_segment_ids[3]]
        await press(pilot, "slash", *typed("floor"), "enter")
        with Store.open(review_store.path) as store:
            expected = store.documents.segment_ids(review_store.article_id, search="floor")
        assert screen.table.segment_ids == expected
        assert len(expected) == 2
        await press(pilot, "slash", "ctrl+u", "enter")
        assert screen.table.segment_ids == review_store.article_segment_ids


async def test_filter_by_status(make_app: MakeApp, review_store: ReviewStore) -> None:
    edited_id = review_store.article_segment_ids[1]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "e", *typed(" Really."), "ctrl+s")
        await pilot.press("f")
        # all, new, translated, edited, …
        await press(pilot, "down", "down", "down", "enter")
        screen = segment_screen(app)
        assert screen.table.segment_ids == [edited_id]
        assert screen.query_state.status == SegmentStatus.EDITED
    with Store.open(review_store.path) as store:
        assert store.documents.segment_ids(
            review_store.article_id, status=SegmentStatus.EDITED
        ) == [edited_id]


async def test_confidence_order_and_next_needing_work(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        await press(pilot, "o")
        with Store.open(review_store.path) as store:
            by_score = store.documents.segment_ids(review_store.article_id, order="score")
        assert screen.table.segment_ids == by_score
        assert by_score[:2] == [ids[2], ids[5]]  # scores -1.40 and -0.95 first
        await press(pilot, "home", "a", "y")
        await press(pilot, "home", "n")
        assert screen.table.highlighted_segment_id == ids[5]
        await press(pilot, "f", "end", "enter")
        # The least confident fifth of six scored segments: ceil(1.2) = 2.
        assert screen.table.segment_ids == [ids[2], ids[5]]
    with Store.open(review_store.path) as store:
        assert store.documents.segment(ids[2]).status == SegmentStatus.APPROVED


async def test_toggle_boilerplate(make_app: MakeApp, review_store: ReviewStore) -> None:
    segment_id = review_store.article_segment_ids[-1]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "end")
        await press(pilot, "b", "y")
        with Store.open(review_store.path) as store:
            assert store.documents.segment(segment_id).translatable
        await press(pilot, "b", "y")
    with Store.open(review_store.path) as store:
        assert not store.documents.segment(segment_id).translatable
        actions = [e.action for e in store.events.recent(segment_id)]
    assert actions[:2] == ["boilerplate", "translatable"]


async def test_merge_with_next_makes_a_2_1_bead(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "m")
        table = segment_screen(app).table
        shown = list(table.segment_ids)
        assert shown == [i for i in ids if i != ids[2]]
        assert table.highlighted_segment_id == ids[1]
    with Store.open(review_store.path) as store:
        merged = store.documents.segment(ids[1])
        assert store.beads.mt_bead_type(ids[1]) == "2-1"
        assert store.documents.segment_ids(review_store.article_id) == shown
    assert merged.source == f"{ARTICLE[1][2]} {ARTICLE[2][2]}"
    assert merged.target == f"{ARTICLE[1][3]} {ARTICLE[2][3]}"


async def test_split_at_the_cursor_makes_a_1_2_bead(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "m")
        # The cursor starts at the sentence boundary; enter splits there.
        await press(pilot, "s", "enter")
        with Store.open(review_store.path) as store:
            assert store.beads.mt_bead_type(ids[1]) == "2-2"
        # A cursor moved by hand: four characters into the next segment's target.
        await press(pilot, "j")
        await press(pilot, "s", "home", "right", "right", "right", "right", "enter")
    with Store.open(review_store.path) as store:
        splits = [
            json.loads(e.details or "{}")
            for e in store.events.recent(ids[3])
            if e.action == "split"
        ]
        assert store.beads.mt_bead_type(ids[3]) == "1-2"
        first_splits = [
            json.loads(e.details or "{}")
            for e in store.events.recent(ids[1])
            if e.action == "split"
        ]
    assert splits == [{"offset": 4}]
    assert first_splits == [{"offset": len(ARTICLE[1][3]) + 1}]


async def test_split_without_a_boundary_is_refused(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        before = store.content_digest()
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s", "end", "enter")
        assert segment_screen(app).working is not None  # still splitting: nothing was lost
        assert any("split" in n.message for n in app._notifications)
    with Store.open(review_store.path) as store:
        assert store.content_digest() == before


async def test_conflict_shows_both_texts_and_keeps_both(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[1]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        await pilot.press("e", "f7", *typed("Mine: five floors."))
        with Store.open(review_store.path) as other:
            base = other.documents.segment(segment_id).translation_id
            other.reviews.save_edit(segment_id, "Theirs: six floors.", "bo", base)
        await press(pilot, "ctrl+s")
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        assert (conflict.mine, conflict.theirs) == ("Mine: five floors.", "Theirs: six floors.")
        await press(pilot, "t")
        assert segment_screen(app).detail.shown_target == "Theirs: six floors."
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).target == "Theirs: six floors."
        texts = [v.text for v in store.reviews.history(segment_id)]
    assert "Mine: five floors." in texts and "Theirs: six floors." in texts


async def test_the_conflict_dialog_closes_on_escape_or_q_and_the_edit_stays(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "f7", *typed("My title"))
        with Store.open(review_store.path) as other:
            other.reviews.save_edit(
                segment_id, "Their title", "bo", other.documents.segment(segment_id).translation_id
            )
        for close in ("escape", "q"):
            await press(pilot, "ctrl+s")
            assert isinstance(app.screen, ConflictScreen)
            await press(pilot, close)
            screen = segment_screen(app)
            assert screen.working is not None
            assert screen.detail.target.text == "My title"
        await press(pilot, "ctrl+s")
        await press(pilot, "o")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).target == "My title"


async def test_a_text_for_the_source_before_a_merge_cannot_replace_the_merged_one(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e", "f7", *typed("Four floors."))
        with Store.open(review_store.path) as other:
            base = other.documents.segment(ids[1]).translation_id
            other.restructure.merge_with_next(ids[1], "bo", base)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("o")  # not offered: it would leave the merged sentence untranslated
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, "t")
    with Store.open(review_store.path) as store:
        merged = store.documents.segment(ids[1])
        texts = [v.text for v in store.reviews.history(ids[1])]
    assert merged.target == f"{ARTICLE[1][3]} {ARTICLE[2][3]}"
    assert "Four floors." in texts


async def test_revert_right_after_a_merge_undoes_the_merge(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "m")
        await press(pilot, "u")
        screen = segment_screen(app)
        assert screen.table.segment_ids == ids
        assert screen.table.highlighted_segment_id == ids[1]
        assert screen.detail.shown_target == ARTICLE[1][3]
        assert screen.table.segment_at(2).target == ARTICLE[2][3]
    with Store.open(review_store.path) as store:
        rendered = "".join(s.target or "" for s in store.article.segments(review_store.article_id))
        assert store.documents.segment(ids[1]).source == ARTICLE[1][2]
        assert store.beads.mt_bead_type(ids[1]) == "1-1"
    assert ARTICLE[2][3] in rendered


async def test_conflict_can_save_mine_on_top(make_app: MakeApp, review_store: ReviewStore) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "f7", *typed("My title"))
        with Store.open(review_store.path) as other:
            other.reviews.save_edit(
                segment_id, "Their title", "bo", other.documents.segment(segment_id).translation_id
            )
        await press(pilot, "ctrl+s")
        await press(pilot, "o")
    with Store.open(review_store.path) as store:
        current = store.documents.segment(segment_id)
        theirs = next(v for v in store.reviews.history(segment_id) if v.text == "Their title")
        mine = store.reviews.history(segment_id)[-1]
    assert current.target == "My title"
    assert (mine.text, mine.parent_id, mine.author) == ("My title", theirs.id, REVIEWER)


async def test_user_errors_notify_and_bugs_open_a_modal(
    make_app: MakeApp, review_store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "end", "a")
        assert any("boilerplate" in n.message for n in app._notifications)
        assert isinstance(app.screen, SegmentScreen)

        def broken(store: Store, segment_id: int) -> None:
            raise RuntimeError(f"cannot draw segment {segment_id}")

        with monkeypatch.context() as patch:
            patch.setattr("workbench.review.screens.segments.read_view", broken)
            await press(pilot, "home")
            assert isinstance(app.screen, ErrorScreen)
            assert "cannot draw segment" in app.screen.summary
        await press(pilot, "escape", "a")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(ids[0]).status == SegmentStatus.APPROVED
        assert store.documents.segment(ids[-1]).status == SegmentStatus.NEW


async def test_work_survives_a_restart(make_app: MakeApp, review_store: ReviewStore) -> None:
    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "A", "j", "e", "f7", *typed("Four floors in all."), "ctrl+s")
        await pilot.press("q")
    reopened = make_app(review_store.article_id)
    async with reopened.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = segment_screen(reopened).table
        assert table.segment_at(0).status == SegmentStatus.APPROVED
        assert table.segment_at(1).target == "Four floors in all."
    with Store.open(review_store.path) as store:
        assert store.documents.segment(ids[0]).status == SegmentStatus.APPROVED
        assert store.documents.segment(ids[1]).status == SegmentStatus.EDITED


async def test_an_empty_target_cannot_be_approved(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", "f7", "backspace", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)  # an empty target is saved only if meant
        await press(pilot, "y")
        # QA flags the empty target as an error, so approval asks first; the store refuses.
        await press(pilot, "a")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert any("empty target" in n.message for n in app._notifications)
    with Store.open(review_store.path) as store:
        segment = store.documents.segment(segment_id)
        flags = store.flags.of_segment(segment_id)
    assert (segment.target, segment.status) == ("", SegmentStatus.EDITED)
    assert [f.code for f in flags] == ["empty-target"]
