"""Typing in the review editor in a real terminal, with interactive completion on and off.

The review app runs in tmux (`bench.tui_terminal.Pane`) with the Transformer-base fixture
installed; each round opens the editor on one segment, clears it and types a text a key at a
time, timing each key until the pane shows the text typed so far. Between keys it waits past
the completion pause, so with completion on a request is running in the app whenever the next
key arrives. Each round measures the store's `completion` setting off and on (which goes
first alternates), in the same run;
the cursor figure of `bench tui --terminal` is measured in the same run too (j presses on the
table), against the stock DataTable app as there.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from workbench.bench.tui_terminal import (
    KEY_TIMEOUT_S,
    LAUNCH_TIMEOUT_S,
    Pane,
    Screen,
    detail_pattern,
    measure_app,
    summary,
)
from workbench.review.widgets.target_editor import PAUSE_S
from workbench.settings import set_setting
from workbench.store import Store

# Letters the fixture's Swedish sources never hold in this order: the ghost text (a copy of
# the source) can never show the text typed so far before the key has arrived.
TYPED = "qxw jvz wqk xjv zqw kjx"
# Past the pause, so a completion request has started when the next key goes in.
BETWEEN_KEYS_S = PAUSE_S + 0.05


def measure_typing(command: list[str], models: Path, segment_id: int) -> dict[str, float]:
    """Open the editor on the segment, type TYPED; ms from each key to its echo."""
    pane = Pane(command, {"WORKBENCH_MODELS": str(models)})
    try:
        pane.wait(lambda s: s.shows(detail_pattern(segment_id)), LAUNCH_TIMEOUT_S)
        pane.send("e")
        pane.wait(lambda s: s.shows(re.compile("editing")), KEY_TIMEOUT_S)
        pane.send("C-l")
        time.sleep(1.0)  # the engine loads with the first request, before the timed keys
        times = []
        for count in range(1, len(TYPED) + 1):
            shown = re.compile(re.escape(TYPED[max(0, count - 12) : count]))
            sent = time.perf_counter()
            pane.type(TYPED[count - 1])
            times.append((pane.wait(partial(_shows, shown), KEY_TIMEOUT_S) - sent) * 1000)
            time.sleep(BETWEEN_KEYS_S)
        pane.send("Escape")
        pane.send("q")
    finally:
        pane.close()
    return summary(times)


def _shows(pattern: re.Pattern[str], screen: Screen) -> bool:
    return screen.shows(pattern)


def run(
    store_path: Path, document_id: int, first_id: int, models: Path, presses: int, runs: int
) -> dict[str, object]:
    """`runs` rounds, each: floor cursor, review cursor, typing off, typing on (one run)."""
    floor = [sys.executable, "-m", "workbench.bench.tui_floor", str(store_path), str(document_id)]
    review = [sys.executable, "-m", "workbench", "review", str(document_id),
              "--store", str(store_path), "--reviewer", "bench"]  # fmt: skip
    rounds: list[dict[str, Any]] = []
    for number in range(runs):
        one: dict[str, Any] = {}
        # Alternating which goes first: neither always follows the other's app.
        for setting in ("off", "on") if number % 2 == 0 else ("on", "off"):
            with Store.open(store_path) as store:
                set_setting(store, "completion", setting, "bench")
            floor_run = measure_app(floor, first_id, presses, detail=False)
            review_run = measure_app(review, first_id, presses, detail=True)
            one[f"cursor_ratio_{setting}"] = (
                review_run["cursor_ms"]["median"] / floor_run["cursor_ms"]["median"]
            )
            one[f"typing_{setting}"] = measure_typing(review, models, first_id)
        rounds.append(one)

    def median(key: str, field: str | None = None) -> float:
        values = [r[key] if field is None else r[key][field] for r in rounds]
        return round(statistics.median(values), 2)

    return {
        "runs": rounds,
        "median": {
            "cursor_ratio_off": median("cursor_ratio_off"),
            "cursor_ratio_on": median("cursor_ratio_on"),
            "typing_off_ms": median("typing_off", "median"),
            "typing_on_ms": median("typing_on", "median"),
            "typing_off_p95_ms": median("typing_off", "p95"),
            "typing_on_p95_ms": median("typing_on", "p95"),
        },
    }
