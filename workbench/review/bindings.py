"""The keys a screen offers, read from its live bindings for the help screen and the palette.

Both are generated here from the same `BINDINGS`, so neither can drift from what keys do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One action a screen offers: its keys, what it is called and what it does."""

    keys: tuple[str, ...]
    description: str
    tooltip: str
    action: str
    node: DOMNode
    group: str
    enabled: bool
    command: bool  # bindings with an id are commands: in the palette and remappable


def key_help(screen: Screen[object]) -> list[KeyHelp]:
    """Every described binding in the screen's focus chain, once per action, innermost first."""
    app = screen.app
    # Textual's own screen keys (focus cycling, copy) work everywhere and are not ours to list.
    generic = {binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)}
    grouped: dict[tuple[int, str], list[str]] = {}
    found: dict[tuple[int, str], KeyHelp] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or (
            isinstance(active.node, Screen) and binding.action in generic
        ):
            continue
        key = (id(active.node), binding.action)
        grouped.setdefault(key, []).append(app.get_key_display(binding))
        if key not in found:
            found[key] = KeyHelp(
                keys=(),
                description=binding.description,
                tooltip=binding.tooltip or binding.description,
                action=binding.action,
                node=active.node,
                group=_group_title(active.node),
                enabled=active.enabled,
                command=binding.id is not None,
            )
    # The screen's keys for its other modes (editing, splitting) are listed too, greyed, so
    # the help shows them before the reviewer is in that mode.
    for binding in Binding.make_bindings(screen.BINDINGS):
        key = (id(screen), binding.action)
        if not binding.description or any(k[1] == binding.action for k in found):
            continue
        if key not in grouped:
            found[key] = KeyHelp(
                keys=(),
                description=binding.description,
                tooltip=binding.tooltip or binding.description,
                action=binding.action,
                node=screen,
                group=f"{_group_title(screen)} · other modes",
                enabled=False,
                command=False,
            )
        grouped.setdefault(key, []).append(app.get_key_display(binding))
    return [replace(entry, keys=tuple(grouped[key])) for key, entry in found.items()]


def _group_title(node: DOMNode) -> str:
    if node.BINDING_GROUP_TITLE:
        return node.BINDING_GROUP_TITLE
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return "This screen"
    return type(node).__name__
