"""What a screen may ask of the app that runs it, as a Protocol: screens type against this,
never against `workbench.review.app`, so the app imports its screens and not the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from workbench.review.documents_page import DocumentsPage


@runtime_checkable
class ReviewContext(Protocol):
    """The review app as its screens see it: store path, reviewer, clock and failure reporting."""

    store_path: Path
    reviewer: str
    clock: Callable[[], datetime]
    cursor_blink: bool
    sub_title: str

    def report_failure(self, error: BaseException) -> None:
        """Show a failed worker's error to the reviewer; the app keeps running."""

    def take_documents_page(self) -> Future[DocumentsPage] | None:
        """The documents page read while the app started, once; None after (or without)."""

    def show_documents(self) -> None:
        """Go back to the documents screen."""

    def resume_keys(self) -> None:
        """Hand on the keys typed while the screen held them (see `workbench.review.keys`)."""
