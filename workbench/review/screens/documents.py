"""The first screen: every document with its language pair, progress and last activity.

Enter opens a document's segments; `l` its alignment with a translation; `s` the statistics.
"""

from __future__ import annotations

from concurrent.futures import Future, wait
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header

from workbench.errors import InputError
from workbench.review.documents_page import DocumentsPage, read_page
from workbench.review.messages import (
    AlignmentPairFound,
    DocumentsLoaded,
    DocumentSummariesLoaded,
)
from workbench.review.screens.base import StoreScreen
from workbench.review.widgets.document_table import DocumentTable

# The first frame waits this long at most for the page read while the app started, so it
# shows the rows at once; a slower store gets the screen first and its rows when read.
FIRST_PAGE_WAIT_S = 0.2


class DocumentsScreen(StoreScreen[None]):
    """Pick a document to review."""

    TITLE = "Documents"
    BINDING_GROUP_TITLE = "Documents"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Review the highlighted document's segments",
            id="open",
            priority=True,
        ),
        Binding(
            "l",
            "alignment",
            "Alignment",
            tooltip="Beads between the document and its aligned translation",
            id="alignment",
        ),
        Binding(
            "s",
            "stats",
            "Statistics",
            tooltip="Progress and post-editing effort per document and reviewer",
            id="stats",
        ),
        Binding(
            "c",
            "corrections",
            "Corrections",
            tooltip="Corrections learned from reviewers, to accept or reject",
            id="corrections",
        ),
        Binding("ctrl+r", "reload", "Reload", tooltip="Read the documents again", id="reload"),
        Binding("j", "move(1)", "Down", tooltip="Next document", show=False),
        Binding("k", "move(-1)", "Up", tooltip="Previous document", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentTable(self.review.clock, id="documents")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.review.sub_title

    def on_screen_resume(self) -> None:
        # Also the first show, with the page read while the app started if it came in time;
        # later ones read afresh: counts change while other screens are on top.
        page = self.review.take_documents_page()
        if page is not None:
            wait([page], timeout=FIRST_PAGE_WAIT_S)
            if page.done() and page.exception() is None:
                self.show_page(page.result())
                return
        self.load_documents(page)

    @property
    def highlighted_document_id(self) -> int | None:
        """The id of the document under the cursor, if there is one."""
        return self.query_one("#documents", DocumentTable).highlighted_document_id

    # --- workers -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="documents", exit_on_error=False)
    def load_documents(self, page: Future[DocumentsPage] | None = None) -> None:
        """Read the document list and its first rows' counts, or wait for `page` to be read."""
        if page is not None:
            self.post_message(DocumentsLoaded(page.result()))
            return
        with self.open_store() as store:
            self.post_message(DocumentsLoaded(read_page(store)))

    @work(thread=True, exclusive=True, group="document-rows", exit_on_error=False)
    def load_summaries(self, document_ids: list[int]) -> None:
        """Read the counts of the documents about to be drawn."""
        with self.open_store() as store:
            summaries = store.documents.summaries_of(document_ids)
        self.post_message(DocumentSummariesLoaded(summaries))

    @work(thread=True, exclusive=True, group="segment-screen", exit_on_error=False)
    def load_segment_screen(self) -> None:
        """Import the segment screen and its editor (once per process) off the UI thread,
        then what the first save's checks need (`actions.load_checks`).

        An `enter` meanwhile waits for the screen's import to finish; the key is never dropped.
        """
        import workbench.review.screens.segments  # noqa: F401
        from workbench.review.actions import load_checks

        load_checks()

    @work(thread=True, exclusive=True, group="alignment", exit_on_error=False)
    def find_alignment(self, document_id: int) -> None:
        """Find the document aligned with this one (either side of the pair)."""
        with self.open_store() as store:
            document = store.documents.get(document_id)
            others = [d for d in store.documents.list_all() if d.role != document.role]
            for other in others:
                source, target = (
                    (document, other) if document.role == "source" else (other, document)
                )
                if store.beads.current(source.id, target.id):
                    self.post_message(AlignmentPairFound(source.id, target.id))
                    return
        raise InputError(
            f"document {document_id} has no aligned translation",
            hint="align two documents with `workbench align SRC TGT`",
        )

    # --- message handlers --------------------------------------------------------------

    def on_documents_loaded(self, message: DocumentsLoaded) -> None:
        self.show_page(message.page)

    def show_page(self, page: DocumentsPage) -> None:
        """Show the documents with the counts read so far."""
        self.query_one("#documents", DocumentTable).show(page.documents, page.summaries)
        if not page.documents:
            self.notify("The store holds no documents yet; ingest one with `workbench ingest`.")
        # Once rows are drawn, the screen `enter` opens loads while the reviewer reads them.
        self.call_after_refresh(self.load_segment_screen)

    def on_document_table_rows_needed(self, message: DocumentTable.RowsNeeded) -> None:
        self.load_summaries(message.document_ids)

    def on_document_summaries_loaded(self, message: DocumentSummariesLoaded) -> None:
        self.query_one("#documents", DocumentTable).add_summaries(message.summaries)

    # The alignment screen loads when first opened.
    def on_alignment_pair_found(self, message: AlignmentPairFound) -> None:
        from workbench.review.screens.alignment import AlignmentScreen

        self.app.push_screen(
            AlignmentScreen(message.source_document_id, message.target_document_id)
        )

    # --- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "alignment") and self.highlighted_document_id is None:
            return None
        return True

    def action_open(self) -> None:
        document_id = self.highlighted_document_id
        if document_id is not None:
            from workbench.review.screens.segments import SegmentScreen

            self.app.push_screen(SegmentScreen(document_id))

    def action_alignment(self) -> None:
        document_id = self.highlighted_document_id
        if document_id is not None:
            self.find_alignment(document_id)

    # The statistics (plotext) and corrections (rapidfuzz) screens load when first opened.
    def action_stats(self) -> None:
        from workbench.review.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_corrections(self) -> None:
        from workbench.review.screens.corrections import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen())

    def action_reload(self) -> None:
        self.load_documents()

    def action_move(self, rows: int) -> None:
        self.query_one("#documents", DocumentTable).cursor_row += rows
