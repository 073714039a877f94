"""What every store-backed screen shares: its own `Store` per worker, and failure reporting.

A sqlite connection belongs to its thread, so each worker opens (and closes) its own store,
and the UI thread keeps one of its own open for the small reads a key press needs.
"""

from __future__ import annotations

from typing import Generic, TypeVar, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.review.context import ReviewContext
from workbench.store import Store

ResultType = TypeVar("ResultType")


class StoreScreen(Screen[ResultType], Generic[ResultType]):
    """A screen whose store work runs in thread workers; a failed worker never ends the app."""

    @property
    def review(self) -> ReviewContext:
        """The app, typed: store path, reviewer and clock."""
        return cast(ReviewContext, self.app)

    _reader: Store | None = None

    def open_store(self) -> Store:
        """A fresh connection for the calling worker thread (close it with `with`)."""
        return Store.open(self.review.store_path, create=False)

    @property
    def reader(self) -> Store:
        """The UI thread's store, kept open while the screen is: reads here cost no thread.

        Only for reads that take a millisecond or so (WAL readers never wait for writers);
        never from a worker.
        """
        if self._reader is None:
            self._reader = self.open_store()
        return self._reader

    def on_unmount(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.review.report_failure(event.worker.error)
