"""Someone else changed the segment first: both texts side by side, the reviewer picks.

Nothing is lost either way: the store already keeps the losing text in the segment's history,
and closing the dialog (escape or q) goes back to where the reviewer was, edit included.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "theirs" (keep the stored text), "mine" (save mine on top of it), or
    None (decide later: back to the edit)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('theirs')", "Keep theirs", tooltip="Reload the stored text"),
        Binding("o", "choose('mine')", "Use mine", tooltip="Save my text over theirs"),
        Binding("escape,q", "choose(None)", "Back", tooltip="Close; decide later"),
    ]

    def __init__(
        self,
        segment_id: int,
        mine: str,
        theirs: str,
        *,
        can_overwrite: bool,
        regrouped: bool = False,
    ) -> None:
        super().__init__()
        self.segment_id = segment_id
        self.mine = mine
        self.theirs = theirs
        self.can_overwrite = can_overwrite
        self.regrouped = regrouped  # its source changed (a merge): mine translates less of it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                Content(f"Segment {self.segment_id} was changed by someone else"),
                classes="dialog-title",
            )
            with Horizontal(id="conflict-texts"):
                with Vertical():
                    yield Label("Yours", classes="detail-label")
                    yield Static(Content(self.mine), id="conflict-mine")
                with Vertical():
                    yield Label("Theirs (now stored)", classes="detail-label")
                    yield Static(Content(self.theirs), id="conflict-theirs")
            hint = "Both texts are kept in the segment's history."
            if self.regrouped:
                hint = (
                    "It was merged meanwhile, so yours translates only part of its source and "
                    "cannot replace theirs; edit theirs instead. " + hint
                )
            yield Label(Content(hint), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep theirs (t)", id="theirs", variant="primary")
                if self.can_overwrite:
                    yield Button("Use mine (o)", id="mine", variant="warning")
                yield Button("Back (esc)", id="back")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("mine",):
            return self.can_overwrite
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "back" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
