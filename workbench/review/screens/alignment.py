"""The alignment view: a source document's beads with its translation, side by side.

Merge, split and shift corrections are stored through `store.beads.replace` as the reviewer's
edit (the old alignment is superseded, not deleted).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Header, Static

from workbench.errors import InputError
from workbench.ingest.controls import visible
from workbench.records import Bead
from workbench.review import bead_edits
from workbench.review.bead_edits import Side
from workbench.review.display import bead_score_text
from workbench.review.messages import BeadsLoaded
from workbench.review.screens.base import StoreScreen
from workbench.review.widgets.bead_table import BeadTable
from workbench.review.widgets.line_table import LineTable

if TYPE_CHECKING:
    from workbench.store import Store


class AlignmentScreen(StoreScreen[None]):
    """Correct the beads between a source document and its existing translation."""

    BINDING_GROUP_TITLE = "Alignment"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "merge", "Merge next", tooltip="Join this bead and the next", id="merge"),
        Binding(
            "s", "split", "Split", tooltip="Split off the bead's first sentence pair", id="split"
        ),
        Binding(
            "greater_than_sign",
            "shift('target', True)",
            "Target ↓",
            tooltip="Push this bead's last target sentence into the next bead",
            id="target_down",
        ),
        Binding(
            "less_than_sign",
            "shift('target', False)",
            "Target ↑",
            tooltip="Pull the next bead's first target sentence into this bead",
            id="target_up",
        ),
        Binding(
            "right_square_bracket",
            "shift('source', True)",
            "Source ↓",
            tooltip="Push this bead's last source sentence into the next bead",
            id="source_down",
        ),
        Binding(
            "left_square_bracket",
            "shift('source', False)",
            "Source ↑",
            tooltip="Pull the next bead's first source sentence into this bead",
            id="source_up",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            tooltip="Read the alignment again",
            show=False,
            id="reload",
        ),
        Binding("escape", "back", "Documents", tooltip="Back to the documents", id="back"),
    ]

    def __init__(self, source_document_id: int, target_document_id: int) -> None:
        super().__init__()
        self.source_document_id = source_document_id
        self.target_document_id = target_document_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="alignment-state")
        yield BeadTable(id="beads")
        yield Static(id="bead-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.review.sub_title
        self.query_one(BeadTable).focus()
        self.load_beads(0)

    # --- workers -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="beads", exit_on_error=False)
    def load_beads(self, cursor: int) -> None:
        """Read the current alignment."""
        with self.open_store() as store:
            self._post_beads(store, cursor)

    @work(thread=True, exclusive=True, group="beads", exit_on_error=False)
    def store_beads(self, beads: list[Bead], cursor: int, note: str) -> None:
        """Store a corrected alignment as the reviewer's edit, then read it back."""
        with self.open_store() as store:
            store.beads.replace(
                self.source_document_id, self.target_document_id, beads, self.review.reviewer
            )
            self._post_beads(store, cursor, note)

    def _post_beads(self, store: Store, cursor: int, note: str | None = None) -> None:
        """Read the pair's current beads and post them to the UI thread."""
        self.post_message(
            BeadsLoaded(
                store.documents.get(self.source_document_id),
                store.documents.get(self.target_document_id),
                store.beads.current(self.source_document_id, self.target_document_id),
                cursor,
                note,
            )
        )

    # --- message handlers --------------------------------------------------------------

    def on_beads_loaded(self, message: BeadsLoaded) -> None:
        self.title = f"Alignment · {message.source.title} ↔ {message.target.title}"
        table = self.query_one(BeadTable)
        table.show_beads(message.beads, message.cursor)
        types = Counter(stored.bead.type for stored in message.beads)
        mean = (
            sum(stored.bead.score for stored in message.beads) / len(message.beads)
            if message.beads
            else 0.0
        )
        summary = ", ".join(f"{count} × {kind}" for kind, count in types.most_common())
        self.query_one("#alignment-state", Static).update(
            Content(
                f"{len(message.beads)} beads · mean score {bead_score_text(mean)} · "
                f"{summary or 'none'}"
            )
        )
        if message.note:
            self.notify(message.note)

    @on(LineTable.Highlighted, "#beads")
    def bead_highlighted(self, event: LineTable.Highlighted) -> None:
        beads = self.query_one(BeadTable).beads
        if not beads:
            return
        stored = beads[event.row]
        self.query_one("#bead-detail", Static).update(
            Content.assemble(
                (
                    f"bead {event.row + 1} · {stored.bead.type} · {stored.bead.method} · "
                    f"score {bead_score_text(stored.bead.score)}\n",
                    "bold",
                ),
                ("source  ", "$text-accent"),
                visible("\n        ".join(stored.source_texts)) or "—",
                "\n",
                ("target  ", "$text-accent"),
                visible("\n        ".join(stored.target_texts)) or "—",
            )
        )

    # --- actions -----------------------------------------------------------------------

    def _correct(self, edit: str, side: Side | None = None, down: bool = False) -> None:
        table = self.query_one(BeadTable)
        if not table.beads:
            return
        row = table.cursor_row
        beads = [stored.bead for stored in table.beads]
        try:
            if edit == "merge":
                corrected, note = bead_edits.merge_with_next(beads, row), "Merged two beads"
            elif edit == "split":
                corrected, note = bead_edits.split(beads, row), "Split the bead"
            else:
                assert side is not None
                corrected = bead_edits.shift(beads, row, side, down=down)
                note = f"Moved a {side} sentence {'down' if down else 'up'}"
        except InputError as error:
            self.notify(str(error), severity="warning")
            return
        self.store_beads(corrected, row, note)

    def action_merge(self) -> None:
        self._correct("merge")

    def action_split(self) -> None:
        self._correct("split")

    def action_shift(self, side: str, down: bool) -> None:
        self._correct("shift", Side(side), down)

    def action_reload(self) -> None:
        self.load_beads(self.query_one(BeadTable).cursor_row)

    def action_back(self) -> None:
        self.review.show_documents()
