"""The concordance panel: how a searched phrase was translated anywhere in the store.

It shows the same hits as `workbench search` (segments of every document, then memory
entries), so a reviewer sees earlier translations of a term while filtering this document.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from workbench.ingest.controls import visible
from workbench.store.search import ConcordanceHit

# Hits read per search: a screenful or two; `workbench search` lists them all.
CONCORDANCE_LIMIT = 200
WHERE_WIDTH = 24  # segment id, then as much of the document title as fits


class ConcordancePanel(DataTable[Text]):
    """Concordance hits for the active search: where, source, target."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.hits: list[ConcordanceHit] = []

    def show_hits(self, phrase: str, hits: Sequence[ConcordanceHit]) -> None:
        """Replace the rows with the hits for `phrase`."""
        self.hits = list(hits)
        self.clear(columns=True)
        # Fixed widths, so a long document title never pushes the translation off screen.
        text_width = max((self.size.width - WHERE_WIDTH - 8) // 2, 20)
        self.add_column("where", width=WHERE_WIDTH)
        self.add_column("source", width=text_width)
        self.add_column("target", width=text_width)
        for hit in self.hits:
            where = f"{hit.segment_id} · {hit.document}" if hit.kind == "segment" else "memory"
            # Text, not str: user text like "[en] …" must not be read as markup.
            self.add_row(
                *(
                    Text(visible(cell), no_wrap=True, overflow="ellipsis")
                    for cell in (where, hit.source, hit.target or "")
                )
            )
        more = "+" if len(self.hits) >= CONCORDANCE_LIMIT else ""
        self.border_title = f"{len(self.hits)}{more} in the store contain {phrase!r}"
