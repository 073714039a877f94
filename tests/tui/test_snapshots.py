"""Snapshots of the documents, segment and help screens: fixed size, reviewer and clocks.

Update only after reading the SVG diff: `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.helpers import press, settle
from workbench.review.app import ReviewApp

SIZE = (120, 40)
MakeApp = Callable[..., ReviewApp]


async def quiet(pilot: Pilot[None]) -> None:
    """Let every worker finish, then drop the notifications they raised."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_documents_screen(snap_compare: Any, make_frozen_app: MakeApp) -> None:
    assert snap_compare(make_frozen_app(), terminal_size=SIZE, run_before=quiet)


def test_segment_screen_after_an_edit(snap_compare: Any, make_frozen_app: MakeApp) -> None:
    async def edit_second_segment(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "j")
        await pilot.press("e", "f7", *"The library has five floors.", "ctrl+s")
        await quiet(pilot)

    assert snap_compare(make_frozen_app(), terminal_size=SIZE, run_before=edit_second_segment)


def test_segment_screen_with_an_error_flag(snap_compare: Any, make_frozen_app: MakeApp) -> None:
    async def third_segment(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("j", "j")
        await quiet(pilot)

    assert snap_compare(make_frozen_app(1), terminal_size=SIZE, run_before=third_segment)


def test_help_screen(snap_compare: Any, make_frozen_app: MakeApp) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await quiet(pilot)

    assert snap_compare(make_frozen_app(1), terminal_size=SIZE, run_before=open_help)
