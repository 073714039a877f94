"""Password hashing and the login back-off: pure functions, no storage, nothing logged.

Hashes are salted scrypt (standard library), stored as one self-describing string so the
cost can be raised later without breaking stored accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: ~50 ms and 16 MiB per check, so guessing offline is slow too.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
MIN_LENGTH = 8
# Failures for one name before logins for it are slowed down, and the longest wait.
FREE_FAILURES = 3
MAX_WAIT_S = 300


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


def login_wait_s(failures_in_a_row: int) -> float:
    """How long after the last failure a name must wait before its next login attempt."""
    if failures_in_a_row < FREE_FAILURES:
        return 0.0
    return float(min(2 ** (failures_in_a_row - FREE_FAILURES + 1), MAX_WAIT_S))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n, dklen=_KEY_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
