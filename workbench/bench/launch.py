"""Start-up of `workbench review` in a real terminal: launch → first screen, and opening a document.

Each round launches, in tmux (`bench.tui_terminal`), a hello-world Textual app (Header, Label,
Footer), then `python -m workbench review` on a store holding one large document, then the same
`ReviewApp` started without the command line (what the CLI adds, apart), and polls
`capture-pane` until each shows its first screen: the greeting, and the documents screen with
the document's row and its progress. `workbench review` then opens the document (`enter`) and
is timed until its first rows and the detail pane of the first segment are drawn. The apps
alternate, so a busy machine weighs on both; the ratio is per round, then the median of the
rounds. Beside the wall times, the CPU time each process had used when its screen was seen (all
threads, from /proc): less bent by a loaded machine, though it may include work the app began
after drawing (the segment screen's import, once the documents screen has its rows).

Both start as an installed app does after its first run, from bytecode caches (kept in a
scratch folder, written by one untimed round first), whatever PYTHONDONTWRITEBYTECODE says.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.bench import emit
from workbench.bench.launch_floor import GREETING
from workbench.bench.tui import build_store
from workbench.bench.tui_terminal import LAUNCH_TIMEOUT_S, Pane, Screen, detail_pattern
from workbench.store import Store

TITLE = "Benchmark"  # the title `bench.tui.build_store` gives its document
LISTED = re.compile(rf"\b{TITLE}\b.*%")  # the document's row with its counts, not its title only
_APP_ALONE = (
    "import sys; from workbench.review.app import ReviewApp; ReviewApp(sys.argv[1], 'bench').run()"
)
# Before `enter`: the documents screen's last frames are out and its workers done.
SETTLE_S = 0.5


def time_floor(environment: dict[str, str]) -> dict[str, float]:
    """Seconds (wall, CPU) from launching the hello-world app to its greeting on screen."""
    pane = Pane([sys.executable, "-m", "workbench.bench.launch_floor"], environment)
    try:
        launched = time.perf_counter()
        shown = pane.wait(lambda screen: screen.shows(re.compile(re.escape(GREETING))), 60)
        cpu = pane.cpu_seconds()
        pane.send("q")
    finally:
        pane.close()
    return {"floor_s": shown - launched, "floor_cpu_s": cpu}


def time_app_alone(store_path: Path, environment: dict[str, str]) -> dict[str, float]:
    """Seconds (wall, CPU) from launching `ReviewApp` itself to the documents screen."""
    pane = Pane([sys.executable, "-c", _APP_ALONE, str(store_path)], environment)
    try:
        launched = time.perf_counter()
        shown = pane.wait(lambda screen: screen.shows(LISTED), LAUNCH_TIMEOUT_S)
        cpu = pane.cpu_seconds()
        pane.send("q")
    finally:
        pane.close()
    return {"app_s": shown - launched, "app_cpu_s": cpu}


def time_review(store_path: Path, first_id: int, environment: dict[str, str]) -> dict[str, float]:
    """Seconds (wall, CPU) to the documents screen listing the document, and `enter` to rows."""
    command = [sys.executable, "-m", "workbench", "review",
               "--store", str(store_path), "--reviewer", "bench"]  # fmt: skip
    detail = detail_pattern(first_id)

    def opened(screen: Screen) -> bool:
        # The second row is drawn (the documents screen has one) and the detail names the first.
        return screen.row_backgrounds(first_id + 1) is not None and screen.shows(detail)

    pane = Pane(command, environment)
    try:
        launched = time.perf_counter()
        shown_list = pane.wait(lambda screen: screen.shows(LISTED), LAUNCH_TIMEOUT_S)
        listed_cpu = pane.cpu_seconds()
        time.sleep(SETTLE_S)
        settled_cpu = pane.cpu_seconds()
        pressed = time.perf_counter()
        pane.send("Enter")
        shown = pane.wait(opened, LAUNCH_TIMEOUT_S)
        opened_cpu = pane.cpu_seconds() - settled_cpu
        pane.send("q")
    finally:
        pane.close()
    return {
        "review_s": shown_list - launched,
        "review_cpu_s": listed_cpu,
        "open_s": shown - pressed,
        "open_cpu_s": opened_cpu,
    }


def run(store_path: Path, first_id: int, runs: int, pycache: Path) -> dict[str, Any]:
    """`runs` alternating rounds (floor, review, app alone) after a warm-up; figures, medians."""
    environment = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(pycache)}

    def round_() -> dict[str, float]:
        return {
            **time_floor(environment),
            **time_review(store_path, first_id, environment),
            **time_app_alone(store_path, environment),
        }

    round_()
    load_before = os.getloadavg()
    rounds = [round_() for _ in range(runs)]

    def ratio(name: str) -> float:
        base = "floor_cpu_s" if name.endswith("_cpu_s") else "floor_s"
        return statistics.median(one[name] / one[base] for one in rounds)

    return {
        "runs": rounds,
        "median": {name: statistics.median(one[name] for one in rounds) for name in rounds[0]},
        "ratio": ratio("review_s"),
        "ratio_cpu": ratio("review_cpu_s"),
        "ratio_app": ratio("app_s"),
        "ratio_app_cpu": ratio("app_cpu_s"),
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def main(argv: list[str]) -> int:
    """Run the launch benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench launch", description=__doc__)
    parser.add_argument("--segments", type=int, default=50_000, help="the document's size")
    parser.add_argument("--runs", type=int, default=7, help="rounds of the three launches")
    parser.add_argument("--store", type=Path, help="reuse (or create) this store file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        raise SystemExit("bench launch needs tmux")
    with tempfile.TemporaryDirectory() as scratch:
        store_path = args.store or Path(scratch) / "bench.db"
        if store_path.exists():
            with Store.open(store_path) as store:
                document_id = store.documents.summaries()[0].document.id
        else:
            document_id = build_store(store_path, args.segments)
        with Store.open(store_path) as store:
            segment_ids = store.documents.segment_ids(document_id)
        timed = run(store_path, segment_ids[0], args.runs, Path(scratch) / "pycache")
        result = {"segments": len(segment_ids), **timed}
    return emit(result, args.json, print_table)


def print_table(result: dict[str, Any]) -> None:
    """The figures as a few readable lines."""
    median, load = result["median"], result["load_average"]
    lines = [
        f"real terminal (tmux), {len(result['runs'])} alternating rounds; medians",
        f"hello-world app     first screen {median['floor_s']:.2f} s "
        f"(CPU {median['floor_cpu_s']:.2f} s)",
        f"workbench review    documents screen {median['review_s']:.2f} s "
        f"(CPU {median['review_cpu_s']:.2f} s)   ×{result['ratio']:.2f} the hello-world app, "
        f"CPU ×{result['ratio_cpu']:.2f} (medians of the rounds' ratios; target ≤ 1.5×)",
        f"ReviewApp alone     documents screen {median['app_s']:.2f} s "
        f"(CPU {median['app_cpu_s']:.2f} s)   ×{result['ratio_app']:.2f}, CPU "
        f"×{result['ratio_app_cpu']:.2f} (no command line: what the CLI adds is the difference)",
        f"open the document   {median['open_s']:.2f} s to its rows and detail "
        f"(CPU {median['open_cpu_s']:.2f} s; {result['segments']:,} segments; target ≤ 0.5 s)",
        f"load average        {load['before'][0]:.2f} before, {load['after'][0]:.2f} after",
    ]
    for number, one in enumerate(result["runs"], start=1):
        lines.append(
            f"  run {number}: hello {one['floor_s']:.2f} s  review {one['review_s']:.2f} s "
            f"(×{one['review_s'] / one['floor_s']:.2f}, CPU "
            f"×{one['review_cpu_s'] / one['floor_cpu_s']:.2f})  alone {one['app_s']:.2f} s  "
            f"open {one['open_s']:.2f} s"
        )
    print("\n".join(lines))
