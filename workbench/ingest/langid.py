"""Language identification of paragraphs with langdetect, deterministic and cached.

langdetect confuses Swedish, Danish and Norwegian on short text, so callers weigh judgements by
letters (`majority_language`) and treat those languages as one family (`same_language`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
MIN_LETTERS = 12

# langdetect cannot tell these apart reliably on short text
_FAMILIES = ({"sv", "da", "no", "nb", "nn"}, {"hr", "sr", "bs"}, {"id", "ms"})
_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability of `text`'s language; ("und", 0.0) when too short to judge."""
    cleaned = _NOISE_RE.sub(" ", text)
    if letter_count(cleaned) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    # langdetect loads its profiles on the first call, into a module-global factory that every
    # later call reuses
    DetectorFactory.seed = 0
    try:
        best = detect_langs(cleaned)[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang.split("-")[0], float(best.prob)


def majority_language(samples: Sequence[tuple[str, str]]) -> str:
    """The language with the most letters among `(text, lang)` samples that were judged."""
    letters_by_lang: dict[str, int] = {}
    for text, lang in samples:
        if lang != UNDETERMINED:
            letters_by_lang[lang] = letters_by_lang.get(lang, 0) + letter_count(text)
    if not letters_by_lang:
        return UNDETERMINED

    def family_letters(lang: str) -> int:
        return sum(count for other, count in letters_by_lang.items() if same_language(lang, other))

    # a Swedish text whose short paragraphs read as Danish or Norwegian is still Swedish
    return max(letters_by_lang, key=lambda lang: (family_letters(lang), letters_by_lang[lang]))


def same_language(first: str, second: str) -> bool:
    """Whether two codes name one language, counting langdetect's confusable families as one."""
    if first == second:
        return True
    return any(first in family and second in family for family in _FAMILIES)


def letter_count(text: str) -> int:
    """How many alphabetic characters `text` holds."""
    return sum(map(str.isalpha, text))
