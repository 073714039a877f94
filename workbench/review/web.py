"""`workbench serve`: the review app in a browser through textual-serve, one process per tab.

textual-serve starts the served entry (`workbench.review.served`) for each browser tab; every
tab opens on the login screen and works on the shared store like a terminal reviewer. The page
comes from our copy of textual-serve's template, which loads nothing from other hosts.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from textual_serve.server import Server

TEMPLATES = Path(__file__).with_name("web_templates")


def served_command(store_path: Path) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join(
        [sys.executable, "-m", "workbench.review.served", str(Path(store_path).resolve())]
    )


def serve(store_path: Path, host: str, port: int, public_url: str | None) -> None:
    """Serve until interrupted (Ctrl+C)."""
    Server(
        served_command(store_path),
        host=host,
        port=port,
        title="workbench review",
        public_url=public_url,
        templates_path=TEMPLATES,
    ).serve()
