"""Where a reviewer split a target into sentences, and the target cut at those points.

The store keeps split offsets on the segment's MT bead, against the target text as it was
when they were made; later edits move them with the text (a word diff), so the parts a
reviewer separated stay separate in the detail pane and the rendered article.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def map_offsets(old: str, new: str, offsets: Sequence[int]) -> list[int]:
    """Move character offsets in `old` to the same places in `new`; lost ones are dropped."""
    if old == new:
        return list(offsets)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    moved: set[int] = set()
    for offset in offsets:
        for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
            if tag == "equal" and a_start <= offset <= a_end:
                moved.add(b_start + offset - a_start)
                break
            if a_start <= offset < a_end:
                moved.add(b_end)  # inside a rewritten stretch: after its new text
                break
    return sorted(o for o in moved if new[:o].strip() and new[o:].strip())


def cut(text: str, offsets: Sequence[int]) -> tuple[str, ...]:
    """`text` cut at `offsets` into stripped, non-empty parts."""
    bounds = [0, *sorted(offsets), len(text)]
    parts = (text[start:end].strip() for start, end in zip(bounds, bounds[1:], strict=False))
    return tuple(part for part in parts if part)
