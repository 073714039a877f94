"""Reviewer accounts and login attempts: names, roles and password hashes, never passwords.

Hashing and the back-off policy are `workbench.review.passwords`' business; this module only
stores what they made and counts attempts, each claim in one write transaction so parallel
tabs cannot all read the same count before any of them records its attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from workbench.errors import InputError
from workbench.records import Account, Role
from workbench.store.part import Part
from workbench.store.transaction import utc_now

# Longest account name; a login attempt stores at most this much of the name typed.
MAX_NAME_LENGTH = 64
# A client is an address (IPv6 at most 45 characters); anything longer is cut.
MAX_CLIENT_LENGTH = 64
# How long an attempt is kept: well past the longest back-off (5 min), so the back-off sees
# every failure that still matters, while clients that never log in cannot grow the store
# beyond an hour of attempts (at most 5 checks a second).
ATTEMPT_MEMORY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class LoginHistory:
    """What the back-off decides on: failures (and the latest one's time) since the last
    success for the name from this client and for the client whatever the name, and how many
    attempts all clients made in the last second."""

    pair_failures: int
    pair_last: str | None
    client_failures: int
    client_last: str | None
    last_second: int


def check_account_name(name: str) -> None:
    """`InputError` unless `name` can be an account: printable, trimmed, not too long."""
    if not name.strip() or name != name.strip():
        raise InputError("an account name must be non-empty, without surrounding spaces")
    if not name.isprintable():
        raise InputError(f"an account name must not hold control characters: {name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"an account name has at most {MAX_NAME_LENGTH} characters")


class Accounts(Part):
    """The `users` and `login_attempts` tables."""

    def add(self, name: str, role: Role, password_hash: str) -> Account:
        """Create an account; `InputError` if the name is taken or cannot be a name."""
        check_account_name(name)
        now = utc_now()
        with self.write() as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise InputError(f"there is already an account named {name!r}")
            conn.execute(
                "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                (name, str(role), password_hash, now),
            )
        return Account(name, role, now)

    def list_all(self) -> list[Account]:
        """Every account, by name."""
        return [
            Account(row[0], Role(row[1]), row[2])
            for row in self.conn.execute("SELECT name, role, created FROM users ORDER BY name")
        ]

    def any(self) -> bool:
        """Whether the store has an account at all."""
        return self.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def get(self, name: str) -> Account | None:
        """The account called `name`, if any."""
        row = self.conn.execute(
            "SELECT name, role, created FROM users WHERE name = ?", (name,)
        ).fetchone()
        return Account(row[0], Role(row[1]), row[2]) if row else None

    def password_hash(self, name: str) -> str | None:
        """The stored hash of an account's password (None: no such account)."""
        row = self.conn.execute(
            "SELECT password_hash FROM users WHERE name = ?", (name,)
        ).fetchone()
        return row[0] if row else None

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace an account's password hash; `InputError` if there is no such account."""
        with self.write() as conn:
            changed = conn.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name)
            ).rowcount
        if not changed:
            raise InputError(f"no account named {name!r}", hint="see `workbench users list`")

    def remove(self, name: str) -> None:
        """Delete an account (what it did stays recorded under its name)."""
        with self.write() as conn:
            removed = conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount
        if not removed:
            raise InputError(f"no account named {name!r}", hint="see `workbench users list`")

    def claim_login(
        self,
        name: str,
        client: str,
        now: datetime,
        wait_s: Callable[[LoginHistory, datetime], float],
    ) -> tuple[int | None, float]:
        """Claim one login attempt: `(attempt id, 0)`, the attempt recorded as failed until
        `login_succeeded`; or `(None, seconds)` while `wait_s` says to wait. Read and record
        happen in one write transaction, so every claim counts the ones before it."""
        name, client = name[:MAX_NAME_LENGTH], client[:MAX_CLIENT_LENGTH]
        when = now.isoformat(timespec="microseconds")
        with self.write() as conn:
            conn.execute(
                "DELETE FROM login_attempts WHERE time < ?",
                ((now - ATTEMPT_MEMORY).isoformat(timespec="microseconds"),),
            )
            history = LoginHistory(
                *self._failures("name = ? AND client = ?", (name, client)),
                *self._failures("client = ?", (client,)),
                conn.execute(
                    "SELECT count(*) FROM login_attempts WHERE time > ?",
                    ((now - timedelta(seconds=1)).isoformat(timespec="microseconds"),),
                ).fetchone()[0],
            )
            wait = wait_s(history, now)
            if wait > 0:
                return None, wait
            attempt = conn.execute(
                "INSERT INTO login_attempts (name, client, time, success) VALUES (?, ?, ?, 0)",
                (name, client, when),
            ).lastrowid
        assert attempt is not None
        return attempt, 0.0

    def login_succeeded(self, attempt: int) -> None:
        """Mark a claimed attempt as the success it turned out to be."""
        with self.write() as conn:
            conn.execute("UPDATE login_attempts SET success = 1 WHERE id = ?", (attempt,))

    def failed_logins(self, name: str, client: str = "") -> tuple[int, str | None]:
        """Failures for `name` from `client` since their last success, and the latest's time."""
        return self._failures("name = ? AND client = ?", (name, client))

    def _failures(self, where: str, args: tuple[str, ...]) -> tuple[int, str | None]:
        count, last = self.conn.execute(
            f"SELECT count(*), max(time) FROM login_attempts WHERE {where} AND id > coalesce("
            f"(SELECT max(id) FROM login_attempts WHERE {where} AND success = 1), 0)",
            args + args,
        ).fetchone()
        return count, last
