"""Password hashing and the login back-off: pure functions, no storage, nothing logged.

Hashes are salted scrypt (standard library), stored as one self-describing string so the
cost can be raised later without breaking stored accounts.

The back-off counts failures per name *from one client* and per client whatever the name,
never per name alone: a stranger's guesses slow the stranger down, not the account's owner
on another client. A store-wide cap on checks per second bounds the work of many clients.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

from workbench.store.accounts import LoginHistory

# scrypt cost: ~50 ms and 16 MiB per check, so guessing offline is slow too.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
MIN_LENGTH = 8
# Longer passwords are refused unchecked (and the login field takes no more).
MAX_LENGTH = 256
# Failures for one name from one client before its logins are slowed down; a client trying
# names gets more; the longest wait; checks per second for the whole store.
FREE_FAILURES = 3
FREE_CLIENT_FAILURES = 10
MAX_WAIT_S = 300
MAX_CHECKS_PER_S = 5


def hash_password(password: str) -> str:
    """A new salted hash of `password`, as `scrypt$N$r$p$salt$key` (base64 parts)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = _derive(password, salt, _N, _R, _P)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches `stored`; with no stored hash, the same work, then False."""
    if stored is None:
        # Costs what a real check costs, so the time taken does not tell a name exists.
        hash_password(password)
        return False
    scheme, n, r, p, salt, key = stored.split("$")
    if scheme != "scrypt":
        return False
    derived = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    return hmac.compare_digest(derived, base64.b64decode(key))


def login_wait_s(failures_in_a_row: int, free: int = FREE_FAILURES) -> float:
    """How long after the last of `failures_in_a_row` failures the next attempt must wait."""
    if failures_in_a_row < free:
        return 0.0
    return float(min(2 ** (failures_in_a_row - free + 1), MAX_WAIT_S))


def attempt_wait_s(history: LoginHistory, now: datetime) -> float:
    """Seconds before an attempt with this history may be checked (0: now)."""
    waits = [1.0 if history.last_second >= MAX_CHECKS_PER_S else 0.0]
    for failures, last, free in (
        (history.pair_failures, history.pair_last, FREE_FAILURES),
        (history.client_failures, history.client_last, FREE_CLIENT_FAILURES),
    ):
        if last is not None:
            # `now` is read before the claim waits for the store's lock, so a parallel claim
            # may have recorded a later time: that is no reason to wait longer.
            since = max(0.0, (now - datetime.fromisoformat(last)).total_seconds())
            waits.append(login_wait_s(failures, free) - since)
    return max(waits)


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n, dklen=_KEY_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
