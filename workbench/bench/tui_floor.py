"""The floor the review TUI is measured against: a minimal Textual app, a stock `DataTable`.

It holds every row of a document (read with the store's one-query export read), so its cursor
costs only Textual's own work. `python -m workbench.bench.tui_floor STORE DOC` runs it alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from workbench.store import Store


class StockTable(DataTable[object]):
    """The stock table, with the review screen's `j`/`k` as well as the arrows."""

    BINDINGS = [Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False)]


class StockTableApp(App[None]):
    """One `DataTable` of a whole document, cursor by row; `q` quits."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store_path: Path, document_id: int) -> None:
        super().__init__()
        self.store_path = store_path
        self.document_id = document_id

    def compose(self) -> ComposeResult:
        yield StockTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(StockTable)
        table.add_columns("#", "status", "score", "source", "target")
        with Store.open(self.store_path) as store:
            rows = list(store.exports.rows([self.document_id], approved_only=False))
        table.add_rows((r.segment_ids[0], str(r.status), r.score, r.source, r.target) for r in rows)
        table.focus()


if __name__ == "__main__":
    StockTableApp(Path(sys.argv[1]), int(sys.argv[2])).run()
