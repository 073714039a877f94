"""Language identification of paragraphs with langdetect, deterministic and cached.

langdetect confuses Swedish, Danish and Norwegian on short text, so callers weigh judgements by
letters (`majority_language`) and treat those languages as one family (`same_language`).
Its 55 JSON profiles take about a second to parse; they are compiled once into the user cache
(`workbench.cachefiles`) and loaded from there by every later process.
"""

from __future__ import annotations

import array
import itertools
import os
import re
import threading
from collections.abc import Sequence
from importlib.metadata import version

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from workbench.cachefiles import cache_key, load_or_build

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
    detector = detector_factory().create()
    detector.append(cleaned)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, 0.0
    return best.lang.split("-")[0], float(best.prob)


_factory: DetectorFactory | None = None
_loading = threading.Lock()


def detector_factory() -> DetectorFactory:
    """langdetect's factory over all its profiles, seeded; loaded once per process."""
    global _factory
    with _loading:
        if _factory is None:
            listing = sorted(
                (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                for entry in os.scandir(PROFILES_DIRECTORY)
            )
            key = cache_key(["1", version("langdetect"), repr(listing)])
            langlist, words, counts, positions, probabilities = load_or_build(
                "langdetect", key, _compile_profiles
            )
            factory = DetectorFactory()
            factory.seed = 0  # the same judgement every run
            factory.langlist = langlist
            factory.word_lang_prob_map = _Probabilities(
                len(langlist), words, counts, positions, probabilities
            )
            _factory = factory
        return _factory


def _compile_profiles() -> tuple[list[str], str, bytes, bytes, bytes]:
    """The profiles' n-gram probabilities, sparse: most n-grams occur in a few languages only."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    counts, positions, probabilities = array.array("B"), array.array("B"), array.array("d")
    for per_language in factory.word_lang_prob_map.values():
        present = [(i, p) for i, p in enumerate(per_language) if p]
        counts.append(len(present))
        positions.extend(i for i, _ in present)
        probabilities.extend(p for _, p in present)
    words = "\x00".join(factory.word_lang_prob_map)
    return factory.langlist, words, counts.tobytes(), positions.tobytes(), probabilities.tobytes()


class _Probabilities:
    """n-gram -> probability per language, as langdetect's detector reads it (`in`, `[]`)."""

    def __init__(
        self, languages: int, words: str, counts: bytes, positions: bytes, probabilities: bytes
    ) -> None:
        keys = words.split("\x00")
        self._languages = languages
        self._index = dict(zip(keys, range(len(keys)), strict=True))
        self._starts = array.array("I", [0])
        self._starts.extend(itertools.accumulate(counts))
        self._positions = positions
        self._probabilities = array.array("d", probabilities)
        self._built: dict[str, list[float]] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def __getitem__(self, word: str) -> list[float]:
        built = self._built.get(word)
        if built is None:
            i = self._index[word]
            built = [0.0] * self._languages
            for at in range(self._starts[i], self._starts[i + 1]):
                built[self._positions[at]] = self._probabilities[at]
            self._built[word] = built
        return built


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
