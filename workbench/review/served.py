"""What textual-serve runs for each browser tab: the review app, behind its login screen.

`python -m workbench.review.served STORE`, or forked from `--zygote FD STORE` (see
`workbench.review.forks`); never started by hand (see `workbench serve`), which passes the
browser's address and its own pid in the environment. A tab that stays on
the login screen (idle, or too long in all) closes itself; a logged-in tab ends when its
account is removed or its password changed; every tab dies with the server.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

# What every tab imports on its way to the login screen: the zygote holds it for all of them.
import textual._xterm_parser  # noqa: F401
import textual.drivers.web_driver  # noqa: F401
import textual.layouts.factory  # noqa: F401
import textual.scrollbar  # noqa: F401
from textual.widgets import Input

from workbench.review.app import ReviewApp
from workbench.review.forks import ZYGOTE_FLAG, die_with_parent, serve_forks
from workbench.review.screens.login import LoginScreen, Session
from workbench.review.web_gate import CLIENT_ENV, SERVER_PID_ENV
from workbench.store import Store

# A tab at the login screen closes after this long without typing, or this long in all.
LOGIN_IDLE_S = 60.0
LOGIN_LIMIT_S = 300.0
# How often a tab checks that it may still run (login timeouts, session still valid).
CHECK_EVERY_S = 1.0


class ServedReviewApp(ReviewApp):
    """The review app for a browser tab: log in first; no command palette to get around it."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        store_path: Path,
        *,
        client: str = "",
        login_idle_s: float = LOGIN_IDLE_S,
        login_limit_s: float = LOGIN_LIMIT_S,
        **options: Any,
    ) -> None:
        super().__init__(store_path, reviewer="", login=True, **options)
        self.client = client
        self.login_idle_s = login_idle_s
        self.login_limit_s = login_limit_s
        self.session: Session | None = None
        self._opened = self._typed = time.monotonic()
        self._accounts: Store | None = None

    def on_mount(self) -> None:
        self.push_screen(LoginScreen(self.client), self.start_session)
        self.set_interval(CHECK_EVERY_S, self.check_still_allowed)

    def on_unmount(self) -> None:
        if self._accounts is not None:
            self._accounts.close()

    def on_input_changed(self, _: Input.Changed) -> None:
        self._typed = time.monotonic()

    def start_session(self, session: Session | None) -> None:
        if session is not None:
            self.session = session
            self.logged_in(session.account)

    def check_still_allowed(self) -> None:
        """Close a tab idle at the login screen, or whose account has changed since login."""
        if self.session is None:
            now = time.monotonic()
            if now - self._typed > self.login_idle_s or now - self._opened > self.login_limit_s:
                self.exit(message="closed at the login screen: no login in time")
            return
        if self._accounts is None:
            self._accounts = Store.open(self.store_path, create=False)
        name = self.session.account.name
        if self._accounts.accounts.password_hash(name) != self.session.password_hash:
            self.exit(message=f"the account {name} was removed or its password changed")


def die_with_server() -> None:
    """Have Linux kill this process when the server that started it dies, even by SIGKILL;
    exit at once if it already has (the tab was started by `exec`, the server is the parent)."""
    server = os.environ.get(SERVER_PID_ENV)
    if server is not None:
        die_with_parent(int(server))


def run_tab(store_path: Path) -> None:
    """Run one tab's app on this process's stdin and stdout."""
    ServedReviewApp(store_path, client=os.environ.get(CLIENT_ENV, "")).run()


if __name__ == "__main__":
    die_with_server()
    if sys.argv[1] == ZYGOTE_FLAG:  # --zygote FD STORE: fork the tabs (`workbench.review.forks`)
        store_path = Path(sys.argv[3])
        # Every tab shares what a first save's checks load, instead of loading its own.
        from workbench.review.actions import load_checks

        load_checks()
        serve_forks(int(sys.argv[2]), lambda: run_tab(store_path))
    else:
        run_tab(Path(sys.argv[1]))
