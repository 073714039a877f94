"""The `?` screen: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Label, Static

from workbench.review.bindings import KeyHelp

# Columns of a key's row: indent and keys, then its name; its description follows.
KEYS_WIDTH = 18
NAME_WIDTH = 20


class HangingRows(Visual):
    """Rows of a fixed-width lead and a text that wraps under its own start, not the lead's."""

    def __init__(self, rows: list[tuple[Content, Content]]) -> None:
        self.rows = rows
        self._laid_out: dict[int, Content] = {}  # by width: asked for height, then to render

    def _at(self, width: int) -> Content:
        if (content := self._laid_out.get(width)) is not None:
            return content
        lines: list[Content] = []
        for lead, text in self.rows:
            indent = lead.cell_length
            wrapped = text.wrap(max(width - indent, 8)) if text else [text]
            lines.append(lead + wrapped[0])
            lines.extend(Content(" " * indent) + line for line in wrapped[1:])
        self._laid_out[width] = content = Content("\n").join(lines)
        return content

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._at(container_width).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._at(width).get_height(rules, width)


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
                yield Static(HangingRows(self._rows()))
            yield Label(
                Content(
                    "Every change is saved as you make it. "
                    "ctrl+p opens the same actions as commands."
                ),
                classes="dialog-hint",
            )

    def _rows(self) -> list[tuple[Content, Content]]:
        rows: list[tuple[Content, Content]] = []
        # One section per group, in order of first appearance: a priority binding can put a
        # group's keys on both sides of another's.
        groups: dict[str, list[KeyHelp]] = {}
        for entry in self.keys:
            groups.setdefault(entry.group, []).append(entry)
        for group, entries in groups.items():
            if rows:
                rows.append((Content(""), Content("")))
            rows.append((Content.styled(group, "bold $text-accent"), Content("")))
            for entry in entries:
                style = "" if entry.enabled else "$text-muted"
                # Textual's own bindings repeat the description as the tooltip.
                tooltip = "" if entry.tooltip == entry.description else entry.tooltip
                lead = Content.assemble(
                    (
                        f"  {', '.join(entry.keys):<{KEYS_WIDTH - 2}}",
                        "bold" if entry.enabled else style,
                    ),
                    (f"{entry.description:<{NAME_WIDTH}}", style),
                )
                rows.append((lead, Content.styled(tooltip, style or "$text-muted")))
        return rows

    def action_close(self) -> None:
        self.dismiss(None)
