"""Pilot tests of the documents, alignment, statistics and help screens on a real store."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable

from tests.tui.helpers import ALIGN_SOURCE, ALIGN_TARGET, ReviewStore, press, settle
from workbench.measures import edit_effort
from workbench.review.app import ReviewApp
from workbench.review.bindings import key_help
from workbench.review.context import ReviewContext
from workbench.review.screens.alignment import AlignmentScreen
from workbench.review.screens.documents import DocumentsScreen
from workbench.review.screens.help import HelpScreen
from workbench.review.screens.segments import SegmentScreen
from workbench.review.screens.stats import StatsScreen
from workbench.review.widgets.bead_table import BeadTable
from workbench.review.widgets.document_table import DocumentTable
from workbench.store import Store

SIZE = (120, 40)
MakeApp = Callable[..., ReviewApp]


def test_the_app_gives_screens_what_their_context_promises(make_app: MakeApp) -> None:
    assert isinstance(make_app(), ReviewContext)


def bead_sides(store: Store, review_store: ReviewStore) -> list[tuple[list[str], list[str]]]:
    """The current alignment as (source texts, target texts) per bead."""
    return [
        (list(b.source_texts), list(b.target_texts))
        for b in store.beads.current(review_store.source_id, review_store.target_id)
    ]


async def test_documents_screen_lists_counts_and_opens_a_document(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen)
        table = app.screen.query_one(DocumentTable)
        rows = [[cell.plain for cell in table.row_cells(i) or []] for i in range(table.row_count)]
        with Store.open(review_store.path) as store:
            summaries = store.documents.summaries()
        assert [row[0] for row in rows] == [str(s.document.id) for s in summaries]
        article = rows[0]
        assert article[1:4] == ["Nytt bibliotek", "sv→en", "source"]
        assert article[5:7] == ["6/6", "0/6"]  # translated, approved of translatable
        await press(pilot, "enter")
        assert isinstance(app.screen, SegmentScreen)
        assert app.screen.document_id == review_store.article_id
        await press(pilot, "a", "escape")
        assert isinstance(app.screen, DocumentsScreen)
        assert app.screen.query_one(DocumentTable).summary_at(0).approved == 1
    with Store.open(review_store.path) as store:
        assert store.documents.summaries()[0].approved == 1


async def test_alignment_view_corrections_are_stored(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "l")
        assert isinstance(app.screen, AlignmentScreen)
        table = app.screen.query_one(BeadTable)
        assert [b.bead.type for b in table.beads] == ["1-1", "2-1", "0-1", "1-0", "0-1"]
        # bead scores on the same 0–100 scale as MT confidence
        first_score = table.beads[0].bead.score
        assert table.row_cells(0)[2].plain == f"{100 * first_score:.0f}%"
        state = str(app.screen.query_one("#alignment-state").render())
        assert "mean score" in state and "%" in state
        # Bead 2 wrongly holds two source sentences: push the second one into bead 3.
        await press(pilot, "j", "right_square_bracket")
        with Store.open(review_store.path) as store:
            assert bead_sides(store, review_store)[:3] == [
                ([ALIGN_SOURCE[0]], [ALIGN_TARGET[0]]),
                ([ALIGN_SOURCE[1]], [ALIGN_TARGET[1]]),
                ([ALIGN_SOURCE[2]], [ALIGN_TARGET[2]]),
            ]
        # The last two beads (1-0 and 0-1) are one pair: merge them.
        await press(pilot, "end", "k", "m")
        with Store.open(review_store.path) as store:
            assert bead_sides(store, review_store)[3:] == [([ALIGN_SOURCE[3]], [ALIGN_TARGET[3]])]
        # And split it again, into 1-0 and 0-1.
        await press(pilot, "end", "s")
    with Store.open(review_store.path) as store:
        beads = store.beads.current(review_store.source_id, review_store.target_id)
        events = [e for e in store.events.recent() if e.action == "align"]
    assert [b.bead.type for b in beads] == ["1-1", "1-1", "1-1", "1-0", "0-1"]
    assert {b.bead.method for b in beads[1:]} == {"manual"}
    assert [e.actor for e in events[:3]] == ["anna", "anna", "anna"]


async def test_alignment_refuses_impossible_corrections(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    with Store.open(review_store.path) as store:
        before = store.content_digest()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "l")
        await press(pilot, "end", "m", "greater_than_sign")
        assert sum("last one" in n.message for n in app._notifications) == 2
    with Store.open(review_store.path) as store:
        assert store.content_digest() == before


async def test_alignment_needs_an_aligned_pair(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        assert isinstance(app.screen, DocumentsScreen)
        assert any("no aligned translation" in n.message for n in app._notifications)


async def test_stats_screen_shows_effort_per_document(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    ids = review_store.article_segment_ids
    with Store.open(review_store.path) as store:
        store.reviews.save_edit(
            ids[1],
            "The library has five floors.",
            "anna",
            store.documents.segment(ids[1]).translation_id,
        )
        store.reviews.approve(ids[1], "anna")
        store.reviews.approve(ids[0], "bo")
        edited_from = store.reviews.mt_version(ids[1])
        counts = store.documents.status_counts()
    assert edited_from is not None
    # One edited approval and one untouched (HTER 0): the document's mean is half the edit's.
    mean_ter = edit_effort(edited_from.text, "The library has five floors.").ter / 2
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, StatsScreen)
        table = app.screen.query_one(DataTable)
        rows = {(row[0], row[1]): row for row in map(table.get_row_at, range(table.row_count))}
        document = rows[("document", "Nytt bibliotek")]
        assert document[2] == "2"
        assert document[3] == f"{mean_ter:.1f}"
        assert document[6] == "50%"
        assert set(rows) >= {("reviewer", "anna"), ("reviewer", "bo"), ("all", "all")}
        counts_text = str(app.screen.query_one("#stats-counts").render())
        assert f"approved {counts['approved']}" in counts_text
        # named by what the reviewer did, with the thresholds: never "approved from MT"
        assert "unchanged 1" in counts_text and "rewritten" in counts_text
        assert "from MT" not in counts_text


async def test_help_and_palette_come_from_the_same_bindings(
    make_app: MakeApp, review_store: ReviewStore
) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        keys = key_help(screen)
        commands = {c.title for c in app.get_system_commands(screen)}
        described = {entry.description for entry in keys if entry.command}
        for title in (
            "Edit",
            "Approve",
            "Reject",
            "Revert",
            "Next",
            "Search",
            "Filter",
            "Order",
            "Boilerplate",
            "Merge",
            "Split",
        ):
            assert title in commands and title in described
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert [e.description for e in app.screen.keys] == [e.description for e in keys]
        await pilot.press("escape")
        assert isinstance(app.screen, SegmentScreen)


async def test_command_palette_runs_an_action(make_app: MakeApp, review_store: ReviewStore) -> None:
    app = make_app(review_store.article_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p", *"Approve", "enter")
    with Store.open(review_store.path) as store:
        assert store.documents.segment(review_store.article_segment_ids[0]).status == "approved"
