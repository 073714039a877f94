"""Per-store settings: which keys exist, their allowed values and defaults.

The store keeps the values (`store.settings`); the CLI and the checks read them through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import InputError
from workbench.store import Store


@dataclass(frozen=True, slots=True)
class Setting:
    """A setting's allowed values (the first is the default) and what it does."""

    choices: tuple[str, ...]
    help: str


SETTINGS = {
    "spelling-variant": Setting(
        ("any", "en-GB", "en-US"),
        "which English spellings the spelling check accepts; the other variant is flagged",
    ),
    "propagate": Setting(
        ("on", "off"),
        "copy a saved or approved target to untouched segments with the same source",
    ),
    "completion": Setting(
        ("on", "off"),
        "complete what the reviewer types in the editor with the MT engine (ghost text)",
    ),
}


def require_setting(key: str) -> Setting:
    """The setting called `key`; `InputError` names the known ones."""
    setting = SETTINGS.get(key)
    if setting is None:
        raise InputError(f"unknown setting {key!r}; known settings: {', '.join(SETTINGS)}")
    return setting


def get_setting(store: Store, key: str) -> str:
    """The store's value of a known setting, else its default."""
    return store.settings.get(key) or require_setting(key).choices[0]


def set_setting(store: Store, key: str, value: str, actor: str) -> None:
    """Validate and store a setting; `InputError` names the allowed keys or values."""
    setting = require_setting(key)
    if value not in setting.choices:
        raise InputError(f"setting {key} takes one of {', '.join(setting.choices)}, not {value!r}")
    store.settings.put(key, value, actor)
