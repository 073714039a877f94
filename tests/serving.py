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

    def zygote_pid(self) -> int | None:
        """The server's zygote (`workbench.review.forks`), once started."""
        return next((pid for pid in children(self.process.pid) if is_zygote(pid)), None)

    def tab_pids(self) -> list[int]:
        """The tab processes: the zygote's children, and any the server started itself."""
        pids = []
        for pid in children(self.process.pid):
            pids += children(pid) if is_zygote(pid) else [pid]
        return pids


def children(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in listed.read_text().split()]
    except OSError:
        return []


def is_zygote(pid: int) -> bool:
    """Whether the server's child `pid` is its zygote (tabs forked from it are its children)."""
    try:
        return b"--zygote" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


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
