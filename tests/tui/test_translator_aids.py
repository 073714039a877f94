"""Pilot tests of spelling marks, the add-word key and repetitions, asserted in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.support import add_sentences
from tests.test_learn import _reviewed_store
from tests.tui.conftest import APP_TIME, REVIEWER
from tests.tui.helpers import press, settle, shown_section
from tests.tui.test_segments import SIZE, segment_screen
from workbench.quality.checks import recheck
from workbench.records import NewTranslation, Origin, SegmentStatus
from workbench.review.app import ReviewApp
from workbench.review.screens.corrections import CorrectionsScreen
from workbench.review.widgets.target_editor import TargetEditor
from workbench.store import Store
from workbench.translate.learn import mine

SOURCES = ["Vi ses i morgon.", "Lunarex landade.", "Vi ses i morgon."]
MT = ["We see us in morning.", "The Lunarex probe landd.", "We see us in morning."]


def _store(path: Path) -> tuple[int, list[int]]:
    with Store.open(path) as store:
        document_id = add_sentences(store, "doc", SOURCES, paragraph=0, lang_prob=0.99)
        ids = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [
                NewTranslation(i, mt, Origin.MT, signature="ctranslate2=4|postedit=4,7")
                for i, mt in zip(ids, MT, strict=True)
            ]
        )
        for segment_id in ids:
            recheck(store, segment_id)
    return document_id, ids


def _app(path: Path, document_id: int) -> ReviewApp:
    return ReviewApp(path, REVIEWER, document_id, clock=lambda: APP_TIME, cursor_blink=False)


async def test_misspellings_are_marked_and_the_key_adds_a_word(tmp_path: Path) -> None:
    path = tmp_path / "aids.db"
    document_id, ids = _store(path)
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        screen = segment_screen(app)
        assert screen.view is not None
        assert [f.code for f in screen.view.flags] == ["spelling"]
        editor = screen.query_one(TargetEditor)
        assert editor.misspelt == {"landd"}
        # Editing: the word at the cursor ("Lunarex" is in the source, so it is fine; type one).
        await pilot.press("e", "home", *"Zorbly ", "left", "left")
        await press(pilot, "ctrl+t")
        assert screen.working is not None  # still editing
        await press(pilot, "escape")
        # Browsing: the first misspelt word of the stored target.
        await press(pilot, "ctrl+t")
        assert screen.view.flags == ()
    with Store.open(path) as store:
        assert store.dictionary.words() == ["landd", "Zorbly"]
        assert store.flags.of_segment(ids[1]) == []


async def test_a_saved_target_is_propagated_and_the_repetition_shown(tmp_path: Path) -> None:
    path = tmp_path / "aids.db"
    document_id, ids = _store(path)
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = segment_screen(app)
        assert screen.view is not None and screen.view.repetitions == 1
        label, _ = shown_section(screen, "Target")
        assert "repetition: 1 more" in label
        _, history = shown_section(screen, "History")
        assert "v1 mt · post-edit rules 4, 7" in history
        await press(pilot, "e", "ctrl+l", *"See you tomorrow.", "ctrl+s")
        await press(pilot, "end")
        assert screen.view.segment.id == ids[2]
        assert screen.view.segment.origin == Origin.PROPAGATED
        await press(pilot, "u")
    with Store.open(path) as store:
        assert store.documents.segment(ids[0]).target == "See you tomorrow."
        assert [v.origin for v in store.reviews.history(ids[2])] == [
            Origin.MT,
            Origin.PROPAGATED,
            Origin.MT,
        ]
        assert store.documents.segment(ids[2]).target == MT[2]
        assert store.documents.segment(ids[2]).status == SegmentStatus.EDITED


@pytest.mark.parametrize(("key", "decision"), [("a", "rule"), ("g", "glossary"), ("x", "rejected")])
async def test_the_corrections_screen_decides_candidates(
    tmp_path: Path, key: str, decision: str
) -> None:
    path = tmp_path / "learn.db"
    with Store.open(path) as store:
        _reviewed_store(store)
        (candidate,) = mine(store)
    app = ReviewApp(path, REVIEWER, None, clock=lambda: APP_TIME, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CorrectionsScreen)
        table = app.screen.query_one("#candidates", DataTable)
        assert table.get_row_at(0)[:5] == [
            candidate.id,
            "Chau-provinsen",
            "Chau-province",
            "3",
            "1",
        ]
        note = app.screen.query_one("#candidates-empty")
        assert not note.display
        await press(pilot, key)
        assert table.row_count == 0
        assert note.display  # the list is empty now, and says why
    with Store.open(path) as store:
        assert store.learning.decisions() == {candidate.id: decision}
        assert len(store.learning.postedit_rules("sv", "en")) == (decision == "rule")


async def test_the_documents_footer_offers_corrections_and_an_empty_list_says_what_fills_it(
    tmp_path: Path,
) -> None:
    from textual.widgets import Footer, Static

    path = tmp_path / "review.db"
    _store(path)  # MT only: nothing approved, so nothing learned yet
    app = ReviewApp(path, REVIEWER, None, clock=lambda: APP_TIME, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = " ".join(
            str(key.render()) for key in app.screen.query_one(Footer).query("FooterKey")
        )
        assert "c Corrections" in footer
        await press(pilot, "c")
        assert isinstance(app.screen, CorrectionsScreen)
        note = app.screen.query_one("#candidates-empty", Static)
        assert note.display
        text = str(note.render())
        assert "approved" in text and "MT" in text
