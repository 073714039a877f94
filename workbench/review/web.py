"""`workbench serve`: the review app in a browser through textual-serve, one process per tab.

textual-serve starts the served entry (`workbench.review.served`) for each browser tab; every
tab opens on the login screen and works on the shared store like a terminal reviewer. The page
comes from our copy of textual-serve's template, which loads nothing from other hosts.

`GuardedServer` keeps textual-serve's routes, page and process handling and adds what a
server reachable before login needs (`workbench.review.web_gate` holds the rules): the Host
and Origin checks, no directory listings, bounded tabs, terminal sizes and messages, one log
line per refusal (never a traceback with request headers), and tabs that end with it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from workbench.review.forks import Forks
from workbench.review.web_gate import (
    CLIENT_ENV,
    KEYS_BACKLOG,
    KEYS_PER_S,
    SERVER_PID_ENV,
    KeyPace,
    Origins,
    Tabs,
    clamp_size,
    client_address,
)

TEMPLATES = Path(__file__).with_name("web_templates")
# Typed keys and resizes are small; a paste larger than this closes the tab's connection.
MAX_MESSAGE_BYTES = 64 * 1024
# WebSocket close code (application range) whose reason the page shows in place of
# "Session ended.": a refused tab says why.
REFUSED = 4000
FLOODED = "Closed: keys arrived far faster than anyone types or pastes."
log = logging.getLogger("workbench.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def served_command(store_path: Path) -> str:
    """The shell command textual-serve runs for each browser tab (`exec`: the tab is the
    server's own child, so it can die with the server)."""
    argv = [sys.executable, "-m", "workbench.review.served", str(Path(store_path).resolve())]
    return "exec " + shlex.join(argv)


class _Tab(AppService):
    """One tab's app process: told its client and the server's pid, never a terminal size
    outside the bounds, and keys at a pace (a task forwards them, so the socket keeps being
    read meanwhile; pieces may split a UTF-8 character, which the tab decodes incrementally)."""

    def __init__(self, command: str, client: str, forks: Forks | None, **options: Any) -> None:
        super().__init__(command, **options)
        self.client = client
        self.forks = forks
        self.pace = KeyPace()
        self.keys: asyncio.Queue[bytes] = asyncio.Queue()
        self.backlog = 0
        self.forwarding: asyncio.Task[None] | None = None

    def take_keys(self, data: str) -> bool:
        """Queue keys for the tab, paced; False (nothing queued) past the flood backlog."""
        encoded = data.encode("utf-8")
        if self.backlog + len(encoded) > KEYS_BACKLOG:
            return False
        self.backlog += len(encoded)
        self.keys.put_nowait(encoded)
        if self.forwarding is None:
            self.forwarding = asyncio.create_task(self._forward_keys())
        return True

    async def _forward_keys(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            data = await self.keys.get()
            # Pieces of a second's worth, so a long paste is paced rather than held back.
            for start in range(0, len(data), KEYS_PER_S):
                piece = data[start : start + KEYS_PER_S]
                await asyncio.sleep(self.pace.wait_s(len(piece), loop.time()))
                await self.send_bytes(piece)
                self.backlog -= len(piece)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        """The tab forked from the zygote; started as a process of its own without one."""
        if self.forks is None or self.forks.gone:
            return await super()._open_app_process(width, height)
        try:
            tab = await self.forks.open(self._build_environment(width, height))
        except OSError as error:  # logged once: later tabs see `gone`
            log.error("the zygote is gone (%s): tabs start as processes of their own", error)
            return await super()._open_app_process(width, height)
        self._process = tab  # type: ignore[assignment]  # the streams are all textual-serve uses
        self._stdin = tab.stdin
        return tab

    async def stop(self) -> None:
        if self.forwarding is not None:
            self.forwarding.cancel()
        await super().stop()
        if self._stdin is not None:
            self._stdin.close()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(*clamp_size(width, height))
        environment[CLIENT_ENV] = self.client
        environment[SERVER_PID_ENV] = str(os.getpid())
        return environment

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(width, height))


class GuardedServer(Server):
    """textual-serve's server, bounded for clients that have not logged in."""

    def __init__(
        self,
        command: str,
        *,
        max_tabs: int,
        max_tabs_per_client: int,
        store_path: Path | None = None,
        **options: Any,
    ) -> None:
        super().__init__(command, **options)
        # Tabs fork from a zygote that has imported the app (`workbench.review.forks`).
        self.store_path = store_path
        self.forks: Forks | None = None
        self.origins = Origins.of(self.host, self.port, options.get("public_url"))
        self.behind_proxy = options.get("public_url") is not None
        self.tabs = Tabs(max_tabs, max_tabs_per_client)
        self.open_sockets: set[web.WebSocketResponse] = set()

    def initialize_logging(self) -> None:
        # One plain line per record: textual-serve's rich tracebacks with locals cost ~0.8 s
        # of the event loop and wrote request headers to the log.
        logging.basicConfig(level="INFO", format="%(asctime)s %(message)s", datefmt="%X")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.store_path is not None:
            try:
                self.forks = Forks(self.store_path, self._tab_environment())
            except OSError as error:
                log.error("%s: tabs start as processes of their own", error)
            app.on_cleanup.append(self._stop_forks)
        self._statics = app.router["static"]
        app.middlewares.append(self._gate)
        return app

    async def _stop_forks(self, app: web.Application) -> None:
        # After the tabs' handlers have ended (each told its tab to quit).
        if self.forks is not None:
            self.forks.stop()

    def _tab_environment(self) -> dict[str, str]:
        """A tab's environment, for the zygote: textual reads its settings at import."""

        async def nothing(*_: Any) -> None:
            return None

        unconnected = _Tab(
            self.command,
            "",
            None,
            write_bytes=nothing,
            write_str=nothing,
            close=nothing,
            download_manager=self.download_manager,
        )
        return unconnected._build_environment()

    @web.middleware
    async def _gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.origins.host_allowed(request.host):
            host = request.host[:100]  # a client's header: logged short
            log.warning("refused %s: Host %r is not this server", request.remote, host)
            raise web.HTTPMisdirectedRequest(text="This server is not that host.\n")
        filename = request.match_info.get("filename")
        if request.match_info.route.resource is self._statics and (
            not filename or (self.statics_path / filename).is_dir()
        ):
            raise web.HTTPNotFound()  # textual-serve's static route would list the folder
        return await handler(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:  # type: ignore[override]
        client = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), self.behind_proxy
        )
        origin = request.headers.get("Origin")
        if not self.origins.origin_allowed(origin):
            log.warning("refused a tab for %s: a page of %r", client, str(origin)[:100])
            raise web.HTTPForbidden(text="Tabs open only from this server's own page.\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        if not websocket.can_prepare(request):
            # The access log's line for the 400 is the only one: no traceback, no headers.
            raise web.HTTPBadRequest(text="This address takes WebSocket connections only.\n")
        await websocket.prepare(request)
        refusal = self.tabs.open(client)
        if refusal is not None:
            log.warning("refused a tab for %s: %s", client, refusal)
            await websocket.close(code=REFUSED, message=refusal.encode())
            return websocket
        try:
            await self._run_tab(request, websocket, client)
        finally:
            self.tabs.close(client)
        return websocket

    async def _run_tab(
        self, request: web.Request, websocket: web.WebSocketResponse, client: str
    ) -> None:
        tab = _Tab(
            self.command,
            client,
            self.forks,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.open_sockets.add(websocket)
        try:
            await tab.start(*clamp_size(request.query.get("width"), request.query.get("height")))
            try:
                await self._process_messages(websocket, tab)
            finally:
                await tab.stop()
        except (asyncio.CancelledError, ConnectionError):
            await websocket.close()
        except Exception as error:  # noqa: BLE001 (one line: the tab's end must not cost more)
            log.error("tab for %s ended: %s: %s", client, type(error).__name__, error)
        finally:
            self.open_sockets.discard(websocket)

    async def _process_messages(  # type: ignore[override]
        self, websocket: web.WebSocketResponse, app_service: _Tab
    ) -> None:
        """Pass keys, resizes, focus and pings on; anything malformed is dropped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                if not app_service.take_keys(data):
                    log.warning("closed a tab for %s: a flood of keys", app_service.client)
                    await websocket.close(code=REFUSED, message=FLOODED.encode())
                    return
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(data.get("width"), data.get("height"))  # type: ignore[arg-type]
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        # Close every tab's socket at once: each handler then stops its app process, and
        # the server need not wait for the browsers to hang up.
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY) for ws in list(self.open_sockets)),
            return_exceptions=True,
        )


def serve(
    store_path: Path,
    host: str,
    port: int,
    public_url: str | None,
    *,
    max_tabs: int,
    max_tabs_per_client: int,
) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM)."""
    GuardedServer(
        served_command(store_path),
        max_tabs=max_tabs,
        max_tabs_per_client=max_tabs_per_client,
        store_path=store_path,
        host=host,
        port=port,
        title="workbench review",
        public_url=public_url,
        templates_path=TEMPLATES,
    ).serve()
