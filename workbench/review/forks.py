"""Tabs forked from a process that has already imported the app (a zygote).

Starting Python and importing the app took 0.5–1.4 s of a new tab's wait for its login screen,
and every tab held its own copy of the imported modules. `workbench serve` starts one zygote
(`python -m workbench.review.served --zygote FD STORE`) that imports the app once; for each tab
the server sends it the tab's environment and the child's ends of three pipes over a Unix
socket, and the zygote forks a child that takes them as stdin, stdout and stderr, exactly as
textual-serve wires the app process it starts. Children share the imported modules' pages
copy-on-write (the zygote freezes its objects out of the collector's reach first).

Deaths chain: the zygote dies with the server, a tab dies with the zygote (parent-death
signals); the zygote ends when the server closes the socket, once its tabs have quit. The
server's side is `Forks`.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ZYGOTE_FLAG = "--zygote"
READY = b"ready"
# The server waits this long for the zygote's imports before it listens.
START_S = 60.0
_PR_SET_PDEATHSIG = 1
_MESSAGE_BYTES = 1 << 20  # one tab's environment


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when its parent dies, even by SIGKILL; exit at once if
    the parent is no longer `parent` (it died before the signal was set)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def serve_forks(channel: int, run_tab: Callable[[], object]) -> None:
    """The zygote's loop: fork a tab per request on `channel` until the server closes it."""
    requests = socket.socket(fileno=channel)
    # Children are reaped by the kernel; a tab's own children get the default back.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    gc.freeze()  # the collector would otherwise touch, and so copy, every shared object
    zygote = os.getpid()
    requests.send(READY)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(requests, _MESSAGE_BYTES, 3)
        except InterruptedError:
            continue
        if not message:  # the server closed its end: its tabs have been told to quit
            try:
                os.wait()  # with SIGCHLD ignored: returns once every child has ended
            except ChildProcessError:
                pass
            return
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        if os.fork() == 0:
            requests.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            die_with_parent(zygote)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.environ.clear()
            os.environ.update(json.loads(message))
            code = 0
            try:
                run_tab()
            except SystemExit as ended:
                code = ended.code if isinstance(ended.code, int) else int(ended.code is not None)
            except BaseException:  # noqa: BLE001 (the tab ends here, never in the zygote's loop)
                code = 1
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        for fd in fds:
            os.close(fd)


@dataclass
class ForkedTab:
    """What textual-serve uses of its app process: the streams of a forked tab."""

    stdin: asyncio.StreamWriter
    stdout: asyncio.StreamReader
    stderr: asyncio.StreamReader


class Forks:
    """The server's side: start the zygote, ask it for tabs, stop it; `OSError` from the
    constructor when the zygote does not start."""

    def __init__(self, store_path: Path, environment: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = [sys.executable, "-m", "workbench.review.served", ZYGOTE_FLAG,
                str(theirs.fileno()), str(Path(store_path).resolve())]  # fmt: skip
        self.process = subprocess.Popen(argv, env=environment, pass_fds=[theirs.fileno()])
        theirs.close()
        self.requests = ours
        self.gone = False  # set when a request finds the zygote gone
        # The first tab is as quick as the others: the server listens once the app is imported.
        ours.settimeout(START_S)
        try:
            ready = ours.recv(len(READY))
        except OSError:
            ready = b""
        ours.settimeout(None)
        if ready != READY:
            self.stop()
            raise OSError("the zygote did not start")

    async def open(self, environment: dict[str, str]) -> ForkedTab:
        """A new tab forked with `environment`; `OSError` when the zygote is gone."""
        loop = asyncio.get_running_loop()
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        try:
            socket.send_fds(
                self.requests,
                [json.dumps(environment).encode()],
                [stdin_read, stdout_write, stderr_write],
            )
        except OSError:
            for fd in (stdin_write, stdout_read, stderr_read):
                os.close(fd)
            self.process.poll()  # reaped, if it has ended
            self.gone = True
            raise
        finally:
            for fd in (stdin_read, stdout_write, stderr_write):
                os.close(fd)
        stdout = await _reader(loop, stdout_read)
        stderr = await _reader(loop, stderr_read)
        transport, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(stdin_write, "wb", buffering=0)
        )
        stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return ForkedTab(stdin, stdout, stderr)

    def stop(self) -> None:
        """Close the zygote's socket: it exits once its tabs have; killed (and they with it)
        if that takes more than 5 s."""
        self.requests.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _reader(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
    )
    return reader
