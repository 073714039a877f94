"""Benchmark: what `workbench serve` costs before anyone logs in. Never run from tests.

- Memory per idle tab at the login screen (PSS and RSS of its process, from smaps_rollup; a
  tab forked from the zygote shares its pages, so the zygote's own PSS is given too).
- With 0, 4, 8, … tabs already open, up to `--tabs`: how long a new tab takes to draw the
  login screen, and how long the first tab takes to redraw after a key (the latency a person
  at the login screen feels; median and p95 of `--keys` keys): the most tabs held while the
  p95 is still within 1 s.
- The page's latency (median of GET /) quiet and while 4 loops send `GET /ws` without an
  upgrade (it was 2 ms, then 2.1–2.5 s: each cost ~0.8 s of the event loop), same run.
- Login checks per second that the back-off lets 10 parallel clients make for one name, as
  the login screen makes them (claim, then scrypt), against the baseline of the same 10
  threads running scrypt with no back-off, in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from workbench.bench import emit
from workbench.records import Role
from workbench.review.passwords import attempt_wait_s, hash_password, verify_password
from workbench.store import Store

PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return fields["Pss"], fields["Rss"]


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _zygotes(server: int) -> list[int]:
    """The server's zygote (`workbench.review.forks`), if it has one."""
    return [
        pid
        for pid in _children(server)
        if b"--zygote" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    ]


def _tab_pids(server: int) -> list[int]:
    """The tab processes: forked by the zygote, or started by the server itself."""
    zygotes = _zygotes(server)
    forked = [pid for zygote in zygotes for pid in _children(zygote)]
    return forked + [pid for pid in _children(server) if pid not in zygotes]


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def _open_tab(
    session: aiohttp.ClientSession, url: str
) -> tuple[aiohttp.ClientWebSocketResponse, float]:
    """A new tab, once it has drawn the login screen; and how long that took."""
    started = time.perf_counter()
    tab = await session.ws_connect(url)
    received = b""
    while b"log in" not in received:
        message = await tab.receive()
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"tab refused or closed: {message.extra}")
    return tab, time.perf_counter() - started


async def _key_echo_samples(tab: aiohttp.ClientWebSocketResponse, keys: int) -> list[float]:
    """`keys` timings of `_key_echo_s`, each x erased again (untimed) before the next."""
    samples = []
    for _ in range(keys):
        samples.append(await _key_echo_s(tab, 1))
        await tab.send_json(["stdin", "\x7f"])
    return samples


async def _key_echo_s(tab: aiohttp.ClientWebSocketResponse, typed: int) -> float:
    """Seconds from a key sent to the tab until it draws the name field with it: `typed`
    x's in all."""
    while True:  # what the tab drew before (cursor blinks) is not the echo
        try:
            await asyncio.wait_for(tab.receive(), timeout=0.05)
        except TimeoutError:
            break
    started = time.perf_counter()
    await tab.send_json(["stdin", "x"])
    received = b""
    while b"x" * typed not in received:
        message = await tab.receive()
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
    return time.perf_counter() - started


async def _page_ms(
    session: aiohttp.ClientSession, url: str, seconds: float = 5.0
) -> tuple[float, float]:
    """Median GET / latency in ms: quiet, then while 4 loops send GET /ws with no upgrade."""

    async def page(times: int) -> float:
        taken = []
        for _ in range(times):
            started = time.perf_counter()
            async with session.get(url) as response:
                await response.read()
            taken.append(time.perf_counter() - started)
            await asyncio.sleep(0.1)
        return round(1000 * sorted(taken)[len(taken) // 2], 1)

    async def flood(stop: float) -> None:
        while time.monotonic() < stop:
            async with session.get(url + "ws") as response:
                await response.read()

    quiet = await page(10)
    stop = time.monotonic() + seconds
    flooded = asyncio.create_task(page(int(seconds * 5)))
    await asyncio.gather(*(flood(stop) for _ in range(4)))
    return quiet, await flooded


async def _tabs(store: Path, count: int, step: int, keys: int) -> dict[str, object]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--port", str(port), "--store", str(store),
         "--max-tabs", str(count + 1), "--max-tabs-per-client", str(count + 1)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            await asyncio.sleep(0.1)
        url = f"http://127.0.0.1:{port}/ws?width=160&height=45"
        draw_s: dict[int, float] = {}
        echo_s: dict[int, float] = {}
        echo_p95_s: dict[int, float] = {}
        alive: dict[int, int] = {}
        async with aiohttp.ClientSession() as session:
            tabs: list[aiohttp.ClientWebSocketResponse] = []
            while len(tabs) < count:
                tab, seconds = await _open_tab(session, url)
                tabs.append(tab)
                if len(tabs) % step == 0 or len(tabs) == 1:
                    draw_s[len(tabs) - 1] = round(seconds, 3)
                    # Typing keeps every tab open (60 s idle at the login screen closes one).
                    for other in tabs[1:]:
                        await other.send_json(["stdin", "x"])
                    await asyncio.sleep(1)
                    samples = await _key_echo_samples(tabs[0], keys)
                    echo_s[len(tabs)] = round(sorted(samples)[len(samples) // 2], 4)
                    echo_p95_s[len(tabs)] = round(_p95(samples), 4)
                    alive[len(tabs)] = len(_tab_pids(server.pid))
            await asyncio.sleep(2)  # idle: the login screen drawn, nothing typed
            memory = [_memory_kb(pid) for pid in _tab_pids(server.pid)]
            zygote = [_memory_kb(pid) for pid in _zygotes(server.pid)]
            quiet_ms, flooded_ms = await _page_ms(session, f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {
        "tabs_open": len(memory),
        "pss_mb_per_idle_tab": round(sum(m[0] for m in memory) / len(memory) / 1024, 1),
        "rss_mb_per_idle_tab": round(sum(m[1] for m in memory) / len(memory) / 1024, 1),
        "zygote_pss_mb": round(sum(m[0] for m in zygote) / 1024, 1),
        "new_tab_login_screen_seconds_by_tabs_open": draw_s,
        "new_tab_login_screen_seconds_max": max(draw_s.values()),
        "key_redraw_seconds_median_by_tabs_open": echo_s,
        "key_redraw_seconds_p95_by_tabs_open": echo_p95_s,
        "tab_processes_alive_by_tabs_open": alive,
        "page_ms_quiet": quiet_ms,
        "page_ms_under_4_get_ws_loops": flooded_ms,
        "most_tabs_open_with_key_redraw_within_1s": max(
            (n for n, s in echo_p95_s.items() if s <= 1.0), default=0
        ),
    }


def _checks_per_s(
    store: Path, seconds: float, clients: int, *, back_off: bool, one_address: bool = False
) -> float:
    """Password checks `clients` threads get through for one name, with or without the
    back-off, each from its own address or all from one."""
    stop = time.monotonic() + seconds
    checks = [0] * clients

    def client(number: int) -> None:
        with Store.open(store) as opened:
            stored = opened.accounts.password_hash("anna")
            while time.monotonic() < stop:
                if back_off:
                    address = "203.0.113.1" if one_address else f"198.51.100.{number}"
                    claimed, wait = opened.accounts.claim_login(
                        "anna", address, datetime.now(UTC), attempt_wait_s
                    )
                    if claimed is None:
                        time.sleep(min(wait, 0.05))
                        continue
                verify_password("a wrong guess", stored)
                checks[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(checks) / seconds


def main(argv: list[str]) -> int:
    """Run the serve benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="workbench.bench serve", description=__doc__)
    parser.add_argument("--tabs", type=int, default=24, help="tabs to open (~50 MB each)")
    parser.add_argument("--step", type=int, default=4, help="time every STEP-th tab")
    parser.add_argument("--keys", type=int, default=20, help="keys timed at each STEP")
    parser.add_argument("--seconds", type=float, default=10.0, help="per login measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "serve.db"
        with Store.open(store) as opened:
            opened.accounts.add("anna", Role.REVIEWER, hash_password(PASSWORD))
        result: dict[str, object] = asyncio.run(_tabs(store, args.tabs, args.step, args.keys))
        unguarded = _checks_per_s(store, args.seconds, 10, back_off=False)
        guarded = _checks_per_s(store, args.seconds, 10, back_off=True)
        one_address = _checks_per_s(store, args.seconds, 10, back_off=True, one_address=True)
    result |= {
        "cpus": os.cpu_count(),
        "checks_per_s_10_clients_no_back_off": round(unguarded, 1),
        "checks_per_s_10_clients_back_off": round(guarded, 2),
        "checks_per_s_10_tabs_one_address_back_off": round(one_address, 2),
        "back_off_vs_none_ratio": round(guarded / unguarded, 4) if unguarded else None,
    }
    return emit(result, args.json)
