"""Choose which segments the table shows: a status, the least confident MT, or all."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workbench.records import SegmentStatus

ALL = "all"
LOW_CONFIDENCE = "low-confidence"


class FilterScreen(ModalScreen[str | None]):
    """Dismisses with "all", a status, "low-confidence", or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep the current filter"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        choices = [Option("all segments", id=ALL)]
        choices += [Option(f"status: {status}", id=str(status)) for status in SegmentStatus]
        choices.append(
            Option("lowest MT confidence (the least confident fifth)", id=LOW_CONFIDENCE)
        )
        with Vertical(classes="dialog"):
            yield Label(Content("Show which segments?"), classes="dialog-title")
            yield OptionList(*choices, id="filter-choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
