"""The documents table: one row per document, drawn only while on screen.

Textual's `DataTable` measures every cell it is given (90,000 cells for 10,000 documents took
seconds before the first paint); this table holds the document list, reads the counts of the
rows on screen only, and builds a row's cells when the row is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime

from rich.text import Text
from textual.message import Message

from workbench.records import Document, DocumentSummary
from workbench.review.display import ago
from workbench.review.widgets.line_table import Column, LineTable

# Rows read beyond the visible ones, so paging down rarely waits.
LOOKAHEAD_ROWS = 60
BAR_WIDTH = 12
TITLE_WIDTH = 34
COLUMNS = (
    Column("#", 5),
    Column("title", TITLE_WIDTH),
    Column("pair", 5),
    Column("role", 6),
    Column("segments", 8),
    Column("translated", 10),
    Column("approved", 8),
    Column("progress", BAR_WIDTH + 5),
    Column("activity", 10),
)


def progress_bar(done: int, total: int) -> Text:
    """A text bar with the share done, e.g. "██████░░░░░░  50%"."""
    share = done / total if total else 0.0
    filled = round(share * BAR_WIDTH)
    return Text.assemble(
        ("█" * filled, "bold"), ("░" * (BAR_WIDTH - filled), "dim"), f" {share:4.0%}"
    )


def document_cells(summary: DocumentSummary, now: datetime) -> list[Text]:
    """What a document's row shows."""
    document = summary.document
    if summary.is_reference:
        # A human translation to align with: the counterpart of its source, no work.
        return [
            Text(str(document.id)),
            Text(document.title),
            Text(document.source_lang),
            Text(f"↳ {summary.reference_of}" if summary.reference_of else "ref"),
            Text(str(summary.segments)),
            Text("—"),
            Text("—"),
            Text("reference", style="dim"),
            Text(ago(summary.last_activity, now)),
        ]
    return [
        Text(str(document.id)),
        Text(document.title),
        Text(f"{document.source_lang}→{document.target_lang}"),
        Text(document.role),
        Text(str(summary.segments)),
        Text(f"{summary.translated}/{summary.translatable}"),
        Text(f"{summary.approved}/{summary.translatable}"),
        progress_bar(summary.approved, summary.translatable),
        Text(ago(summary.last_activity, now)),
    ]


class DocumentTable(LineTable):
    """Documents as rows: id, title, pair, role, counts, progress bar, last activity.

    It holds the document list; counts arrive a page at a time, asked for with `RowsNeeded`.
    """

    class RowsNeeded(Message):
        """Rows about to be drawn whose counts are not loaded yet."""

        def __init__(self, table: DocumentTable, document_ids: list[int]) -> None:
            self.table = table
            self.document_ids = document_ids
            super().__init__()

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(COLUMNS, empty_text="no documents yet", id=id)
        self._clock = clock
        self._now = clock()
        self._documents: list[Document] = []
        self._summaries: dict[int, DocumentSummary] = {}
        self._requested: set[int] = set()

    @property
    def row_count(self) -> int:
        return len(self._documents)

    @property
    def highlighted_document_id(self) -> int | None:
        """The id of the document under the cursor, if there is one."""
        if self._documents:
            return self._documents[self.cursor_row].id
        return None

    def show(self, documents: list[Document], summaries: Sequence[DocumentSummary] = ()) -> None:
        """Show these documents with the counts read so far, keeping the cursor on the
        document it was on."""
        selected = self.highlighted_document_id
        self._documents = documents
        self._summaries = {summary.document.id: summary for summary in summaries}
        self._requested.clear()
        self._now = self._clock()
        row = next((i for i, d in enumerate(documents) if d.id == selected), 0)
        self.rows_changed(row)
        self._request_visible()

    def add_summaries(self, summaries: list[DocumentSummary]) -> None:
        """Counts read for rows on screen: store them and redraw."""
        for summary in summaries:
            self._summaries[summary.document.id] = summary
            self._requested.discard(summary.document.id)
        self.refresh()

    def summary_at(self, row: int) -> DocumentSummary | None:
        """The loaded counts of a row's document, if any."""
        return self._summaries.get(self._documents[row].id)

    def row_key(self, row: int) -> Hashable | None:
        document = self._documents[row]
        return (document, self._summaries.get(document.id), self._now)

    def row_cells(self, row: int) -> Sequence[Text] | None:
        summary = self._summaries.get(self._documents[row].id)
        if summary is None:
            self._request_visible()
            return None
        return document_cells(summary, self._now)

    def _request_visible(self) -> None:
        visible = self.visible_rows
        stop = min(visible.stop + LOOKAHEAD_ROWS, self.row_count)
        wanted = [
            d.id for d in self._documents[visible.start : stop] if d.id not in self._summaries
        ]
        if wanted and not set(wanted) <= self._requested:
            self._requested = set(wanted)
            self.post_message(self.RowsNeeded(self, wanted))
