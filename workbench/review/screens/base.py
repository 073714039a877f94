"""What every store-backed screen shares: its own `Store` per worker, and failure reporting.

A sqlite connection belongs to its thread, so each worker opens (and closes) its own store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.store import Store

if TYPE_CHECKING:
    from workbench.review.app import ReviewApp

ResultType = TypeVar("ResultType")


class StoreScreen(Screen[ResultType], Generic[ResultType]):
    """A screen whose store work runs in thread workers; a failed worker never ends the app."""

    @property
    def review(self) -> ReviewApp:
        """The app, typed: store path, reviewer and clock."""
        return self.app  # type: ignore[return-value]

    def open_store(self) -> Store:
        """A fresh connection for the calling worker thread (close it with `with`)."""
        return Store.open(self.review.store_path, create=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.review.report_failure(event.worker.error)
