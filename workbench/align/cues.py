"""Where a sentence boundary is likely only a split of one sentence: text cues, no costs.

OCR'd captions, headings and splits at `:` or `;` leave fragments that translators render inside
a neighbour's sentence; the cues let the search merge across such boundaries more readily.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from workbench.align.model import FloatArray

_OPENS_CLAUSE = (":", ";", ",")


def boundary_glue(texts: Sequence[str], params: dict[str, float]) -> FloatArray:
    """Per boundary between sentence i and i+1, how strongly they look like one sentence, in nats.

    A lower-case start and a line ending in `:`, `;` or `,` each add their own weight (a very
    short piece on either side, tried as a third cue, did not help across the Text+Berg files).
    """
    glue = np.zeros(max(len(texts) - 1, 0))
    for i in range(len(texts) - 1):
        left, right = texts[i].strip(), texts[i + 1].strip()
        if right[:1].islower():
            glue[i] += params["glue_lower"]
        if left.endswith(_OPENS_CLAUSE):
            glue[i] += params["glue_colon"]
    return glue
