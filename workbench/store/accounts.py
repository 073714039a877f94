"""Reviewer accounts and login attempts: names, roles and password hashes, never passwords.

Hashing is `workbench.review.passwords`' business; this module only stores what it made.
"""

from __future__ import annotations

from workbench.errors import InputError
from workbench.records import Account, Role
from workbench.store.connection import utc_now
from workbench.store.part import Part


class Accounts(Part):
    """The `users` and `login_attempts` tables."""

    def add(self, name: str, role: Role, password_hash: str) -> Account:
        """Create an account; `InputError` if the name is taken."""
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

    def record_login(self, name: str, *, success: bool) -> None:
        """Note a login attempt for `name`, whether or not such an account exists."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO login_attempts (name, time, success) VALUES (?, ?, ?)",
                (name, utc_now(), int(success)),
            )

    def failed_logins(self, name: str) -> tuple[int, str | None]:
        """Failures for `name` since its last success, and when the latest one was."""
        rows = self.conn.execute(
            "SELECT success, time FROM login_attempts WHERE name = ? AND id > coalesce("
            "(SELECT max(id) FROM login_attempts WHERE name = ? AND success = 1), 0)",
            (name, name),
        ).fetchall()
        return len(rows), (rows[-1][1] if rows else None)
