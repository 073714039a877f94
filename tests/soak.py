"""The app side of the shared-store soak test (tests/test_soak.py), run in its own process.

`python -m tests.soak STORE DOC SECONDS OUT.json` drives the real review app (Textual pilot):
edit, save and approve segment after segment, recording what the app reported, while a thread
watches that the store's WAL file is never deleted while this process holds a connection.
With `--browse` it only moves through the document, as a second reviewer reading would.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from workbench.review.app import ReviewApp
from workbench.review.screens.segments import SegmentScreen


class RecordingApp(ReviewApp):
    """The review app, keeping every notification it shows."""

    CSS_PATH = str(Path(inspect.getfile(ReviewApp)).with_name("review.tcss"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown: list[tuple[str, str]] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.shown.append((kwargs.get("severity", "information"), str(message)))
        super().notify(message, *args, **kwargs)


def _letters(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not number:
            return word


async def _settle(pilot: Any) -> None:
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not len(pilot.app.workers):
            return


class WalWatch:
    """Counts moments the WAL file is missing while started (stat only: opening it would itself
    drop this process's locks)."""

    def __init__(self, store: Path) -> None:
        self.wal = store.with_name(store.name + "-wal")
        self.vanished = 0
        self._running = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._running.set()
        self._thread.start()

    def stop(self) -> None:
        self._running.clear()
        self._thread.join()

    def _watch(self) -> None:
        while self._running.is_set():
            if not os.path.exists(self.wal):
                self.vanished += 1
            time.sleep(0.005)


async def _review(
    store: Path, document_id: int, seconds: float, *, browse: bool = False
) -> dict[str, Any]:
    app = RecordingApp(store, "soak", document_id, cursor_blink=False)
    watch = WalWatch(store)
    saved: dict[int, str] = {}
    approved: dict[int, bool] = {}
    failures: list[str] = []
    rounds = 0
    async with app.run_test(size=(160, 45)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, SegmentScreen)
        watch.start()  # the screen's store connection is open from here until quit
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            segment_id = screen.table.highlighted_segment_id
            assert segment_id is not None
            if browse or screen.view is None or not screen.view.segment.translatable:
                await pilot.press(
                    "j" if screen.table.cursor_row < screen.table.row_count - 1 else "home"
                )
                await _settle(pilot)
                rounds += browse
                continue
            # Words only: a number absent from the source would be a QA error to confirm.
            text = f"Soak edit {_letters(rounds)} of segment {_letters(segment_id)}."
            before = len(app.shown)
            await pilot.press("e")
            await _settle(pilot)
            await pilot.press("f7", *text, "ctrl+s")
            await _settle(pilot)
            notes = app.shown[before:]
            if any(note.startswith(f"Saved segment {segment_id}") for _, note in notes):
                saved[segment_id] = text
                approved[segment_id] = False
            else:
                failures.append(f"save of {segment_id}: {notes}")
            before = len(app.shown)
            await pilot.press("a")
            await _settle(pilot)
            if app.screen is not screen:  # QA found an error and asks first: approve anyway
                await pilot.press("y")
                await _settle(pilot)
            notes = app.shown[before:]
            if any(note.startswith(f"Approved segment {segment_id}") for _, note in notes):
                approved[segment_id] = True
            else:
                failures.append(f"approval of {segment_id}: {notes}")
            if screen.table.highlighted_segment_id == segment_id:
                await pilot.press("j")
            if screen.table.highlighted_segment_id == segment_id:
                await pilot.press("home")
            rounds += 1
        watch.stop()
        await pilot.press("q")
    return {
        "saved": saved,
        "approved": approved,
        "failures": failures,
        "rounds": rounds,
        "wal_vanished": watch.vanished,
    }


def main() -> None:
    store, document_id, seconds, out = sys.argv[1:5]
    browse = "--browse" in sys.argv[5:]
    result = asyncio.run(_review(Path(store), int(document_id), float(seconds), browse=browse))
    Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
