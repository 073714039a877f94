"""Control characters in text: dropped at ingest, escaped on output, bidi overrides named.

Web text never legitimately holds C0/C1 controls (tab and newline aside); a terminal escape
sequence in an article could retitle or recolour the reviewer's terminal. Bidirectional
controls are legitimate in some scripts but make a line read differently from what it holds,
so displays name them instead of obeying them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ingest.paragraph import Paragraph

# Whole escape sequences go, so "\x1b[31m" leaves no "[31m" behind: CSI (ESC [ or U+009B),
# OSC/DCS/PM/APC strings up to their terminator, then any single ESC-led pair.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_DROPPED = re.compile(f"{_SEQUENCE}|{_CONTROL}")
_ESCAPED = re.compile(_CONTROL)
BIDI_CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
_BIDI = re.compile(f"[{''.join(BIDI_CONTROLS)}]")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Text with its control characters dropped, and how many sequences or characters went."""

    text: str
    dropped: int


def drop_controls(text: str) -> Cleaned:
    """Remove C0/C1 controls and whole terminal escape sequences; tab and newline stay."""
    cleaned, dropped = _DROPPED.subn("", text)
    return Cleaned(cleaned, dropped)


def drop_paragraph_controls(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], int]:
    """`drop_controls` over ingested paragraphs (after markup is decoded, so `&#27;` counts)."""
    cleaned = [drop_controls(p.text) for p in paragraphs]
    return (
        [replace(p, text=c.text) for p, c in zip(paragraphs, cleaned, strict=True)],
        sum(c.dropped for c in cleaned),
    )


def bidi_controls(text: str) -> list[str]:
    """Names of the bidirectional controls in `text`, in order ("RLO", "PDF", …)."""
    return [BIDI_CONTROLS[match.group()] for match in _BIDI.finditer(text)]


def visible(text: str) -> str:
    """Text safe to show: controls (tab, newline aside) as `\\x1b`, bidi ones as `⟨RLO⟩`."""
    escaped = _ESCAPED.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _BIDI.sub(lambda m: f"⟨{BIDI_CONTROLS[m.group()]}⟩", escaped)
