"""The first screen: every document with its language pair, progress and last activity.

Enter opens a document's segments; `l` its alignment with a translation; `s` the statistics.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header

from workbench.errors import InputError
from workbench.records import DocumentSummary
from workbench.review.display import ago
from workbench.review.messages import AlignmentPairFound, DocumentsLoaded
from workbench.review.screens.alignment import AlignmentScreen
from workbench.review.screens.base import StoreScreen
from workbench.review.screens.segments import SegmentScreen

BAR_WIDTH = 12
TITLE_WIDTH = 34
COLUMNS = (
    ("#", 3),
    ("title", TITLE_WIDTH),
    ("pair", 5),
    ("role", 6),
    ("segments", 8),
    ("translated", 10),
    ("approved", 8),
    ("progress", BAR_WIDTH + 5),
    ("activity", 10),
)


def progress_bar(done: int, total: int) -> Text:
    """A text bar with the share done, e.g. "██████░░░░░░  50%"."""
    share = done / total if total else 0.0
    filled = round(share * BAR_WIDTH)
    return Text.assemble(
        ("█" * filled, "bold"), ("░" * (BAR_WIDTH - filled), "dim"), f" {share:4.0%}"
    )


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
            show=False,
        ),
        Binding("ctrl+r", "reload", "Reload", tooltip="Read the documents again", id="reload"),
        Binding("j", "move(1)", "Down", tooltip="Next document", show=False),
        Binding("k", "move(-1)", "Up", tooltip="Previous document", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str | Text] = DataTable(
            id="documents", cursor_type="row", zebra_stripes=True
        )
        # Fixed widths: the table never re-measures itself as rows arrive.
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.review.sub_title

    def on_screen_resume(self) -> None:
        # Also the first show: counts change while other screens are on top.
        self.action_reload()

    @property
    def highlighted_document_id(self) -> int | None:
        """The id of the document under the cursor, if there is one."""
        table = self.query_one("#documents", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    # --- workers -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="documents", exit_on_error=False)
    def load_documents(self) -> None:
        """Read every document's summary."""
        with self.open_store() as store:
            summaries = store.documents()
        self.post_message(DocumentsLoaded(summaries))

    @work(thread=True, exclusive=True, group="alignment", exit_on_error=False)
    def find_alignment(self, document_id: int) -> None:
        """Find the document aligned with this one (either side of the pair)."""
        with self.open_store() as store:
            document = store.document(document_id)
            others = [s.document for s in store.documents() if s.document.role != document.role]
            for other in others:
                source, target = (
                    (document, other) if document.role == "source" else (other, document)
                )
                if store.beads(source.id, target.id):
                    self.post_message(AlignmentPairFound(source.id, target.id))
                    return
        raise InputError(
            f"document {document_id} has no aligned translation",
            hint="align two documents with `workbench align SRC TGT`",
        )

    # --- message handlers --------------------------------------------------------------

    def on_documents_loaded(self, message: DocumentsLoaded) -> None:
        table = self.query_one("#documents", DataTable)
        selected = self.highlighted_document_id
        table.clear()
        now = self.review.clock()
        for summary in message.summaries:
            table.add_row(*self._cells(summary, now), key=str(summary.document.id))
        if selected is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(selected)))
            except KeyError:
                pass
        if not message.summaries:
            self.notify("The store holds no documents yet; ingest one with `workbench ingest`.")

    def on_alignment_pair_found(self, message: AlignmentPairFound) -> None:
        self.app.push_screen(
            AlignmentScreen(message.source_document_id, message.target_document_id)
        )

    @on(DataTable.RowSelected, "#documents")
    def open_selected(self) -> None:
        self.action_open()

    @staticmethod
    def _cells(summary: DocumentSummary, now: datetime) -> list[str | Text]:
        document = summary.document
        title = (
            document.title
            if len(document.title) <= TITLE_WIDTH
            else document.title[: TITLE_WIDTH - 1] + "…"
        )
        if summary.is_reference:
            # A human translation to align with: the counterpart of its source, no work.
            of = f"↳ {summary.reference_of}" if summary.reference_of else "ref"
            return [
                str(document.id),
                title,
                document.source_lang,
                of,
                str(summary.segments),
                "—",
                "—",
                Text("reference", style="dim"),
                ago(summary.last_activity, now),
            ]
        return [
            str(document.id),
            title,
            f"{document.source_lang}→{document.target_lang}",
            document.role,
            str(summary.segments),
            f"{summary.translated}/{summary.translatable}",
            f"{summary.approved}/{summary.translatable}",
            progress_bar(summary.approved, summary.translatable),
            ago(summary.last_activity, now),
        ]

    # --- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "alignment") and self.highlighted_document_id is None:
            return None
        return True

    def action_open(self) -> None:
        document_id = self.highlighted_document_id
        if document_id is not None:
            self.app.push_screen(SegmentScreen(document_id))

    def action_alignment(self) -> None:
        document_id = self.highlighted_document_id
        if document_id is not None:
            self.find_alignment(document_id)

    def action_stats(self) -> None:
        # plotext adds ~50 ms to start-up; only the statistics screen needs it.
        from workbench.review.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_corrections(self) -> None:
        from workbench.review.screens.corrections import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen())

    def action_reload(self) -> None:
        self.load_documents()

    def action_move(self, rows: int) -> None:
        table = self.query_one("#documents", DataTable)
        table.move_cursor(row=table.cursor_row + rows)
