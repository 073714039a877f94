"""Pilot tests of the rough edges a new user hit on the segment screen, asserting the store."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from tests.tui.helpers import ReviewStore, help_rows, press, settle, shown_section
from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen
from workbench.store import Store

SIZE = (120, 40)
MakeApp = Callable[..., ReviewApp]


def segment_screen(app: ReviewApp) -> SegmentScreen:
    screen = app.screen
    assert isinstance(screen, SegmentScreen)
    return screen


def saved_by_another(review_store: ReviewStore, segment_id: int, text: str) -> None:
    """Another reviewer saves `text` as the segment's target before the app starts."""
    with Store.open(review_store.path) as store:
        store.reviews.save_edit(
            segment_id, text, "erik", store.documents.segment(segment_id).translation_id
        )


async def test_bidi_override_is_shown_visibly_and_stored_as_is(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    segment_id = review_store.article_segment_ids[0]
    tricky = "New library \u202eemU\u202c opens"
    saved_by_another(review_store, segment_id, tricky)
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        _, shown = shown_section(screen, "Target")
        assert "⟨RLO⟩emU⟨PDF⟩" in shown
        assert "⟨RLO⟩" in screen.table.render_line(1).text
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).target == tricky


async def test_documents_help_lists_each_group_once_without_repeats(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        lines = await help_rows(pilot)
    text = "\n".join(lines)
    titles = [line for line in lines if line and not line.startswith(" ")]
    assert len(titles) == len(set(titles)) and "Documents" in titles
    # Key column 18 wide, description 20, then the tooltip.
    rows = [(line[18:38].strip(), line[38:].strip()) for line in lines]
    assert all(description != tooltip for description, tooltip in rows if description)
    assert "Previous row" in text  # the table's own keys, listed once


async def test_effort_chart_with_one_document_is_one_narrow_bar(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    import re

    from textual_plotext import PlotextPlot

    segment_id = review_store.article_segment_ids[0]
    with Store.open(review_store.path) as store:
        store.reviews.save_edit(
            segment_id, "A new library", "anna", store.documents.segment(segment_id).translation_id
        )
        store.reviews.approve(segment_id, "anna")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        plot = app.screen.query_one(PlotextPlot)
        width = plot.size.width
        chart = plot.plt.uncolorize(plot.plt.build())
    widest = max(len(run) for run in re.findall("█+", chart))
    assert 0 < widest <= width // 4


async def test_approve_moves_to_the_next_segment_needing_work(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    with Store.open(review_store.path) as store:
        store.reviews.approve(ids[1], "erik")  # already done: approving ids[0] must skip it
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        await press(pilot, "a")
        assert screen.table.highlighted_segment_id == ids[2]
        await pilot.press("j", "A")  # ids[3], approved without moving
        await settle(pilot)
        assert screen.table.highlighted_segment_id == ids[3]
    with Store.open(review_store.path) as store:
        statuses = [store.documents.segment(i).status for i in ids[:4]]
    assert [str(s) for s in statuses] == ["approved", "approved", "translated", "approved"]


async def test_boilerplate_key_asks_and_names_the_change(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from workbench.review.screens.confirm import ConfirmScreen

    segment_id = review_store.article_segment_ids[-1]
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "end", "b")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Make segment {segment_id} translatable?" in app.screen.question
        await press(pilot, "n")
        with Store.open(review_store.path) as store:
            assert not store.documents.segment(segment_id).translatable
        await press(pilot, "b", "y")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(segment_id).translatable


async def test_select_all_and_clear_replace_the_target_and_are_shown(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from textual.widgets import Footer

    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        help_text = "\n".join(await help_rows(pilot))
        assert "^a" in help_text and "Select all" in help_text
        assert "^l" in help_text and "Clear" in help_text
        await press(pilot, "escape", "e")
        footer = " ".join(
            str(item.render()) for item in app.screen.query_one(Footer).query("FooterKey")
        )
        assert "Select all" in footer and "Clear" in footer
        await press(pilot, "ctrl+a", *"New library in Umeå", "ctrl+s")
        await press(pilot, "j", "e", "ctrl+l", *"Four floors.", "ctrl+s")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(ids[0]).target == "New library in Umeå"
        assert store.documents.segment(ids[1]).target == "Four floors."


async def test_one_vocabulary_versions_per_segment_and_one_score_scale(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    with Store.open(review_store.path) as store:
        # Other segments' edits make the store-wide version ids run ahead of this segment's.
        for other in ids[2:5]:
            store.reviews.save_edit(
                other, "elsewhere", "erik", store.documents.segment(other).translation_id
            )
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        # ARTICLE's first MT score is -0.21: e^-0.21 = 81 % mean token probability.
        assert "81%" in screen.table.render_line(1).text
        await press(pilot, "e", "f7", *"A new library", "ctrl+s")
        notes = [n.message for n in app._notifications]
        _, history = shown_section(screen, "History")
    assert f"Saved segment {ids[0]} as version 2" in notes
    assert "v2 human" in history and "v1 mt" in history
    with Store.open(review_store.path) as store:
        assert len(store.reviews.history(ids[0])) == 2
        assert store.reviews.history(ids[0])[-1].id > 2  # the id is store-wide, the number is not


async def test_a_split_target_shows_its_sentences_apart(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from tests.tui.helpers import ARTICLE
    from workbench.review.actions import target_parts

    ids = review_store.article_segment_ids
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "m")
        await pilot.press("s", "enter")  # at the boundary between the two joined targets
        await settle(pilot)
        screen = segment_screen(app)
        label, shown = shown_section(screen, "Target")
    with Store.open(review_store.path) as store:
        parts = target_parts(store, ids[1])
    assert parts == (ARTICLE[1][3], ARTICLE[2][3])
    assert "split in 2" in label
    assert shown.splitlines() == [f"│ {part}" for part in parts]


async def test_detail_columns_show_whole_words_when_their_scrollbar_appears(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from tests.tui.helpers import shown_rows
    from workbench.review.widgets.sections import Sections

    segment_id = review_store.article_segment_ids[1]
    long_target = " ".join(
        [
            "The province takes part in bilateral and multilateral diplomatic activities, "
            "seeks partners and promotes relations with foreign embassies, associations, "
            "businesses, non-governmental organisations and international cooperation bodies."
        ]
        * 6
    )
    saved_by_another(review_store, segment_id, long_target)
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the long target arrives with a move, as when reviewing
        await settle(pilot)
        cut: dict[str | None, list[str]] = {}
        for column in segment_screen(app).query(Sections):
            words = {
                word
                for section in column.sections
                for text in (section.title, section.body.plain if section.body else "")
                for word in text.split()
            }
            assert column.show_vertical_scrollbar, f"{column.id} should overflow"
            for _ in range(2):  # its top, then its end
                shown = shown_rows(pilot, column.scrollable_content_region)
                cut.setdefault(column.id, []).extend(
                    word for row in shown for word in row.split() if word not in words
                )
                column.scroll_end(animate=False, immediate=True)
                await pilot.pause()
    assert cut == {"detail-main": [], "detail-side": []}


async def test_notifications_leave_the_detail_pane_and_the_title_uncovered(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from textual.widgets import Header

    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        for key in "AuA":  # three notes at once: approve, revert, approve
            await press(pilot, key)
        screen = segment_screen(app)
        toasts = list(screen.query("Toast"))
        assert len(toasts) == 3
        for toast in toasts:
            assert not toast.region.overlaps(screen.detail.region)
            assert not toast.region.overlaps(screen.query_one(Header).region)


async def test_escape_clears_a_search_or_filter_before_leaving_the_document(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from workbench.review.screens.documents import DocumentsScreen

    ids = review_store.article_segment_ids
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        screen = segment_screen(app)
        await press(pilot, "slash", *"sara", "enter")
        assert screen.table.segment_ids == [ids[3]]
        assert screen.has_class("-concordance")
        await press(pilot, "escape")
        assert app.screen is screen
        assert screen.table.segment_ids == ids and not screen.has_class("-concordance")
        state = str(screen.query_one("#segments-state", Static).render())
        assert "search" not in state
        await pilot.press("f", "down", "enter")  # all, then the first status: new
        await settle(pilot)
        assert screen.query_state.status is not None and len(screen.table.segment_ids) < len(ids)
        await press(pilot, "escape")
        assert app.screen is screen and screen.table.segment_ids == ids
        assert "filter: all" in str(screen.query_one("#segments-state", Static).render())
        await pilot.press("escape")  # nothing left to clear: back to the documents
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen)


async def test_help_wraps_a_long_description_under_its_own_column(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    from workbench.review.screens.help import HelpScreen

    app = make_app(review_store.article_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        groups = {entry.group for entry in screen.keys}
        rows = await help_rows(pilot)

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip())

    (up,) = [row for row in rows if "Previous row" in row]
    columns = {indent(up), up.index("Previous row")}  # the keys, and the descriptions
    wrapped = [
        row for row in rows if row and row.strip() not in groups and indent(row) not in columns
    ]
    assert rows and not wrapped
    assert any(row and indent(row) == up.index("Previous row") for row in rows)  # one did wrap
