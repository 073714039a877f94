"""The base of every store part: a family of tables and the actions on them, over one connection."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.store.transaction import Connection


class Part:
    """One part of the store: a family of tables and the actions on them, over the shared
    connection. A part that needs another is given it by `Store` when it is built."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def conn(self) -> sqlite3.Connection:
        """The shared SQLite connection."""
        return self._connection.conn

    def write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One write transaction on the shared connection (see `Connection.write`)."""
        return self._connection.write()
