"""The corrections screen: substitutions reviewers keep making, to accept or reject.

`a` turns the highlighted candidate into a post-edit rule for new MT output, `g` into a glossary
term, `x` rejects it for good. Mining and deciding are
`translate.learn`'s; this only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from workbench.review.screens.base import StoreScreen
from workbench.translate.learn import (
    DEFAULT_MIN_COUNT,
    MAX_WORDS,
    Candidate,
    accept,
    mine,
    reject,
)

# What an empty list means, and what fills it: a new reviewer sees an empty table first.
EMPTY_NOTE = (
    "No corrections to decide. They are learned from approved corrections of MT: a change of "
    f"up to {MAX_WORDS} words that reviewers made to the MT in at least {DEFAULT_MIN_COUNT} "
    "approved segments shows here (`workbench learn` lists the same). Candidates accepted or "
    "rejected do not come back."
)


class CorrectionsScreen(StoreScreen[None]):
    """Learned correction candidates with their evidence."""

    TITLE = "Learned corrections"
    BINDING_GROUP_TITLE = "Corrections"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('rule')", "Accept as rule", tooltip="Rewrite new MT output so",
                id="accept_rule"),
        Binding("g", "decide('glossary')", "Accept as term", tooltip="Add a glossary term from "
                "the source word common to the evidence", id="accept_glossary"),
        Binding("x", "decide('rejected')", "Reject", tooltip="Never propose it again",
                id="reject_candidate"),
        Binding("ctrl+r", "reload", "Reload", tooltip="Mine the history again", id="reload"),
        Binding("escape", "back", "Documents", tooltip="Back to the documents", id="back"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """Candidates were mined; `note` says what the last decision did."""

        candidates: list[Candidate]
        note: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="candidates", cursor_type="row", zebra_stripes=True)
        table.add_columns("id", "MT wrote", "reviewers wrote", "made", "not made", "source word")
        yield table
        yield Static(EMPTY_NOTE, id="candidates-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.review.sub_title
        self.action_reload()

    @work(thread=True, exclusive=True, group="learn", exit_on_error=False)
    def load(self, decision: str | None = None, candidate_id: str | None = None) -> None:
        """Apply a decision, if any, and mine the candidates again."""
        note = None
        with self.open_store() as store:
            if decision is not None and candidate_id is not None:
                if decision == "rejected":
                    found = reject(store, candidate_id, self.review.reviewer)
                else:
                    found = accept(
                        store,
                        candidate_id,
                        self.review.reviewer,
                        as_glossary=decision == "glossary",
                    )
                note = f"{found.before} → {found.after}: {decision}"
            candidates = mine(store)
        self.post_message(self.Loaded(candidates, note))

    def on_corrections_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one("#candidates", DataTable)
        table.clear()
        for c in message.candidates:
            table.add_row(
                c.id, c.before, c.after, str(c.count), str(c.missed), c.source_term or "", key=c.id
            )
        self.query_one("#candidates-empty").display = not message.candidates
        if message.note:
            self.notify(message.note)

    def action_decide(self, decision: str) -> None:
        table = self.query_one("#candidates", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.load(decision, key)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.review.show_documents()
