"""The engine's alternatives for the target being edited: whole translations and next words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from workbench.translate.complete import Alternatives


@dataclass(frozen=True, slots=True)
class Choice:
    """What the reviewer chose: a whole translation, or a next word at the cursor."""

    text: str
    whole: bool


class AlternativesScreen(ModalScreen[Choice | None]):
    """Next words first (the usual want while typing), then the n-best translations."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Back to the editor, text unchanged"),
    ]

    def __init__(self, found: Alternatives) -> None:
        super().__init__()
        self.choices = [Choice(word, whole=False) for word in found.next_words]
        self.choices += [Choice(text, whole=True) for text in found.translations]

    def compose(self) -> ComposeResult:
        options = [
            Option(Content.assemble(("next word  ", "$text-muted"), choice.text), id=str(i))
            if not choice.whole
            else Option(Content.assemble(("translation  ", "$text-muted"), choice.text), id=str(i))
            for i, choice in enumerate(self.choices)
        ]
        with Vertical(classes="dialog wide"):
            yield Label(Content("Alternatives from the engine"), classes="dialog-title")
            yield OptionList(*options, id="alternatives")
            yield Label(
                Content("enter puts it in the editor · escape cancels"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
