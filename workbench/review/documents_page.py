"""The documents screen's first page: the document list and the counts of its first rows.

`start_reading` reads it in a thread of its own while the app starts: the read is mostly
SQLite, which releases the interpreter, so it overlaps Textual's imports and the app's set-up,
and the documents screen can draw its first frame with its rows (no frame of empty rows, no
second pass over the footer's keys, no worker round trip before the counts show).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from workbench.records import Document, DocumentSummary
from workbench.store import Store

# Rows whose counts come with the list: a tall terminal's table and its look-ahead. Rows
# further down are read a page at a time when they come on screen.
FIRST_ROWS = 150


@dataclass(frozen=True, slots=True)
class DocumentsPage:
    """Every document, and the counts of the first `FIRST_ROWS` of them."""

    documents: list[Document]
    summaries: list[DocumentSummary]


def read_page(store: Store) -> DocumentsPage:
    """The document list and its first rows' counts, read in one go."""
    documents = store.documents.list_all()
    first = [document.id for document in documents[:FIRST_ROWS]]
    return DocumentsPage(documents, store.documents.summaries_of(first) if first else [])


def start_reading(store_path: Path) -> Future[DocumentsPage]:
    """Read the first page in a thread of its own; the future holds it, or the error."""
    future: Future[DocumentsPage] = Future()

    def read() -> None:
        try:
            with Store.open(store_path, create=False) as store:
                future.set_result(read_page(store))
        except BaseException as error:  # handed to whoever waits on the page
            future.set_exception(error)

    threading.Thread(target=read, name="documents-page", daemon=True).start()
    return future
