"""`workbench serve` as the tests run it: a real server process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support import ROOT

WAIT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(
    condition: Callable[[], Any],
    what: str,
    pause: Callable[[], None] = lambda: time.sleep(0.1),
    wait_s: float = WAIT_S,
) -> Any:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if result := condition():
            return result
        pause()
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Served:
    """A running server: its URL, process and log file."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def tab_pids(self) -> list[int]:
        """The tab processes the server started (its children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@contextmanager
def serving(store_path: Path, log: Path, *options: str) -> Iterator[Served]:
    """`workbench serve` on `store_path` until the block ends (then SIGTERM)."""
    port = free_port()
    with log.open("w") as written:
        server = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", "--port", str(port),
             "--store", str(store_path), *options],
            stdout=written, stderr=subprocess.STDOUT, cwd=ROOT, env=os.environ.copy(),
        )  # fmt: skip

    def listening() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        until(listening, "the server to listen")
        yield Served(f"http://127.0.0.1:{port}/", port, server, log)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
