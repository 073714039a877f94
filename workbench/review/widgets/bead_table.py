"""The bead table of the alignment view: one row per bead, both sides side by side.

A document pair has at most tens of thousands of beads, so all of them are held in memory;
only the rows on screen are drawn.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import ClassVar

from rich.text import Text

from workbench.review.display import bead_score_text, one_line
from workbench.review.widgets.line_table import Column, LineTable
from workbench.store.beads import StoredBead

# Beads scoring below this are drawn as weak: the aligner was unsure of them.
WEAK_SCORE = 0.5
SENTENCE_MARK = " ‖ "


class BeadTable(LineTable):
    """Beads as rows: ordinal, type, score, source sentences, target sentences."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineTable.COMPONENT_CLASSES | {
        "bead-table--weak",
        "bead-table--unpaired",
        "bead-table--manual",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(
            [
                Column("#", width=6),
                Column("type", width=5),
                Column("score", width=6),
                Column("source", share=1),
                Column("target", share=1),
            ],
            empty_text="no beads: align the documents with `workbench align`",
            id=id,
        )
        self._beads: list[StoredBead] = []

    @property
    def row_count(self) -> int:
        return len(self._beads)

    @property
    def beads(self) -> list[StoredBead]:
        """The beads shown, in document order."""
        return self._beads

    def show_beads(self, beads: list[StoredBead], cursor_row: int) -> None:
        """Show a fresh alignment with the cursor on `cursor_row`."""
        self._beads = beads
        self.rows_changed(cursor_row)

    def row_key(self, row: int) -> Hashable | None:
        return (row, self._beads[row].id)

    def row_cells(self, row: int) -> Sequence[Text]:
        stored = self._beads[row]
        bead = stored.bead
        if not bead.source_ids or not bead.target_ids:
            style = self.get_component_rich_style("bead-table--unpaired")
        elif bead.method == "manual":
            style = self.get_component_rich_style("bead-table--manual")
        elif bead.score < WEAK_SCORE:
            style = self.get_component_rich_style("bead-table--weak")
        else:
            style = None
        return [
            Text(str(row + 1)),
            Text(bead.type, style=style or ""),
            Text(bead_score_text(bead.score), style=style or ""),
            Text(one_line(SENTENCE_MARK.join(stored.source_texts))),
            Text(one_line(SENTENCE_MARK.join(stored.target_texts))),
        ]
