"""Benchmark of the review TUI on a large document: time to first paint and per cursor move.

Generates a store of N segments through the store API, drives the app headless, and times
from the key press to the frame that shows its result. With --baseline, in the same run:
Textual's stock `DataTable` holding every row of the same document.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import DataTable

from workbench.bench import tui_terminal, tui_typing
from workbench.bench.tui_floor import StockTableApp
from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind
from workbench.review.app import ReviewApp
from workbench.review.widgets.line_table import LineTable
from workbench.review.widgets.segment_detail import SegmentDetail
from workbench.review.widgets.segment_table import SegmentTable
from workbench.store import Store
from workbench.translate.fixture import build_fixture_package
from workbench.translate.packages import install_from_file

SIZE = (120, 40)
# Waiting polls this often; a busy loop would hold the GIL the app's workers need.
POLL_S = 0.001
SENTENCES_PER_PARAGRAPH = 5
_WORDS = (
    "staden huset vägen skolan bilen tåget boken ljuset vattnet skogen sommaren vintern "
    "barnen läraren doktorn bonden hamnen torget kyrkan bron"
).split()
_ENGLISH = (
    "town house road school car train book light water forest summer winter children "
    "teacher doctor farmer harbour square church bridge"
).split()


def build_store(path: Path, segments: int) -> int:
    """Write a document of `segments` translated sentences; returns its id."""
    new_segments = [
        NewSegment(
            paragraph=number // SENTENCES_PER_PARAGRAPH,
            index=number % SENTENCES_PER_PARAGRAPH,
            source=f"Mening {number}: {_WORDS[number % len(_WORDS)]} och "
            f"{_WORDS[(number * 7) % len(_WORDS)]} i {number % 97} dagar.",
            gap=" ",
            kind=SegmentKind.BODY,
            lang="sv",
            lang_prob=0.99,
            translatable=True,
        )
        for number in range(segments)
    ]
    with Store.open(path) as store:
        document, _ = store.documents.add(
            path="bench.txt",
            title="Benchmark",
            sha256=f"bench-{segments}",
            source_lang="sv",
            target_lang="en",
            segments=new_segments,
        )
        segment_ids = store.documents.segment_ids(document.id)
        store.reviews.record_translations(
            [
                NewTranslation(
                    segment_id,
                    f"Sentence {number}: the {_ENGLISH[number % len(_ENGLISH)]} and the "
                    f"{_ENGLISH[(number * 7) % len(_ENGLISH)]} for {number % 97} days.",
                    Origin.MT,
                    score=-((number * 37) % 200) / 100,
                )
                for number, segment_id in enumerate(segment_ids)
            ]
        )
    return document.id


class _Frames:
    """Timestamps of the frames an app hands to its driver (rendered, not printed, headless)."""

    def __init__(self, app: Any) -> None:
        self.times: list[float] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.times.append(time.perf_counter())
            display(screen, renderable)

        app._display = timed

    async def after(self, moment: float, timeout: float = 30.0) -> float:
        """The time of the first frame after `moment`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            index = bisect.bisect_right(self.times, moment)
            if index < len(self.times):
                return self.times[index]
            await asyncio.sleep(POLL_S)
        raise TimeoutError("no frame was drawn")


class _Stamps:
    """When instrumented methods ran: exact times instead of a poll's late observations."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}

    def stamp(self, name: str) -> None:
        self.times.setdefault(name, []).append(time.perf_counter())

    @contextlib.contextmanager
    def wrapping(
        self, owner: type, method: str, name: str, when: Callable[[Any], bool] = lambda _: True
    ) -> Iterator[None]:
        """Stamp `name` each time `owner.method` returns and `when(instance)` holds."""
        original = getattr(owner, method)

        def stamped(instance: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(instance, *args, **kwargs)
            if when(instance):
                self.stamp(name)
            return result

        setattr(owner, method, stamped)
        try:
            yield
        finally:
            setattr(owner, method, original)

    async def after(self, name: str, moment: float, timeout: float = 60.0) -> float:
        """The first time `name` was stamped after `moment`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            later = [t for t in self.times.get(name, []) if t > moment]
            if later:
                return later[0]
            await asyncio.sleep(POLL_S)
        raise TimeoutError(f"{name} never happened")


def _rows_loaded(table: Any) -> bool:
    return all(table.segment_at(row) is not None for row in table.visible_rows)


async def _measure_review(store_path: Path, document_id: int, moves: int) -> dict[str, Any]:

    stamps = _Stamps()
    with contextlib.ExitStack() as patches:
        patches.enter_context(stamps.wrapping(LineTable, "watch_cursor_row", "cursor"))
        patches.enter_context(stamps.wrapping(SegmentTable, "add_segments", "rows", _rows_loaded))
        patches.enter_context(
            stamps.wrapping(SegmentTable, "show_segment_ids", "rows", _rows_loaded)
        )
        patches.enter_context(stamps.wrapping(SegmentDetail, "show", "detail"))
        started = time.perf_counter()
        app = ReviewApp(store_path, "bench", document_id, cursor_blink=False)
        frames = _Frames(app)
        async with app.run_test(size=SIZE) as pilot:
            painted = max(
                await stamps.after("rows", started), await stamps.after("detail", started)
            )
            first_paint = await frames.after(painted) - started

            async def press(key: str, *, rows: bool = False) -> tuple[float, float]:
                """Seconds from sending `key` to the frames showing the move and the detail."""
                sent = time.perf_counter()
                assert app._driver is not None
                app._driver.send_message(events.Key(key, None))
                moved = await stamps.after("cursor", sent)
                if rows:
                    moved = max(moved, await stamps.after("rows", sent))
                shown = await stamps.after("detail", sent)
                return await frames.after(moved) - sent, await frames.after(shown) - sent

            cursor_moves, details = [], []
            cpu_before = time.process_time()
            for _ in range(moves):
                move, detail = await press("down")
                cursor_moves.append(move)
                details.append(detail)
            cpu_per_move = (time.process_time() - cpu_before) / moves
            pages = [(await press("pagedown", rows=True))[0] for _ in range(10)]
            jump, _ = await press("end", rows=True)
            await pilot.press("q")
    return {
        "first_paint_s": first_paint,
        "cursor_move_ms": _summary(cursor_moves),
        "detail_pane_ms": _summary(details),
        "cpu_ms_per_move": cpu_per_move * 1000,
        "page_down_ms": _summary(pages),
        "jump_to_end_ms": jump * 1000,
    }


async def _measure_datatable(store_path: Path, document_id: int, moves: int) -> dict[str, Any]:

    stamps = _Stamps()
    with (
        stamps.wrapping(DataTable, "watch_cursor_coordinate", "cursor"),
        stamps.wrapping(DataTable, "add_rows", "rows"),
    ):
        started = time.perf_counter()
        app = StockTableApp(store_path, document_id)
        frames = _Frames(app)
        async with app.run_test(size=SIZE):
            first_paint = await frames.after(await stamps.after("rows", started)) - started
            cursor_moves = await _cursor_moves(app, stamps, frames, moves)
            app.exit()
    return {"first_paint_s": first_paint, "cursor_move_ms": _summary(cursor_moves)}


async def _cursor_moves(app: Any, stamps: _Stamps, frames: _Frames, moves: int) -> list[float]:
    """Seconds from each of `moves` down keys to the frame that shows the cursor moved."""
    times = []
    for _ in range(moves):
        sent = time.perf_counter()
        assert app._driver is not None
        app._driver.send_message(events.Key("down", None))
        times.append(await frames.after(await stamps.after("cursor", sent)) - sent)
    return times


def _summary(seconds: list[float]) -> dict[str, float]:
    millis = sorted(s * 1000 for s in seconds)
    return {
        "mean": statistics.fmean(millis),
        "p95": millis[min(len(millis) - 1, int(len(millis) * 0.95))],
        "max": millis[-1],
    }


def main(argv: list[str]) -> int:
    """Run the TUI benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench tui", description=__doc__)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--moves", type=int, default=200, help="cursor moves to time")
    parser.add_argument("--store", type=Path, help="reuse (or create) this store file")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time Textual's stock DataTable holding every row (slow on big documents)",
    )
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="time a real terminal instead (tmux 160×45, the stock DataTable app as the floor)",
    )
    parser.add_argument(
        "--typing",
        action="store_true",
        help="--terminal: also type in the editor with completion off and on (base fixture)",
    )
    parser.add_argument("--presses", type=int, default=40, help="--terminal: presses of j per run")
    parser.add_argument("--runs", type=int, default=3, help="--terminal: rounds of both apps")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        store_path = args.store or Path(scratch) / "bench.db"
        built = time.perf_counter()
        if store_path.exists():
            with Store.open(store_path) as store:
                document_id = store.documents.summaries()[0].document.id
        else:
            document_id = build_store(store_path, args.segments)
        built = time.perf_counter() - built
        with Store.open(store_path) as store:
            shown_ids = store.documents.segment_ids(document_id)
        segments = len(shown_ids)
        if args.terminal and args.typing:
            models = Path(scratch) / "models"
            install_from_file(
                build_fixture_package(Path(scratch) / "base.argosmodel", variant="base"), models
            )
            typing = tui_typing.run(
                store_path, document_id, shown_ids[0], models, args.presses, args.runs
            )
            print(json.dumps({"segments": segments, "typing": typing}, indent=2))
            return 0
        if args.terminal:
            terminal = tui_terminal.run(
                store_path, document_id, shown_ids[0], args.presses, args.runs
            )
            if args.json:
                print(json.dumps({"segments": segments, "terminal": terminal}))
            else:
                tui_terminal.print_table(terminal)
            return 0
        review = asyncio.run(_measure_review(store_path, document_id, args.moves))
        result: dict[str, Any] = {"segments": segments, "store_build_s": built, "review": review}
        if args.baseline:
            baseline = asyncio.run(_measure_datatable(store_path, document_id, args.moves))
            result["baseline_datatable"] = baseline
            result["ratio_vs_baseline"] = {
                "first_paint": review["first_paint_s"] / baseline["first_paint_s"],
                "cursor_move": review["cursor_move_ms"]["mean"]
                / baseline["cursor_move_ms"]["mean"],
            }
    if args.json:
        print(json.dumps(result, indent=None))
    else:
        _print_table(result)
    return 0


def _print_table(result: dict[str, Any]) -> None:
    review = result["review"]
    lines = [
        f"segments            {result['segments']:,} (store built in "
        f"{result['store_build_s']:.1f} s)",
        f"first paint         {review['first_paint_s']:.3f} s   (target ≤ 1 s)",
        f"cursor move         mean {review['cursor_move_ms']['mean']:.1f} ms, "
        f"p95 {review['cursor_move_ms']['p95']:.1f} ms   (target ≤ 50 ms)",
        f"detail pane         mean {review['detail_pane_ms']['mean']:.1f} ms, "
        f"p95 {review['detail_pane_ms']['p95']:.1f} ms",
        f"CPU per move        {review['cpu_ms_per_move']:.1f} ms (all threads; load-independent)",
        f"page down           mean {review['page_down_ms']['mean']:.1f} ms",
        f"jump to last row    {review['jump_to_end_ms']:.1f} ms",
    ]
    if "baseline_datatable" in result:
        baseline = result["baseline_datatable"]
        ratio = result["ratio_vs_baseline"]
        lines += [
            f"stock DataTable     first paint {baseline['first_paint_s']:.3f} s, cursor move "
            f"mean {baseline['cursor_move_ms']['mean']:.1f} ms",
            f"ratio (ours/stock)  first paint {ratio['first_paint']:.2f}, "
            f"cursor move {ratio['cursor_move']:.2f}",
        ]
    print("\n".join(lines))
