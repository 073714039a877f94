"""The `?` screen: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from workbench.review.bindings import KeyHelp


class HelpScreen(ModalScreen[None]):
    """Keys grouped by where they work; greyed keys are unavailable right now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", tooltip="Back to work"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Label(Content(f"Keys · {self.title_text}"), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(self._table())
            yield Label(
                Content(
                    "Every change is saved as you make it. "
                    "ctrl+p opens the same actions as commands."
                ),
                classes="dialog-hint",
            )

    def _table(self) -> Content:
        lines: list[Content] = []
        # One section per group, in order of first appearance: a priority binding can put a
        # group's keys on both sides of another's.
        groups: dict[str, list[KeyHelp]] = {}
        for entry in self.keys:
            groups.setdefault(entry.group, []).append(entry)
        for group, entries in groups.items():
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(group, "bold $text-accent"))
            for entry in entries:
                style = "" if entry.enabled else "$text-muted"
                # Textual's own bindings repeat the description as the tooltip.
                tooltip = "" if entry.tooltip == entry.description else entry.tooltip
                lines.append(
                    Content.assemble(
                        (f"  {', '.join(entry.keys):<16}", "bold" if entry.enabled else style),
                        (f"{entry.description:<20}", style),
                        (tooltip, style or "$text-muted"),
                    )
                )
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
