"""The segment screen's keys: its modes, its bindings, and which actions each mode offers."""

from __future__ import annotations

import enum

from textual.binding import Binding, BindingType


class Mode(enum.StrEnum):
    """What the keyboard is doing on this screen."""

    BROWSE = "browse"
    EDIT = "edit"
    SPLIT = "split"
    SEARCH = "search"


# Actions available in each mode besides browsing; in browse mode these are hidden.
MODE_ACTIONS = {
    Mode.EDIT: {
        "save",
        "cancel",
        "add_word",
        "select_target",
        "clear_target",
        "alternatives",
        "lookup",
        "accept_word",
        "accept_all",
    },
    Mode.SPLIT: {"confirm_split", "cancel"},
    Mode.SEARCH: {"cancel"},
}
SEGMENT_ACTIONS = {
    "edit",
    "approve",
    "approve_here",
    "reject",
    "revert",
    "toggle_boilerplate",
    "merge",
    "split",
    "lookup",
}
# The edit and split keys, hidden while browsing.
BROWSE_HIDDEN = frozenset(
    {
        "save",
        "cancel",
        "confirm_split",
        "select_target",
        "clear_target",
        "alternatives",
        "accept_word",
        "accept_all",
    }
)

# fmt: off
SEGMENT_BINDINGS: list[BindingType] = [
    Binding("enter,e", "edit", "Edit", tooltip="Edit the target", id="edit"),
    Binding("ctrl+s", "save", "Save", tooltip="Save the target as a new version", id="save"),
    Binding("escape", "cancel", "Cancel", tooltip="Cancel the edit, split or search",
            id="cancel"),
    Binding("escape", "show_all", "Show all", tooltip="Clear the search and the filter; "
            "escape again goes back to the documents", id="show_all"),
    Binding("enter", "confirm_split", "Split here", tooltip="Split the target at the cursor",
            id="confirm_split"),
    Binding("ctrl+a", "select_target", "Select all", tooltip="Select the whole target; "
            "typing replaces it", id="select_target", priority=True),
    Binding("ctrl+l", "clear_target", "Clear", tooltip="Empty the target to type a new one",
            id="clear_target"),
    Binding("a", "approve", "Approve", tooltip="Approve, then go to the next segment "
            "needing work", id="approve"),
    Binding("A", "approve_here", "Approve here", tooltip="Approve and stay on the segment",
            id="approve_here", show=False),
    Binding("r", "reject", "Reject", tooltip="Reject the target, with an optional comment",
            id="reject"),
    Binding("u", "revert", "Revert", tooltip="Make the previous version current again",
            id="revert"),
    Binding("n", "next_needing_work", "Next", tooltip="Next segment not yet approved, in "
            "table order", id="next"),
    Binding("slash", "search", "Search", tooltip="Segments whose source or target contains "
            "a text", id="search"),
    Binding("f", "filter", "Filter", tooltip="One status, or the lowest MT confidence",
            id="filter"),
    Binding("o", "toggle_order", "Order", tooltip="Document order ⇄ lowest MT confidence "
            "first", id="order", show=False),
    Binding("b", "toggle_boilerplate", "Boilerplate", tooltip="Boilerplate (not "
            "translated) ⇄ translatable; asks first", id="boilerplate", show=False),
    Binding("m", "merge", "Merge", tooltip="Merge the paragraph's next segment into this "
            "one (a 2-1 bead)", id="merge"),
    Binding("s", "split", "Split", tooltip="Split the target in two (a 1-2 bead)",
            id="split"),
    Binding("ctrl+t", "add_word", "Add word", tooltip="Add the word at the cursor (or the "
            "first misspelt word) to the spelling dictionary", id="add_word", show=False),
    Binding("tab", "accept_word", "Accept word", tooltip="Take the next word of the "
            "completion (the engine's grey text after the cursor)", id="accept_word"),
    Binding("shift+tab", "accept_all", "Accept all", tooltip="Take the whole completion "
            "(→ at the end does too)", id="accept_all"),
    Binding("ctrl+o", "alternatives", "Alternatives", tooltip="The engine's best "
            "translations and its next words at the cursor; enter puts one in",
            id="alternatives"),
    Binding("ctrl+g", "lookup", "Look up", tooltip="A source word's glossary entries, "
            "concordance and dictionary entries", id="lookup", show=False),
    Binding("ctrl+r", "reload", "Reload", tooltip="Read the segments from the store again",
            id="reload", show=False),
    Binding("escape", "back", "Back", tooltip="Back to the documents", id="back", show=False),
]
# fmt: on
