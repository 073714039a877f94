"""Unicode case folding inside SQL: SQLite's own `lower()` folds ASCII letters only.

`casefold(x)` is registered on every store connection so that "älv" finds "Älvsjö" and
"ÅSA" finds "Åsa" in any query, whatever the script.
"""

from __future__ import annotations

import sqlite3
import unicodedata


def fold(text: str | None) -> str | None:
    """Case-folded NFC text: the form both sides of a search are compared in."""
    if text is None:
        return None
    # NFC first: "å" typed as one code point must find "å" stored as a + combining ring.
    return unicodedata.normalize("NFC", text).casefold()


def register(conn: sqlite3.Connection) -> None:
    """Make `casefold()` available to this connection's SQL."""
    conn.create_function("casefold", 1, fold, deterministic=True)
