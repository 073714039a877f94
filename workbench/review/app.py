"""The review app: app-wide keys, the first screen, and how failures reach the reviewer.

Screens do the work; this module only wires them up (`workbench review` runs it).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from workbench.errors import WorkbenchError
from workbench.records import Account
from workbench.review.bindings import key_help
from workbench.review.documents_page import DocumentsPage, start_reading
from workbench.review.keys import KeysInOrder
from workbench.review.screens.documents import DocumentsScreen
from workbench.review.screens.error import ErrorScreen
from workbench.review.screens.help import HelpScreen


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ReviewApp(KeysInOrder):
    """Review a store's translations: documents → segments, alignment and statistics."""

    CSS_PATH = "review.tcss"
    TITLE = "workbench review"
    BINDING_GROUP_TITLE = "Everywhere"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q",
            "quit",
            "Quit",
            tooltip="Leave the review; every change is already saved",
            id="quit",
        ),
        Binding("question_mark", "help", "Help", tooltip="Every key of this screen", id="help"),
    ]

    def __init__(
        self,
        store_path: Path,
        reviewer: str,
        document_id: int | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        cursor_blink: bool = True,
        login: bool = False,
        documents_page: Future[DocumentsPage] | None = None,
    ) -> None:
        """`documents_page`: the documents screen's first page, if its read is under way
        already (`workbench review` starts it before importing the app); else the app starts
        it here when the documents screen is its first."""
        super().__init__()
        self.login = login
        self.store_path = Path(store_path)
        self.reviewer = reviewer
        self.document_id = document_id
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.sub_title = f"{reviewer} · {self.store_path.name}"
        if documents_page is None and document_id is None and not login:
            documents_page = start_reading(self.store_path)
        self._documents_page = documents_page

    def on_mount(self) -> None:
        # With `login`, the subclass that asked for it opens the login screen.
        if not self.login:
            self.open_first_screen()

    def logged_in(self, account: Account) -> None:
        """From now on every change is recorded under the account's name."""
        self.reviewer = account.name
        self.sub_title = f"{account.name} ({account.role}) · {self.store_path.name}"
        self.open_first_screen()

    def open_first_screen(self) -> None:
        """The documents, or the one document asked for."""
        # Opening one document skips building the documents screen until escape asks for it.
        if self.document_id is None:
            self.push_screen(DocumentsScreen())
        else:
            from workbench.review.screens.segments import SegmentScreen

            self.push_screen(SegmentScreen(self.document_id))

    def take_documents_page(self) -> Future[DocumentsPage] | None:
        page, self._documents_page = self._documents_page, None
        return page

    def show_documents(self) -> None:
        """Go back to the documents screen, building it if the app started on a document."""
        if any(isinstance(screen, DocumentsScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, DocumentsScreen):
                self.pop_screen()
        else:
            self.switch_screen(DocumentsScreen())

    def report_failure(self, error: BaseException) -> None:
        """A user's mistake becomes a notification; a bug opens a modal and the app goes on."""
        if isinstance(error, WorkbenchError):
            self.notify(str(error), severity="error", timeout=8)
            return
        details = "".join(traceback.format_exception(error))
        self.push_screen(ErrorScreen(f"{type(error).__name__}: {error}", details))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for entry in key_help(screen):
            if entry.command and entry.enabled and entry.node is not self:
                yield SystemCommand(
                    entry.description,
                    f"{entry.tooltip} ({', '.join(entry.keys)})",
                    partial(self.run_action, entry.action, entry.node),
                )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen.title or self.title, key_help(self.screen)))
