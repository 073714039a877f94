"""Benchmark: a review session's first save against its later saves, in tmux and in Chromium.

`python -m workbench.bench first_save [--sessions N] [--saves K] [--json]`. The seed article is
run through the fixture model (`[en] ` + source) into a fresh store, whose `run` also compiles
the spelling caches, as an installed app's first use does. Then, alternating, N sessions of each:

- tmux (160×45): `workbench review` is launched and the document opened with `enter` once
  the documents screen lists it; once its rows are drawn, `e` opens the editor and, as soon as
  the editor shows, two characters and `ctrl+s` are sent at once; the time is from `ctrl+s`
  sent to "Saved segment N" in `capture-pane`. Then `j`, `e`, the same on the next
  translatable segment, K saves in all.
- Chromium through Playwright against `workbench serve`: a new tab (a new app process) logs in,
  opens the document with `enter`, and saves the same way; the time is from `ctrl+s` pressed to
  "Saved segment N" in the text the tab's WebSocket received.

The reference is the later saves of the same sessions: the first save should cost what they
do (the issue's goal: every save ≤ 0.3 s). One untimed session of each comes first (bytecode
caches, as after an install's first run). Never run from tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from workbench.bench.serve import _free_port
from workbench.bench.spelling_cost import _SEED
from workbench.bench.tui_terminal import LAUNCH_TIMEOUT_S, Pane, detail_pattern
from workbench.records import Role
from workbench.review.passwords import hash_password
from workbench.store import Store
from workbench.translate.fixture import build_fixture_package
from workbench.translate.packages import install_from_file

CHROMIUM = Path("/usr/bin/chromium")
REVIEWER = "bench"
PASSWORD = "correct horse battery"
SAVE_TIMEOUT_S = 30.0
_EDITING = re.compile(r"· editing —")
_LISTED = re.compile(r"\b\d+%")  # the documents screen's rows, with their progress
_ESCAPE = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def saved_pattern(segment_id: int) -> re.Pattern[str]:
    return re.compile(rf"Saved segment {segment_id}\b")


def build_seed_store(root: Path) -> tuple[Path, dict[str, str], int, list[int]]:
    """The seed article run through the fixture model; (store, environment, document id,
    the ids of its first rows, translatable or not, in table order)."""
    install_from_file(
        build_fixture_package(root / "fixture.argosmodel", variant="marker"), root / "models"
    )
    store_path = root / "seed.db"
    environment = {
        "WORKBENCH_MODELS": str(root / "models"),
        "WORKBENCH_OUT": str(root / "out"),
        "WORKBENCH_CACHE": str(root / "cache"),
        "WORKBENCH_STORE": str(store_path),
        # Bytecode as an installed app has it after its first run (written by the warm-up).
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(root / "pycache"),
    }
    subprocess.run(
        [sys.executable, "-m", "workbench", "run", str(_SEED.resolve()), "--yes"],
        env={**os.environ, **environment},
        check=True,
        capture_output=True,
    )
    with Store.open(store_path) as store:
        store.accounts.add(REVIEWER, Role.REVIEWER, hash_password(PASSWORD))
        document_id = store.documents.list_all()[0].id
        rows = store.documents.segment_ids(document_id)
    return store_path, environment, document_id, rows


def translatable_rows(store_path: Path, rows: list[int], saves: int) -> list[int]:
    """Row numbers of the first `saves` translatable segments with a target."""
    with Store.open(store_path) as store:
        segments = store.documents.segments_by_ids(rows)
    chosen = [row for row, s in enumerate(segments) if s.translatable and s.target]
    if len(chosen) < saves:
        raise SystemExit(f"the seed document has only {len(chosen)} segments to save")
    return chosen[:saves]


def tmux_session(store_path: Path, environment: dict[str, str], rows: list[int],
                 chosen: list[int]) -> list[float]:  # fmt: skip
    """One `workbench review` in tmux, the document opened from the documents screen as a
    reviewer does: seconds from each `ctrl+s` to its confirmation."""
    command = [sys.executable, "-m", "workbench", "review",
               "--store", str(store_path), "--reviewer", REVIEWER]  # fmt: skip
    pane = Pane(command, environment)
    taken = []
    try:
        pane.wait(lambda screen: screen.shows(_LISTED), LAUNCH_TIMEOUT_S)
        pane.send("Enter")
        at = 0
        pane.wait(lambda screen: screen.shows(detail_pattern(rows[0])), LAUNCH_TIMEOUT_S)
        for row in chosen:
            for _ in range(row - at):
                pane.send("j")
            at = row
            segment_id = rows[row]
            pane.wait(lambda screen: screen.shows(detail_pattern(segment_id)), SAVE_TIMEOUT_S)  # noqa: B023
            pane.send("e")
            pane.wait(lambda screen: screen.shows(_EDITING), SAVE_TIMEOUT_S)
            pane.send(" x")
            sent = time.perf_counter()
            pane.send("C-s")
            saved = saved_pattern(segment_id)
            shown = pane.wait(lambda screen: screen.shows(saved), SAVE_TIMEOUT_S)  # noqa: B023
            taken.append(shown - sent)
            # Back to browsing before the next row.
            pane.wait(lambda screen: not screen.shows(_EDITING), SAVE_TIMEOUT_S)
        pane.send("q")
    finally:
        pane.close()
    return taken


class BrowserTab:
    """A Chromium tab on the served app; what it shows is the text its WebSocket received."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.received = b""
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.received += _ESCAPE.sub(b"", data)

    def wait_for(self, shown: Callable[[bytes], bool], since: int, wait_s: float) -> float:
        """Seconds-clock time at which `shown` first held for the text received after `since`."""
        deadline = time.perf_counter() + wait_s
        while time.perf_counter() < deadline:
            if shown(self.received[since:]):
                return time.perf_counter()
            # Playwright's sync API delivers events only while it is called.
            self.page.wait_for_timeout(5)
        tail = self.received[-2000:].decode(errors="replace")
        raise TimeoutError(f"the tab never showed what was expected; it last received:\n{tail}")

    def text_after_key(self, key: str, text: str, wait_s: float = SAVE_TIMEOUT_S) -> float:
        """Press `key`, then wait for `text`; seconds from the press to the text."""
        since = len(self.received)
        pressed = time.perf_counter()
        self.page.keyboard.press(key)
        return self.wait_for(lambda got: text.encode() in got, since, wait_s) - pressed

    def type(self, text: str, echo: Callable[[int], str]) -> None:
        for typed, key in enumerate(text, start=1):
            since = len(self.received)
            self.page.keyboard.type(key)
            echoed = echo(typed).encode()
            self.wait_for(lambda got: echoed in got, since, SAVE_TIMEOUT_S)  # noqa: B023


def browser_session(browser: Any, url: str, rows: list[int], chosen: list[int]) -> list[float]:
    """One new tab: log in, open the document, and the saves; seconds per save."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        tab = BrowserTab(page)
        page.goto(url)
        tab.wait_for(lambda got: b"log in" in got, 0, LAUNCH_TIMEOUT_S)
        page.locator(".xterm-helper-textarea").focus()
        tab.type(REVIEWER, lambda typed: REVIEWER[:typed])
        page.keyboard.press("Tab")
        tab.type(PASSWORD, lambda typed: "•" * typed)
        since = len(tab.received)
        page.keyboard.press("Enter")
        tab.wait_for(lambda got: b"%" in got, since, LAUNCH_TIMEOUT_S)  # the documents' rows
        tab.text_after_key("Enter", f"segment {rows[0]}", LAUNCH_TIMEOUT_S)
        taken, at = [], 0
        for row in chosen:
            for _ in range(row - at):
                tab.text_after_key("j", f"segment {rows[at + 1]}")
                at += 1
            tab.text_after_key("e", "editing")
            page.keyboard.type(" x")
            taken.append(tab.text_after_key("Control+s", f"Saved segment {rows[row]}"))
            # A `j` typed now waits for the save to be stored (`workbench.review.keys`).
    finally:
        page.close()
    return taken


def run(sessions: int, saves: int) -> dict[str, Any]:
    """The sessions, alternating tmux and browser; per-save seconds and summaries."""
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as folder:
        root = Path(folder)
        store_path, environment, document_id, rows = build_seed_store(root)
        chosen = translatable_rows(store_path, rows, saves)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", "--port", str(port),
             "--store", str(store_path)],
            env={**os.environ, **environment},
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        results: dict[str, list[list[float]]] = {"tmux": [], "browser": []}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
                )
                try:
                    _wait_listening(port)
                    # Untimed: bytecode written, the server's zygote warm.
                    tmux_session(store_path, environment, rows, chosen[:1])
                    browser_session(browser, url, rows, chosen[:1])
                    for _ in range(sessions):
                        results["tmux"].append(tmux_session(store_path, environment, rows, chosen))
                        results["browser"].append(browser_session(browser, url, rows, chosen))
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {
        "sessions": sessions,
        "saves_per_session": saves,
        "seconds": results,
        **{
            front: {
                "first": _summary([one[0] for one in taken]),
                "later": _summary([s for one in taken for s in one[1:]]),
            }
            for front, taken in results.items()
        },
    }


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + LAUNCH_TIMEOUT_S
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("workbench serve never listened")


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
    }


def main(argv: list[str]) -> int:
    """Run the benchmark; a few lines, or one JSON object with --json."""
    parser = argparse.ArgumentParser(
        prog="python -m workbench.bench first_save", description=__doc__
    )
    parser.add_argument("--sessions", type=int, default=5, help="sessions per front end")
    parser.add_argument(
        "--saves", type=int, default=4, help="saves per session, the first included"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    result = run(args.sessions, args.saves)
    result["load_average"] = {"before": load_before, "after": os.getloadavg()}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{args.sessions} sessions per front end, {args.saves} saves each; ctrl+s → confirmation")
    for front in ("tmux", "browser"):
        first, later = result[front]["first"], result[front]["later"]
        print(
            f"{front:8} first save p50 {first['p50_s']:.3f} s, max {first['max_s']:.3f} s;   "
            f"later saves p50 {later['p50_s']:.3f} s, max {later['max_s']:.3f} s"
        )
        for number, taken in enumerate(result["seconds"][front], start=1):
            print(f"  session {number}: " + "  ".join(f"{s:.3f}" for s in taken))
    load = result["load_average"]
    print(f"load average {load['before'][0]:.2f} before, {load['after'][0]:.2f} after")
    return 0
