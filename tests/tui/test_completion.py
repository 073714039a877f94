"""Interactive completion in the editor, with the real engine on the fixture model and the
real app: ghost text, accepting it, alternatives, look-up, memory and glossary, the setting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tests.support import add_sentences
from tests.tui.conftest import APP_TIME, REVIEWER
from tests.tui.helpers import press, settle, type_at_once
from tests.tui.test_segments import SIZE, segment_screen
from workbench.records import NewTranslation, Origin
from workbench.review.app import ReviewApp
from workbench.review.screens.alternatives import AlternativesScreen
from workbench.review.screens.lookup import LookupScreen
from workbench.review.widgets import target_editor
from workbench.review.widgets.target_editor import TargetEditor
from workbench.settings import set_setting
from workbench.store import Store

SOURCE = "Hej och välkommen till huset."
# The marker fixture copies its input after "[en] ": this is its whole translation.
MT = "[en] " + SOURCE


def _store(path: Path, sources: tuple[str, ...] = (SOURCE,)) -> int:
    with Store.open(path) as store:
        document_id = add_sentences(store, "doc", sources, paragraph=0, lang_prob=0.99)
        ids = store.documents.segment_ids(document_id)
        store.reviews.record_translations([NewTranslation(i, "draft", Origin.MT) for i in ids])
    return document_id


def _app(path: Path, document_id: int) -> ReviewApp:
    return ReviewApp(path, REVIEWER, document_id, clock=lambda: APP_TIME, cursor_blink=False)


async def _suggested(pilot: object, editor: TargetEditor, *, tries: int = 200) -> str:
    """The ghost text once the worker has answered (bounded: a missing answer fails)."""
    for _ in range(tries):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        if editor.suggestion:
            return editor.suggestion
    raise AssertionError(f"no completion appeared for {editor.text!r}")


async def _edit_from_scratch(pilot: object, app: ReviewApp) -> TargetEditor:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("e", "ctrl+l")  # type: ignore[attr-defined]
    return segment_screen(app).query_one(TargetEditor)


@pytest.fixture
def models(install_model: Callable[[str], Path]) -> Path:
    return install_model("marker")


async def test_ghost_text_continues_the_typed_words_and_tab_shift_tab_accept_it(
    tmp_path: Path, models: Path
) -> None:
    path = tmp_path / "c.db"
    app = _app(path, _store(path))
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej ")
        # The model's continuation of the typed words, shown after the cursor, not typed.
        assert await _suggested(pilot, editor) == "och välkommen till huset."
        assert editor.text == "[en] Hej "
        # Typing what it says keeps the rest; tab takes a word, end the whole rest.
        await pilot.press("o")
        assert editor.suggestion == "ch välkommen till huset."
        await pilot.press("tab")
        assert editor.text == "[en] Hej och"
        assert editor.suggestion == " välkommen till huset."
        await pilot.press("tab")
        assert editor.text == "[en] Hej och välkommen"
        await pilot.press("shift+tab")
        assert editor.text == MT
        assert editor.suggestion == ""
        await press(pilot, "ctrl+s")
    with Store.open(path) as store:
        [segment_id] = store.documents.segment_ids(1)
        assert store.documents.segment(segment_id).target == MT


async def test_a_word_typed_in_part_is_completed_and_typing_otherwise_drops_the_ghost(
    tmp_path: Path, models: Path
) -> None:
    path = tmp_path / "c.db"
    app = _app(path, _store(path))
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej och väl")
        assert await _suggested(pilot, editor) == "kommen till huset."
        # A deletion drops it (Textual would keep it, no longer fitting), and the pause asks anew.
        await pilot.press("backspace")
        assert editor.suggestion == ""
        assert await _suggested(pilot, editor) == "lkommen till huset."
        # A key the ghost text does not start with drops it in the same edit.
        await pilot.press("x")
        assert editor.suggestion == ""
        await pilot.press("backspace")
        await _suggested(pilot, editor)
        # Moving the cursor away from the end drops it too.
        await pilot.press("left")
        assert editor.suggestion == ""


async def test_an_answer_to_an_older_request_is_never_shown(tmp_path: Path, models: Path) -> None:
    path = tmp_path / "c.db"
    app = _app(path, _store(path))
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej ")
        await _suggested(pilot, editor)
        stale = editor._request - 1
        await pilot.press("x")
        editor.post_message(TargetEditor.Completed(stale, "[en] Hej x", "stale text"))
        await pilot.pause()
        assert editor.suggestion != "stale text"


async def test_no_key_is_lost_while_completions_run(
    tmp_path: Path, models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No pause: a request starts after every key, so requests overlap the burst.
    monkeypatch.setattr(target_editor, "PAUSE_S", 0.001)
    path = tmp_path / "c.db"
    app = _app(path, _store(path))
    typed = "[en] Hej och välkommen hit, sa hon."
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        for start in range(0, len(typed), 6):
            type_at_once(pilot, *typed[start : start + 6])
            await pilot.pause(0.01)
        await settle(pilot)
        assert editor.text == typed


async def test_alternatives_list_next_words_and_translations_and_put_the_choice_in(
    tmp_path: Path, models: Path
) -> None:
    path = tmp_path / "c.db"
    app = _app(path, _store(path))
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej o")
        await press(pilot, "ctrl+o")
        screen = app.screen
        assert isinstance(screen, AlternativesScreen)
        # Next words that start the word typed in part, then the n-best translations.
        assert screen.choices[0].text == "och" and not screen.choices[0].whole
        assert MT in [choice.text for choice in screen.choices if choice.whole]
        await press(pilot, "enter")
        assert editor.text == "[en] Hej och "
        # The completion goes on from the chosen word.
        assert await _suggested(pilot, editor) == "välkommen till huset."
        await press(pilot, "ctrl+o")
        screen = app.screen
        assert isinstance(screen, AlternativesScreen)
        whole = next(i for i, c in enumerate(screen.choices) if c.text == MT)
        screen.query_one(OptionList).highlighted = whole
        await press(pilot, "enter")
        assert editor.text == MT


async def test_a_glossary_term_the_source_requires_is_completed_as_the_glossary_says(
    tmp_path: Path, models: Path
) -> None:
    path = tmp_path / "c.db"
    document_id = _store(path, ("Hej katt i huset.",))
    with Store.open(path) as store:
        store.glossary.add_terms([("katt", "feline", None)], source_lang="sv", target_lang="en")
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej ")
        assert await _suggested(pilot, editor) == "feline i huset."


async def test_an_exact_memory_match_wins_over_the_model_which_never_loads(
    tmp_path: Path,
) -> None:
    # No package installed: the memory alone completes.
    path = tmp_path / "c.db"
    document_id = _store(path)
    with Store.open(path) as store:
        store.memory.add_pairs(
            [(SOURCE, "Hello and welcome to the house.")], source_lang="sv", target_lang="en"
        )
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"Hello a")
        assert await _suggested(pilot, editor) == "nd welcome to the house."


async def test_the_setting_turns_completion_off(tmp_path: Path, models: Path) -> None:
    path = tmp_path / "c.db"
    document_id = _store(path)
    with Store.open(path) as store:
        set_setting(store, "completion", "off", "admin")
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Hej ")
        await pilot.pause(target_editor.PAUSE_S * 3)
        await settle(pilot)
        assert editor.completing is None
        assert editor.suggestion == ""
        await pilot.press("tab")
        assert editor.text == "[en] Hej "


async def test_the_lookup_key_shows_a_source_words_glossary_and_concordance(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.db"
    document_id = _store(path, ("Hej katt i huset.",))
    with Store.open(path) as store:
        store.glossary.add_terms(
            [("katt", "feline", "the house cat")], source_lang="sv", target_lang="en"
        )
    app = _app(path, document_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e", "ctrl+g")
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        assert screen.words == ["Hej", "katt", "i", "huset"]
        await press(pilot, "down")
        shown = str(screen.query_one("#lookup-entries", Static).render())
        assert "katt → feline  (the house cat)" in shown
        assert "Hej katt i huset." in shown  # the segment itself, from the concordance
        await press(pilot, "escape")
        assert isinstance(app.screen, type(segment_screen(app)))


async def test_a_long_completion_goes_on_below_the_cursor_row(tmp_path: Path, models: Path) -> None:
    source = (
        "Regeringen presenterade på tisdagen en ny budget för nästa år, och ministern sade "
        "att kommunerna ska få mer pengar till skolor och sjukhus."
    )
    path = tmp_path / "c.db"
    app = _app(path, _store(path, (source,)))
    async with app.run_test(size=SIZE) as pilot:
        editor = await _edit_from_scratch(pilot, app)
        await pilot.press(*"[en] Regeringen ")
        ghost = await _suggested(pilot, editor)
        assert ghost == source.removeprefix("Regeringen ")
        width = editor.size.width
        # What the editor shows, row by row, as the screen crops it to its width.
        shown = [
            "".join(segment.text for segment in editor.render_line(y))[:width]
            for y in range(editor.size.height)
        ]
        whole = "[en] Regeringen " + ghost
        assert len(whole) > width
        # Every word once, in order, and each row breaks between words, as typed text wraps.
        assert " ".join(" ".join(shown).split()) == whole
        assert all(word in whole.split() for row in shown for word in row.split())
