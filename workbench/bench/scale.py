"""Archive-scale benchmark: every listing, export, check and backup on a store of N articles.

Builds the store in two halves (`scale_store`), timing export, check and backup after each, so
the ratios show whether they grow linearly and whether their memory stays flat. Commands run
as `python -m workbench …` subprocesses (start-up included; peak RSS from wait4); the TUI is
driven headless with Textual's pilot, timed from key press to the frame that shows the result.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.bench import emit
from workbench.bench.scale_store import build
from workbench.bench.tui import _cursor_moves, _Frames, _rows_loaded, _Stamps, _summary
from workbench.review.app import ReviewApp
from workbench.review.widgets.document_table import DocumentTable
from workbench.review.widgets.segment_detail import SegmentDetail
from workbench.review.widgets.segment_table import SegmentTable
from workbench.store import Store

SIZE = (120, 40)


# Runs the CLI and, at exit, writes its own peak RSS (VmHWM) to stderr's last line: wait4's
# ru_maxrss would report the forking bench's size instead.
_PEAK_PROBE = (
    "import atexit, re, sys\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    sys.stderr.write('\\npeak_kb=' + re.search(r'VmHWM:\\s+(\\d+)', status)[1])\n"
    "atexit.register(peak)\n"
    "from workbench.cli import main\n"
    "sys.argv[0] = 'workbench'\n"
    "main()\n"
)


def timed_command(store: Path, *args: str) -> dict[str, float]:
    """Run `workbench ARGS` on `store`: wall and CPU seconds, peak RSS in MB.

    CPU seconds (user + system, from wait4) barely move with the machine's load; wall
    seconds do, so growth ratios use CPU.
    """
    env = {**os.environ, "WORKBENCH_STORE": str(store)}
    with tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _PEAK_PROBE, *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        messages = stderr.read()
    if child.returncode != 0:
        raise RuntimeError(f"workbench {' '.join(args)}: {messages}")
    peak_kb = int(messages.rsplit("peak_kb=", 1)[1])
    return {
        "s": round(seconds, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def heavy_commands(store: Path, scratch: Path) -> dict[str, dict[str, float]]:
    """The commands that must stay linear in time with flat memory: export, check, backup."""
    for old in scratch.glob("out.*"):
        old.unlink()
    backup = scratch / "backup.db"
    backup.unlink(missing_ok=True)
    return {
        "export tmx (approved)": timed_command(
            store, "export", "--format", "tmx", "-o", str(scratch / "out.tmx")
        ),
        "export jsonl --status all": timed_command(
            store,
            "export",
            "--format",
            "jsonl",
            "--status",
            "all",
            "-o",
            str(scratch / "out.jsonl"),
        ),
        "store check": timed_command(store, "store", "check"),
        "store backup": timed_command(store, "store", "backup", str(backup)),
    }


def listing_commands(store: Path, document_id: int) -> dict[str, dict[str, float]]:
    """The listings that must answer within a second."""
    return {
        "documents": timed_command(store, "documents"),
        "documents --json": timed_command(store, "documents", "--json"),
        "stats": timed_command(store, "stats"),
        "stats DOC": timed_command(store, "stats", str(document_id)),
        "segments DOC": timed_command(store, "segments", str(document_id)),
        "--help (start-up alone)": timed_command(store, "--help"),
    }


def search_seconds(store_path: Path, word: str) -> dict[str, float]:
    """The store's search (what the TUI's `/` runs): one document, and every document in turn."""
    with Store.open(store_path) as store:
        ids = [s.document.id for s in store.documents.summaries()]
        started = time.perf_counter()
        store.documents.segment_ids(ids[len(ids) // 2], search=word)
        one = time.perf_counter() - started
        started = time.perf_counter()
        hits = sum(len(store.documents.segment_ids(i, search=word)) for i in ids)
        every = time.perf_counter() - started
    return {"one_document_s": round(one, 4), "all_documents_s": round(every, 3), "hits": hits}


async def tui_seconds(store_path: Path, moves: int = 20) -> dict[str, Any]:
    """Documents screen first paint and cursor move; opening the highlighted document."""

    stamps = _Stamps()
    with (
        stamps.wrapping(DocumentTable, "add_summaries", "documents"),
        stamps.wrapping(DocumentTable, "watch_cursor_row", "cursor"),
        stamps.wrapping(SegmentTable, "show_segment_ids", "rows", _rows_loaded),
        stamps.wrapping(SegmentTable, "add_segments", "rows", _rows_loaded),
        stamps.wrapping(SegmentDetail, "show", "detail"),
    ):
        started = time.perf_counter()
        app = ReviewApp(store_path, "bench", cursor_blink=False)
        frames = _Frames(app)
        async with app.run_test(size=SIZE) as pilot:
            first_paint = await frames.after(await stamps.after("documents", started)) - started
            move_times = await _cursor_moves(app, stamps, frames, moves)
            sent = time.perf_counter()
            await pilot.press("enter")
            shown = max(await stamps.after("rows", sent), await stamps.after("detail", sent))
            opened = await frames.after(shown) - sent
            await pilot.press("q")
    return {
        "documents_first_paint_s": round(first_paint, 3),
        "documents_cursor_move_ms": _summary(move_times),
        "open_document_s": round(opened, 3),
    }


def sizes(store_path: Path) -> dict[str, Any]:
    """File size per 1,000 segments and the bytes the history tables take."""
    with Store.open(store_path) as store:
        table_bytes = store.table_bytes()
        counts = store.row_counts()
    file_bytes = store_path.stat().st_size
    versions = counts["translations"]
    targets = counts["segments_with_target"]
    version_bytes = sum(table_bytes.get(t, 0) for t in ("translations", "translations_segment"))
    event_bytes = sum(b for name, b in table_bytes.items() if name.startswith("events"))
    # History = every version but the current one, plus the event log.
    history = (versions - targets) * version_bytes / max(versions, 1) + event_bytes
    return {
        "file_mb": round(file_bytes / 2**20, 1),
        "segments": counts["segments"],
        "kb_per_1000_segments": round(file_bytes / counts["segments"] * 1000 / 1024, 1),
        "versions_per_translated_segment": round(versions / max(targets, 1), 3),
        "bytes_per_version": round(version_bytes / max(versions, 1)),
        "bytes_per_event": round(event_bytes / max(counts["events"], 1)),
        "history_mb": round(history / 2**20, 1),
        "history_share": round(history / file_bytes, 3),
        "events": counts["events"],
        "table_mb": {k: round(v / 2**20, 2) for k, v in table_bytes.items() if v >= 2**19},
    }


def _build_in_halves(store_path: Path, scratch: Path, docs: int, reviewed: float) -> dict:
    """Build half the store, time the heavy commands, build the rest, time them again."""
    half = docs // 2
    first = build(store_path, half, reviewed_share=reviewed)
    result: dict[str, Any] = {
        "half": {"segments": first.segments, **heavy_commands(store_path, scratch)}
    }
    second = build(store_path, docs - half, reviewed_share=reviewed, first_number=half)
    result["build_s"] = round(first.seconds + second.seconds, 1)
    result["full"] = {
        "segments": first.segments + second.segments,
        **heavy_commands(store_path, scratch),
    }
    result["growth"] = {
        name: {
            "cpu_ratio": round(result["full"][name]["cpu_s"] / result["half"][name]["cpu_s"], 2),
            "rss_ratio": round(
                result["full"][name]["peak_rss_mb"] / result["half"][name]["peak_rss_mb"], 2
            ),
        }
        for name in result["half"]
        if name != "segments"
    }
    result["segments_ratio"] = round(result["full"]["segments"] / first.segments, 2)
    return result


def main(argv: list[str]) -> int:
    """Build the store, measure, print a table (or `--json`)."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench scale", description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000, help="articles in the store")
    parser.add_argument(
        "--store", type=Path, help="keep the generated store here; an existing one is reused"
    )
    parser.add_argument("--reviewed", type=float, default=0.2, help="share of articles reviewed")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI timings")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        store_path = args.store or scratch / "scale.db"
        result: dict[str, Any] = {"docs": args.docs, "load_avg_1m": os.getloadavg()[0]}
        if store_path.exists():
            # A store built by an earlier run: time it as it is, without the growth figures.
            result["full"] = heavy_commands(store_path, scratch)
        else:
            result.update(_build_in_halves(store_path, scratch, args.docs, args.reviewed))
        result["listings"] = listing_commands(store_path, document_id=args.docs // 2)
        result["search"] = search_seconds(store_path, "hamnen")
        if not args.no_tui:
            result["tui"] = asyncio.run(tui_seconds(store_path))
        result["size"] = sizes(store_path)
    return emit(result, args.json)
