"""What `workbench serve` lets in before anyone logs in: pure rules, no server.

- Origins: a browser page may open a tab only from the server's own origin (the address it
  binds, its loopback names, `--public-url`); the Host header must name the server too, so a
  page on another site cannot reach a loopback server by rebinding its DNS name to 127.0.0.1.
- Clients: a tab's client is the peer's address; behind a proxy on this machine (a
  `--public-url` is given and the peer is loopback) the address the proxy forwarded.
- Limits: tabs per client and in all, the terminal size a client may ask for, and how fast
  its keys reach the tab (each character costs the tab ~0.1 ms of CPU, so a flood of pasted
  text is paced; a person typing or pasting a paragraph never waits).
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# What the server tells each tab's process in its environment.
CLIENT_ENV = "WORKBENCH_CLIENT"
SERVER_PID_ENV = "WORKBENCH_SERVER_PID"
# The terminal sizes a tab may ask for (cells): a 4K screen at a small font is ~480 × 135.
MIN_WIDTH, MAX_WIDTH = 20, 500
MIN_HEIGHT, MAX_HEIGHT = 5, 200
DEFAULT_WIDTH, DEFAULT_HEIGHT = 80, 24
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _netloc(host: str, port: int, scheme: str = "http") -> str:
    """`host:port` as a browser writes it in Host and Origin (no default port, IPv6 bracketed)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return host if _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Origins:
    """The hosts and origins of one server: what its own pages send."""

    hosts: frozenset[str]
    origins: frozenset[str]
    # Bound to every address (0.0.0.0, ::): any IP literal names it, no DNS name does.
    any_address_port: int | None = None

    @classmethod
    def of(cls, host: str, port: int, public_url: str | None) -> Origins:
        wildcard = host in ("0.0.0.0", "::", "")
        names = {host} | (set(_LOOPBACK_NAMES) if is_loopback(host) else set())
        hosts = {_netloc(name, port) for name in names if name}
        origins = {f"http://{netloc}" for netloc in hosts}
        if public_url:
            public = urlsplit(public_url)
            scheme = public.scheme or "http"
            netloc = _netloc(public.hostname or "", public.port or _DEFAULT_PORTS[scheme], scheme)
            hosts.add(netloc)
            origins.add(f"{scheme}://{netloc}")
        return cls(frozenset(hosts), frozenset(origins), port if wildcard else None)

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's Host names this server."""
        if not host_header:
            return False
        host = host_header.lower()
        if host in self.hosts:
            return True
        return self.any_address_port is not None and _ip_netloc(host, self.any_address_port)

    def origin_allowed(self, origin: str | None) -> bool:
        """Whether a page of `origin` may open a tab (no Origin: not a browser, not a page)."""
        if origin is None:
            return True
        origin = origin.lower()
        if origin in self.origins:
            return True
        scheme, _, netloc = origin.partition("://")
        return (
            scheme == "http"
            and self.any_address_port is not None
            and _ip_netloc(netloc, self.any_address_port)
        )


def _ip_netloc(netloc: str, port: int) -> bool:
    host, _, found_port = netloc.rpartition(":")
    return found_port == str(port) and _is_ip_literal(host)


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def client_address(peer: str | None, forwarded_for: str | None, behind_proxy: bool) -> str:
    """Who a request comes from, for the limits and the login back-off."""
    if behind_proxy and peer is not None and is_loopback(peer) and forwarded_for:
        # The proxy appends the address it saw; earlier entries are the client's own claims.
        return forwarded_for.rsplit(",", 1)[-1].strip()[:64]
    return peer or "unknown"


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size a tab can draw cheaply, whatever a client sent."""
    return (
        _clamp(width, DEFAULT_WIDTH, MIN_WIDTH, MAX_WIDTH),
        _clamp(height, DEFAULT_HEIGHT, MIN_HEIGHT, MAX_HEIGHT),
    )


def _clamp(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
    return max(low, min(high, number))


# Keys a tab takes per second once a burst is spent, the burst (a pasted paragraph goes
# through at once), and the backlog past which a connection is closed as a flood.
KEYS_PER_S = 1000
KEYS_BURST = 16 * 1024
KEYS_BACKLOG = 128 * 1024


@dataclass
class KeyPace:
    """A token bucket over characters sent to a tab: `wait_s` says how long `count` more
    must wait, and takes them."""

    rate: float = KEYS_PER_S
    burst: float = KEYS_BURST
    tokens: float = field(init=False)
    updated: float | None = None

    def __post_init__(self) -> None:
        self.tokens = self.burst

    def wait_s(self, count: int, now: float) -> float:
        if self.updated is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= count
        return max(0.0, -self.tokens / self.rate)


@dataclass
class Tabs:
    """The open tabs per client; `open` refuses past either limit with the reason."""

    max_tabs: int
    max_per_client: int
    by_client: Counter[str] = field(default_factory=Counter)

    def open(self, client: str) -> str | None:
        """Count a new tab for `client`; or, over a limit, say why not (nothing counted)."""
        if self.by_client[client] >= self.max_per_client:
            return (
                f"Too many tabs open from your address ({self.max_per_client}): "
                "close one, then press Restart."
            )
        if self.by_client.total() >= self.max_tabs:
            return f"The server has its most tabs open ({self.max_tabs}): try again later."
        self.by_client[client] += 1
        return None

    def close(self, client: str) -> None:
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]
