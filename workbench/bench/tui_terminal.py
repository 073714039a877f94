"""The review TUI timed in a real terminal: tmux 160×45, what a person would see, per key.

Each app runs in its own detached tmux server; a key is sent with `send-keys` and the pane is
read with `capture-pane -e` until the highlight (a background colour, so a moved highlight
counts) is on the next row, and, for the review app, until the detail pane names that segment.
The floor is a minimal Textual app with a stock `DataTable` of the same rows, measured in the
same run. Times include tmux's own round trip, the same for both apps.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 160, 45
LAUNCH_TIMEOUT_S = 60.0
KEY_TIMEOUT_S = 5.0
# Between presses: the previous key's frames are all out before the next key goes in.
SETTLE_S = 0.05
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_BACKGROUND = re.compile(r"(?:^|;)(48;2;\d+;\d+;\d+|48;5;\d+|4[0-7]|10[0-7])(?=;|$)")


@dataclass(frozen=True, slots=True)
class Screen:
    """One `capture-pane -e` reading: each line's text and the background colours it sets."""

    lines: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def parse(cls, captured: str) -> Screen:
        return cls(
            tuple(
                (
                    _SGR.sub("", line),
                    frozenset(
                        code
                        for params in _SGR.findall(line)
                        for code in _BACKGROUND.findall(params)
                    ),
                )
                for line in captured.split("\n")
            )
        )

    def row_backgrounds(self, segment_id: int) -> frozenset[str] | None:
        """The background colours of the table row whose first column is `segment_id`."""
        pattern = re.compile(rf"^\W*{segment_id}\s")
        for text, backgrounds in self.lines:
            if pattern.match(text):
                return backgrounds
        return None

    def shows(self, pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(text) for text, _ in self.lines)


class Pane:
    """A detached tmux server of its own running one command in a WIDTH×HEIGHT pane."""

    _opened = 0

    def __init__(self, command: list[str], environment: dict[str, str] | None = None) -> None:
        # A server per pane: a closing one may still hold the previous pane's socket.
        Pane._opened += 1
        self.socket = f"workbench-bench-{os.getpid()}-{Pane._opened}"
        environment = {
            "COLORTERM": "truecolor",
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            **(environment or {}),
        }
        shell_command = " ".join(
            [f"{name}={_quote(value)}" for name, value in environment.items()]
            + [_quote(part) for part in command]
        )
        self._tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "bench",
            "-x", str(WIDTH), "-y", str(HEIGHT), f"env {shell_command}",
        )  # fmt: skip

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def capture(self) -> Screen:
        return Screen.parse(self._tmux("capture-pane", "-p", "-e", "-t", "bench"))

    def cpu_seconds(self) -> float:
        """CPU time (user and system, all threads) the pane's process has used so far (Linux)."""
        pid = self._tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip()
        # The fields after the command name, which is in parentheses and may hold spaces.
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def send(self, key: str) -> None:
        self._tmux("send-keys", "-t", "bench", key)

    def type(self, text: str) -> None:
        """Send `text` as the characters it is, all at once (tmux's literal `send-keys -l`)."""
        self._tmux("send-keys", "-t", "bench", "-l", text)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

    def wait(self, ready: Callable[[Screen], bool], timeout: float) -> float:
        """Poll the pane until `ready`; returns when it was first seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if ready(self.capture()):
                return time.perf_counter()
        raise TimeoutError("the pane never showed what was expected")


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def detail_pattern(segment_id: int) -> re.Pattern[str]:
    # The review screen's source label ends "· segment N".
    return re.compile(rf"segment {segment_id}\b")


def measure_app(command: list[str], first_id: int, presses: int, *, detail: bool) -> dict:
    """Launch `command` in tmux, then time `presses` presses of `j` (cursor, and detail)."""
    pane = Pane(command)
    try:
        launched = time.perf_counter()

        def ready(screen: Screen) -> bool:
            rows = screen.row_backgrounds(first_id), screen.row_backgrounds(first_id + 1)
            shown = not detail or screen.shows(detail_pattern(first_id))
            return rows[0] is not None and rows[1] is not None and shown

        launch_s = pane.wait(ready, LAUNCH_TIMEOUT_S) - launched
        time.sleep(0.5)
        screen = pane.capture()
        on_cursor, off_cursor = (
            screen.row_backgrounds(first_id),
            screen.row_backgrounds(first_id + 1),
        )
        assert on_cursor is not None and off_cursor is not None
        cursor_colours = on_cursor - off_cursor
        if not cursor_colours:
            raise RuntimeError("cannot tell the cursor row by its background colour")
        press = _Presser(pane, cursor_colours, detail=detail)
        # Two untimed presses: the first key after start-up pays for one-off layout work.
        press("j", first_id + 1)
        press("k", first_id)
        times = [press("j", first_id + number) for number in range(1, presses + 1)]
        pane.send("q")
    finally:
        pane.close()
    result: dict[str, Any] = {
        "launch_s": launch_s,
        "cursor_ms": summary([moved for moved, _ in times]),
    }
    if detail:
        result["detail_ms"] = summary([shown for _, shown in times])
    return result


class _Presser:
    """Sends one key and times, in ms, the highlight reaching a row and the detail naming it."""

    def __init__(self, pane: Pane, cursor_colours: frozenset[str], *, detail: bool) -> None:
        self.pane = pane
        self.cursor_colours = cursor_colours
        self.detail = detail

    def __call__(self, key: str, segment_id: int) -> tuple[float, float]:
        pattern = detail_pattern(segment_id)
        sent = time.perf_counter()
        self.pane.send(key)
        moved = shown = None
        deadline = sent + KEY_TIMEOUT_S
        while moved is None or (self.detail and shown is None):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{key}: the screen never showed segment {segment_id}")
            screen = self.pane.capture()
            seen = time.perf_counter()
            backgrounds = screen.row_backgrounds(segment_id)
            if moved is None and backgrounds is not None and self.cursor_colours <= backgrounds:
                moved = seen
            if self.detail and shown is None and screen.shows(pattern):
                shown = seen
        time.sleep(SETTLE_S)
        return (moved - sent) * 1000, ((shown or moved) - sent) * 1000


def summary(millis: list[float]) -> dict[str, float]:
    """Median and 95th percentile of a list of times."""
    ordered = sorted(millis)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
    }


def run(store_path: Path, document_id: int, first_id: int, presses: int, runs: int) -> dict:
    """`runs` rounds of floor app then review app; per-run figures and their medians."""
    if shutil.which("tmux") is None:
        raise SystemExit("the --terminal mode needs tmux")
    floor = [sys.executable, "-m", "workbench.bench.tui_floor", str(store_path), str(document_id)]
    review = [sys.executable, "-m", "workbench", "review", str(document_id),
              "--store", str(store_path), "--reviewer", "bench"]  # fmt: skip
    load_before = os.getloadavg()
    rounds = []
    for _ in range(runs):
        floor_run = measure_app(floor, first_id, presses, detail=False)
        review_run = measure_app(review, first_id, presses, detail=True)
        base = floor_run["cursor_ms"]["median"]
        rounds.append(
            {
                "floor": floor_run,
                "review": review_run,
                "ratio_cursor": review_run["cursor_ms"]["median"] / base,
                "ratio_detail": review_run["detail_ms"]["median"] / base,
            }
        )

    def median_of(pick: Callable[[dict], float]) -> float:
        return statistics.median(pick(one) for one in rounds)

    return {
        "presses": presses,
        "runs": rounds,
        "median": {
            "floor_cursor_ms": median_of(lambda r: r["floor"]["cursor_ms"]["median"]),
            "floor_cursor_p95_ms": median_of(lambda r: r["floor"]["cursor_ms"]["p95"]),
            "review_cursor_ms": median_of(lambda r: r["review"]["cursor_ms"]["median"]),
            "review_cursor_p95_ms": median_of(lambda r: r["review"]["cursor_ms"]["p95"]),
            "review_detail_ms": median_of(lambda r: r["review"]["detail_ms"]["median"]),
            "review_detail_p95_ms": median_of(lambda r: r["review"]["detail_ms"]["p95"]),
            "ratio_cursor": median_of(lambda r: r["ratio_cursor"]),
            "ratio_detail": median_of(lambda r: r["ratio_detail"]),
            "floor_launch_s": median_of(lambda r: r["floor"]["launch_s"]),
            "review_launch_s": median_of(lambda r: r["review"]["launch_s"]),
        },
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def print_table(result: dict) -> None:
    """The terminal figures as a few readable lines."""
    median = result["median"]
    load = result["load_average"]
    lines = [
        f"real terminal (tmux {WIDTH}×{HEIGHT}), {len(result['runs'])} runs × "
        f"{result['presses']} presses of j; medians of the runs' medians and p95s",
        f"stock DataTable     cursor {median['floor_cursor_ms']:.1f} ms "
        f"(p95 {median['floor_cursor_p95_ms']:.1f})   launch {median['floor_launch_s']:.2f} s",
        f"review cursor       {median['review_cursor_ms']:.1f} ms "
        f"(p95 {median['review_cursor_p95_ms']:.1f})   ×{median['ratio_cursor']:.2f} the floor"
        "   (target ≤ 1.3×, p95 < 50 ms)",
        f"review detail       {median['review_detail_ms']:.1f} ms "
        f"(p95 {median['review_detail_p95_ms']:.1f})   ×{median['ratio_detail']:.2f} the floor"
        "   (target ≤ 1.5×, p95 < 50 ms)",
        f"review launch       {median['review_launch_s']:.2f} s (process start to rows and detail)",
        f"load average        {load['before'][0]:.2f} before, {load['after'][0]:.2f} after",
    ]
    for number, one in enumerate(result["runs"], start=1):
        lines.append(
            f"  run {number}: floor {one['floor']['cursor_ms']['median']:.1f}/"
            f"{one['floor']['cursor_ms']['p95']:.1f}  cursor "
            f"{one['review']['cursor_ms']['median']:.1f}/{one['review']['cursor_ms']['p95']:.1f}"
            f"  detail {one['review']['detail_ms']['median']:.1f}/"
            f"{one['review']['detail_ms']['p95']:.1f} ms (median/p95)"
        )
    print("\n".join(lines))
