"""An unexpected failure, shown with its traceback; the app keeps running underneath."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ErrorScreen(ModalScreen[None]):
    """A bug report the reviewer can read and dismiss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss_error", "Close", tooltip="Back to work"),
    ]

    def __init__(self, summary: str, details: str) -> None:
        super().__init__()
        self.summary = summary
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content(f"Something went wrong: {self.summary}"), classes="dialog-title")
            with VerticalScroll(id="error-details"):
                yield Static(Content(self.details))
            yield Label(
                Content("Your saved work is safe. escape closes this."), classes="dialog-hint"
            )

    def action_dismiss_error(self) -> None:
        self.dismiss(None)
