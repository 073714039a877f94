"""`workbench serve` before anyone logs in: what a client controls is bounded.

A real server process; requests from aiohttp's client (what any script can send).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.serving import Served, children, serving, until
from tests.tui.helpers import build_review_store
from workbench.records import Role
from workbench.review.passwords import hash_password
from workbench.review.web import FLOODED
from workbench.review.web_gate import (
    KEYS_BACKLOG,
    MAX_HEIGHT,
    MAX_WIDTH,
    KeyPace,
    Origins,
    clamp_size,
    client_address,
)
from workbench.store import Store


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    review_store = build_review_store(tmp_path / "review.db")
    with Store.open(review_store.path) as store:
        store.accounts.add("anna", Role.REVIEWER, hash_password("correct horse battery"))
    return review_store.path


@pytest.fixture
def served(store_file: Path, tmp_path: Path) -> Iterator[Served]:
    with serving(store_file, tmp_path / "serve.log") as server:
        yield server


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


async def _first_frames(socket: aiohttp.ClientWebSocketResponse, text: bytes) -> bytes:
    """What the tab sends until `text` appears in it."""
    received = b""
    async with asyncio.timeout(60):
        while text not in received:
            message = await socket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the tab closed: {message}")
    return received


async def test_get_ws_without_an_upgrade_is_one_log_line(
    served: Served, session: aiohttp.ClientSession
) -> None:
    before = served.log_text()
    for _ in range(3):
        async with session.get(served.url + "ws") as response:
            assert response.status == 400
    until(lambda: served.log_text().count('GET /ws HTTP/1.1" 400') == 3, "the access lines")
    added = served.log_text()[len(before) :].splitlines()
    assert len(added) == 3, added


async def test_a_static_folder_is_not_listed(
    served: Served, session: aiohttp.ClientSession
) -> None:
    for folder in ("static/", "static/css", "static/css/", "static/js/"):
        async with session.get(served.url + folder) as response:
            assert response.status == 404, folder
    async with session.get(served.url + "static/css/xterm.css") as response:
        assert response.status == 200


async def test_another_host_name_is_refused(served: Served, session: aiohttp.ClientSession) -> None:
    """A DNS name rebound to 127.0.0.1 reaches the server, but names another host."""
    headers = {"Host": f"attacker.example:{served.port}"}
    async with session.get(served.url, headers=headers) as response:
        assert response.status == 421
    async with session.get(served.url) as response:
        assert response.status == 200


async def test_a_page_of_another_origin_gets_no_tab(
    served: Served, session: aiohttp.ClientSession
) -> None:
    url = served.url + "ws"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await session.ws_connect(url, headers={"Origin": "http://attacker.example"})
    assert refused.value.status == 403
    own = f"http://127.0.0.1:{served.port}"
    async with session.ws_connect(url, headers={"Origin": own}) as socket:
        await _first_frames(socket, b"log in")


async def test_a_huge_or_negative_terminal_size_is_clamped(
    served: Served, session: aiohttp.ClientSession
) -> None:
    async with session.ws_connect(served.url + "ws?width=20000&height=20000") as socket:
        first = await _first_frames(socket, b"log in")
        # The login screen is centred on the screen the tab drew: the clamped size, not 80×24.
        at = [(int(row), int(column)) for row, column in re.findall(rb"\x1b\[(\d+);(\d+)H", first)]
        assert max(row for row, _ in at) <= MAX_HEIGHT and max(col for _, col in at) <= MAX_WIDTH
        assert (
            max(row for row, _ in at) > MAX_HEIGHT // 3 and max(c for _, c in at) > MAX_WIDTH // 3
        )
        for size in ({"width": 20000, "height": 20000}, {"width": -5, "height": -5}, {}):
            await socket.send_json(["resize", size])
        await socket.send_json(["not", "a", "message"])
        await socket.send_str("not json")
        # The tab still draws (a key it echoes), and sent no more than a bounded screen's worth.
        await socket.send_json(["stdin", "zq"])
        received = await _first_frames(socket, b"zq")
        assert len(received) < 4_000_000
    assert "Traceback" not in served.log_text()


async def test_tabs_are_limited_per_client_and_in_all(store_file: Path, tmp_path: Path) -> None:
    options = ("--max-tabs", "3", "--max-tabs-per-client", "2")
    with serving(store_file, tmp_path / "serve.log", *options) as served:
        here = aiohttp.ClientSession()
        # Another loopback address is another client.
        there = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=("127.0.0.2", 0)))
        async with here, there:
            url = served.url + "ws"
            tabs = [await here.ws_connect(url), await here.ws_connect(url)]
            for tab in tabs:
                await _first_frames(tab, b"log in")
            over = await here.ws_connect(url)
            refusal = await over.receive()
            assert refusal.type == aiohttp.WSMsgType.CLOSE and refusal.data == 4000
            assert "Too many tabs open from your address (2)" in refusal.extra
            tabs.append(await there.ws_connect(url))
            await _first_frames(tabs[-1], b"log in")
            full = await (await there.ws_connect(url)).receive()
            assert "The server has its most tabs open (3)" in full.extra
            # A closed tab frees its place.
            await tabs[0].close()
            until(lambda: len(served.tab_pids()) == 2, "the closed tab's process to end")
            await _first_frames(await here.ws_connect(url), b"log in")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_tabs_end_with_the_server(
    served: Served, session: aiohttp.ClientSession, stop: signal.Signals
) -> None:
    """SIGTERM closes every tab at once (it took 15 s); SIGKILL leaves none running."""
    async with session.ws_connect(served.url + "ws") as socket:
        await _first_frames(socket, b"log in")
        (tab,) = served.tab_pids()
        os.kill(served.process.pid, stop)
        served.process.wait(timeout=10)
    until(lambda: not _alive(tab), "the tab process to end", wait_s=10)


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    # A zombie has ended; only its parent (gone here) would reap it.
    return status.exists() and "State:\tZ" not in status.read_text()


def test_sizes_are_clamped() -> None:
    assert clamp_size(20000, 20000) == (MAX_WIDTH, MAX_HEIGHT)
    assert clamp_size(-3, 0) == (20, 5)
    assert clamp_size("abc", None) == (80, 24)
    assert clamp_size("120", 40.0) == (120, 40)


def test_origins_of_a_server() -> None:
    loopback = Origins.of("127.0.0.1", 8000, None)
    assert loopback.host_allowed("127.0.0.1:8000") and loopback.host_allowed("localhost:8000")
    assert not loopback.host_allowed("attacker.example:8000")
    assert loopback.origin_allowed("http://localhost:8000")
    assert not loopback.origin_allowed("http://attacker.example")
    assert not loopback.origin_allowed("http://127.0.0.1:9000")
    public = Origins.of("127.0.0.1", 8000, "https://review.example.org")
    assert public.origin_allowed("https://review.example.org")
    assert public.host_allowed("review.example.org")
    assert not public.origin_allowed("http://review.example.org")
    anywhere = Origins.of("0.0.0.0", 8000, None)
    assert anywhere.host_allowed("192.168.1.20:8000")
    assert anywhere.origin_allowed("http://192.168.1.20:8000")
    assert not anywhere.host_allowed("attacker.example:8000")


def test_a_client_behind_a_local_proxy_is_the_forwarded_address() -> None:
    assert client_address("127.0.0.1", "203.0.113.9", behind_proxy=True) == "203.0.113.9"
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.9", behind_proxy=True) == "203.0.113.9"
    # Without a proxy, or from a remote peer, the header is the client's own claim.
    assert client_address("127.0.0.1", "203.0.113.9", behind_proxy=False) == "127.0.0.1"
    assert client_address("198.51.100.7", "203.0.113.9", behind_proxy=True) == "198.51.100.7"


async def test_a_flood_of_keys_is_paced_then_closed(
    served: Served, session: aiohttp.ClientSession
) -> None:
    """Each key costs the tab ~0.1 ms of CPU: past a burst they reach it at a typing pace, and
    a client that keeps sending far faster is cut off with the reason."""
    async with session.ws_connect(served.url + "ws") as socket:
        await _first_frames(socket, b"log in")
        for _ in range(KEYS_BACKLOG // 60_000 + 1):
            await socket.send_json(["stdin", "x" * 60_000])
        async with asyncio.timeout(30):
            while (closing := await socket.receive()).type != aiohttp.WSMsgType.CLOSE:
                pass
    assert closing.data == 4000
    assert closing.extra == FLOODED
    assert "a flood of keys" in served.log_text()


def test_keys_pass_in_a_burst_then_at_a_pace() -> None:
    pace = KeyPace(rate=1000, burst=16_000)
    assert pace.wait_s(16_000, now=0.0) == 0.0
    assert pace.wait_s(1000, now=0.0) == 1.0
    assert pace.wait_s(1000, now=2.0) == 0.0
    assert pace.wait_s(10, now=2.0) > 0


async def test_tabs_fork_from_the_zygote_and_still_open_without_it(
    served: Served, session: aiohttp.ClientSession
) -> None:
    async with session.ws_connect(served.url + "ws") as socket:
        await _first_frames(socket, b"log in")
        zygote = served.zygote_pid()
        assert zygote is not None
        (tab,) = served.tab_pids()
        assert children(zygote) == [tab]
        os.kill(zygote, signal.SIGKILL)
        until(lambda: not _alive(tab), "the tab to end with the zygote", wait_s=10)
    async with session.ws_connect(served.url + "ws") as socket:
        await _first_frames(socket, b"log in")
        (tab,) = served.tab_pids()
        assert Path(f"/proc/{tab}/status").exists() and served.zygote_pid() is None
        async with session.ws_connect(served.url + "ws") as another:
            await _first_frames(another, b"log in")
    assert served.log_text().count("the zygote is gone") == 1
