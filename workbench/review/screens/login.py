"""The served app's first screen: name and password, checked against the store's accounts.

A wrong name and a wrong password read the same; failures slow the next attempts from the
same client down (`workbench.review.passwords.attempt_wait_s`), and every checked attempt is
recorded, claimed before its slow check so parallel tabs cannot race the count. Both fields
take a bounded length: typing costs the tab no more than a name or password can need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from workbench.records import Account
from workbench.review.passwords import MAX_LENGTH, attempt_wait_s, verify_password
from workbench.review.screens.base import StoreScreen
from workbench.store.accounts import MAX_NAME_LENGTH

WRONG = "Wrong name or password."


@dataclass(frozen=True)
class Session:
    """A logged-in account and the password hash it logged in with: a new password (or a
    removed account) ends the session."""

    account: Account
    password_hash: str


@dataclass
class LoginChecked(Message):
    """A login attempt was checked: the session on success, else what to tell the person."""

    session: Session | None
    refusal: str = ""


class LoginScreen(StoreScreen[Session]):
    """Name (focused), Tab to the password, Enter submits; dismisses with the session.

    `client` names where the attempts come from (the browser's address) for the back-off.
    """

    TITLE = "Log in"
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, client: str = "") -> None:
        super().__init__()
        self.client = client

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="login"):
            yield Label(Content("workbench review · log in"), classes="dialog-title")
            yield Input(placeholder="name", id="login-name", max_length=MAX_NAME_LENGTH)
            yield Input(
                placeholder="password", password=True, id="login-password", max_length=MAX_LENGTH
            )
            yield Label(Content("tab: next field · enter: log in"), classes="dialog-hint")
            yield Label(Content(""), id="login-message")

    def on_mount(self) -> None:
        self.query_one("#login-name", Input).focus()
        if not self.reader.accounts.any():
            self._say("No accounts yet: add one with `workbench users add NAME`.")

    @on(Input.Submitted)
    def submitted(self) -> None:
        name = self.query_one("#login-name", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not name or not password:
            self._say("Enter a name and a password.")
            return
        self.query_one("#login-password", Input).value = ""
        self._say("Checking…")
        self.check(name, password, self.review.clock())

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def check(self, name: str, password: str, now: datetime) -> None:
        """Verify one attempt (slow on purpose: scrypt), unless this client must wait."""
        with self.open_store() as store:
            attempt, wait = store.accounts.claim_login(name, self.client, now, attempt_wait_s)
            if attempt is None:
                refusal = f"Too many failed attempts; try again in {max(wait, 1):.0f} s."
                self.post_message(LoginChecked(None, refusal))
                return
            stored = store.accounts.password_hash(name)
            # Checked first: an unknown name costs what a wrong password costs.
            ok = verify_password(password, stored)
            account = store.accounts.get(name)
            if not ok or stored is None or account is None:
                self.post_message(LoginChecked(None, WRONG))
                return
            store.accounts.login_succeeded(attempt)
        self.post_message(LoginChecked(Session(account, stored)))

    def on_login_checked(self, message: LoginChecked) -> None:
        if message.session is not None:
            self.dismiss(message.session)
        else:
            self._say(message.refusal)
            self.query_one("#login-password", Input).focus()

    def _say(self, text: str) -> None:
        self.query_one("#login-message", Label).update(Content(text))
