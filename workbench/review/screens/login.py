"""The served app's first screen: name and password, checked against the store's accounts.

A wrong name and a wrong password read the same; failures for a name slow its next attempts
down (`workbench.review.passwords.login_wait_s`), and every checked attempt is recorded.
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
from workbench.review.display import parse_time
from workbench.review.passwords import login_wait_s, verify_password
from workbench.review.screens.base import StoreScreen

WRONG = "Wrong name or password."


@dataclass
class LoginChecked(Message):
    """A login attempt was checked: the account on success, else what to tell the person."""

    account: Account | None
    refusal: str = ""


class LoginScreen(StoreScreen[Account]):
    """Name (focused), Tab to the password, Enter submits; dismisses with the account."""

    TITLE = "Log in"
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="login"):
            yield Label(Content("workbench review · log in"), classes="dialog-title")
            yield Input(placeholder="name", id="login-name")
            yield Input(placeholder="password", password=True, id="login-password")
            yield Label(Content("tab: next field · enter: log in"), classes="dialog-hint")
            yield Label(Content(""), id="login-message")

    def on_mount(self) -> None:
        self.query_one("#login-name", Input).focus()
        if not self.reader.accounts.list_all():
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
        """Verify one attempt (slow on purpose: scrypt), unless the name must wait."""
        with self.open_store() as store:
            failures, last_failure = store.accounts.failed_logins(name)
            if last_failure is not None:
                wait = login_wait_s(failures) - (now - parse_time(last_failure)).total_seconds()
                if wait > 0:
                    refusal = f"Too many failed attempts; try again in {wait:.0f} s."
                    self.post_message(LoginChecked(None, refusal))
                    return
            ok = verify_password(password, store.accounts.password_hash(name))
            store.accounts.record_login(name, success=ok)
            account = store.accounts.get(name) if ok else None
        self.post_message(LoginChecked(account, "" if account else WRONG))

    def on_login_checked(self, message: LoginChecked) -> None:
        if message.account is not None:
            self.dismiss(message.account)
        else:
            self._say(message.refusal)
            self.query_one("#login-password", Input).focus()

    def _say(self, text: str) -> None:
        self.query_one("#login-message", Label).update(Content(text))
