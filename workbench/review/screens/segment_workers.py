"""The segment screen's workers: reading ids and rows, storing a review action, the concordance,
the next segment needing work and the engine's alternatives.

Each opens its own `Store` (a connection belongs to its thread), commits at once and posts what
happened back (`review/messages.py`); keys wait for the workers whose outcome they act on.
"""

from __future__ import annotations

from textual import work
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.records import Segment
from workbench.review.actions import (
    Change,
    ChangeKind,
    Query,
    commit_change,
    load_checks,
    next_needing_work,
    segment_ids,
)
from workbench.review.completion import CompletionTarget, alternatives
from workbench.review.messages import (
    AlternativesFound,
    ConcordanceLoaded,
    NextFound,
    SegmentIdsLoaded,
    SegmentRowsLoaded,
)
from workbench.review.screens.base import StoreScreen
from workbench.review.widgets.concordance import CONCORDANCE_LIMIT

# A worker in these states has posted all it will: keys waiting for it may go on.
_DONE = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
# Segments read per query when the table asks for rows.
ROWS_PER_READ = 100
# Rows read with the ids from the cursor down: more than a tall terminal shows.
FIRST_ROWS = 60


class SegmentWorkers(StoreScreen[None]):
    """The segment screen's store and engine work, off the UI thread."""

    def __init__(self) -> None:
        super().__init__()
        # Workers whose outcome the next key acts on: a change being stored, the rows loading.
        self.awaited: set[Worker[None]] = set()

    @property
    def holds_keys(self) -> bool:
        """Whether keys typed now wait (see `workbench.review.keys`): for a change to be stored,
        so that the next action starts from it and not from the version before, and for the
        rows a key would act on."""
        return bool(self.awaited)

    def load_ids(self, query: Query, cursor_segment_id: int | None) -> None:
        """Read the ids a query shows, and the rows around the cursor; keys wait for them."""
        self.awaited.add(self._load_ids(query, cursor_segment_id))

    def commit(self, change: Change) -> None:
        """Commit a review action in a worker; keys wait for what happened."""
        self.awaited.add(self._commit(change))

    def _change(
        self,
        kind: ChangeKind,
        segment: Segment | None,
        *,
        text: str | None = None,
        comment: str | None = None,
        offset: int = 0,
        translatable: bool = True,
        advance: bool = False,
    ) -> None:
        if segment is None:
            return
        self.commit(
            Change(
                kind,
                segment.id,
                segment.translation_id,
                text=segment.target or "" if text is None else text,
                comment=comment,
                offset=offset,
                translatable=translatable,
                advance=advance,
            )
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker in self.awaited and event.state in _DONE:
            self.awaited.discard(event.worker)
            if not self.awaited:
                self.review.resume_keys()

    @work(thread=True, exclusive=True, group="ids", exit_on_error=False)
    def _load_ids(self, query: Query, cursor_segment_id: int | None) -> None:
        """Read the ids the table shows for a query, and the rows around the cursor."""
        with self.open_store() as store:
            document = store.documents.get(query.document_id)
            shown = segment_ids(store, query)
            # The first screenful comes with the ids: one round trip to the first paint.
            row = shown.index(cursor_segment_id) if cursor_segment_id in shown else 0
            rows = store.documents.segments_by_ids(shown[max(row - 10, 0) : row + FIRST_ROWS])
        if not get_current_worker().is_cancelled:
            self.post_message(SegmentIdsLoaded(document, shown, cursor_segment_id, rows))

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def load_rows(self, wanted: list[int]) -> None:
        """Read table rows a page at a time."""
        worker = get_current_worker()
        with self.open_store() as store:
            for start in range(0, len(wanted), ROWS_PER_READ):
                if worker.is_cancelled:
                    return
                self.post_message(
                    SegmentRowsLoaded(
                        store.documents.segments_by_ids(wanted[start : start + ROWS_PER_READ])
                    )
                )

    @work(thread=True, exclusive=True, group="spelling", exit_on_error=False)
    def preload_spelling(self) -> None:
        """Load QA and the spelling dictionaries (once per process) off the UI thread."""
        load_checks()

    @work(thread=True, exclusive=True, group="change", exit_on_error=False)
    def _commit(self, change: Change) -> None:
        """Commit a review action, or ask first, or report a conflict."""
        with self.open_store() as store:
            self.post_message(commit_change(store, change, self.review.reviewer))

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def load_concordance(self, phrase: str) -> None:
        """Read the store-wide hits for a searched phrase."""
        with self.open_store() as store:
            hits = list(store.search.concordance(phrase, limit=CONCORDANCE_LIMIT))
        if not get_current_worker().is_cancelled:
            self.post_message(ConcordanceLoaded(phrase, hits))

    @work(thread=True, exclusive=True, group="alternatives", exit_on_error=False)
    def find_alternatives(self, target: CompletionTarget, typed: str) -> None:
        """Ask the engine for its n-best translations and next words (a beam: off the UI)."""
        found = alternatives(target, typed)
        if not get_current_worker().is_cancelled:
            self.post_message(AlternativesFound(found))

    @work(thread=True, exclusive=True, group="next", exit_on_error=False)
    def find_next(self, query: Query, shown_ids: list[int], row: int) -> None:
        """Find the next segment needing work after a row."""
        with self.open_store() as store:
            found = next_needing_work(store, query, shown_ids, row)
        self.post_message(NextFound(found))
