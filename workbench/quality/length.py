"""The length check: a target much shorter or longer than its source, against a band of ratios
learned from the corpus at hand where there is enough of it."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from workbench.quality.pair import LengthBand, Pair, QaCode
from workbench.records import Flag, Severity

# Characters added to both lengths so that "Ja." → "Yes." is not a 33 % length change.
LENGTH_SMOOTHING = 10
# Wide enough for sv→en news and dialogue; a learned band replaces it when data is at hand.
DEFAULT_LENGTH_BAND = LengthBand(0.55, 1.8)
_LENGTH_QUANTILES = (0.005, 0.995)
# Below one pair per 0.5 % tail the quantiles are the sample's extremes, errors included.
MIN_PAIRS_TO_LEARN = 200
_LENGTH_MARGIN = 0.05


def length_ratio(source: str, target: str) -> float:
    """Smoothed target/source character-length ratio of the stripped texts."""
    source_length = len(source.strip()) + LENGTH_SMOOTHING
    return (len(target.strip()) + LENGTH_SMOOTHING) / source_length


def learn_length_band(pairs: Iterable[tuple[str, str]]) -> LengthBand:
    """Band from the 0.5 % and 99.5 % quantiles of the pairs' length ratios, slightly widened.

    Falls back to `DEFAULT_LENGTH_BAND` with fewer than `MIN_PAIRS_TO_LEARN` non-empty pairs.
    """
    ratios = [length_ratio(s, t) for s, t in pairs if s.strip() and t.strip()]
    if len(ratios) < MIN_PAIRS_TO_LEARN:
        return DEFAULT_LENGTH_BAND
    cuts = statistics.quantiles(ratios, n=1000, method="inclusive")
    low = cuts[round(_LENGTH_QUANTILES[0] * 1000) - 1]
    high = cuts[round(_LENGTH_QUANTILES[1] * 1000) - 1]
    return LengthBand(low * (1 - _LENGTH_MARGIN), high * (1 + _LENGTH_MARGIN))


def check_length(pair: Pair) -> list[Flag]:
    ratio = length_ratio(pair.source, pair.target)
    band = pair.length_band
    if band.low <= ratio <= band.high:
        return []
    side = "short" if ratio < band.low else "long"
    return [
        Flag(
            QaCode.LENGTH_RATIO,
            Severity.WARNING,
            f"the target is unusually {side}: length ratio {ratio:.2f} outside "
            f"{band.low:.2f}–{band.high:.2f}",
        )
    ]
