"""The documents table: one row per document, drawn only while on screen.

Textual's `DataTable` measures every cell it is given (90,000 cells for 10,000 documents took
seconds before the first paint); this table keeps the summaries and builds a row's cells when
the row is drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime

from rich.text import Text

from workbench.records import DocumentSummary
from workbench.review.display import ago
from workbench.review.widgets.line_table import Column, LineTable

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
    """Documents as rows: id, title, pair, role, counts, progress bar, last activity."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(COLUMNS, empty_text="no documents yet", id=id)
        self._clock = clock
        self._summaries: list[DocumentSummary] = []
        self._now = clock()

    @property
    def row_count(self) -> int:
        return len(self._summaries)

    @property
    def summaries(self) -> list[DocumentSummary]:
        """The documents shown, in order."""
        return self._summaries

    @property
    def highlighted_document_id(self) -> int | None:
        """The id of the document under the cursor, if there is one."""
        if self._summaries:
            return self._summaries[self.cursor_row].document.id
        return None

    def show(self, summaries: list[DocumentSummary]) -> None:
        """Show these documents, keeping the cursor on the document it was on."""
        selected = self.highlighted_document_id
        self._summaries = summaries
        self._now = self._clock()
        row = next((i for i, s in enumerate(summaries) if s.document.id == selected), 0)
        self.rows_changed(row)

    def row_key(self, row: int) -> Hashable | None:
        return (self._summaries[row], self._now)

    def row_cells(self, row: int) -> Sequence[Text] | None:
        return document_cells(self._summaries[row], self._now)
