"""Bilingual word evidence from a FreeDict dictionary installed on the system (dictd format).

Debian's `dict-freedict-deu-fra`, `dict-freedict-swe-eng` and their kin put `freedict-X-Y.index`
and `.dict.dz` under /usr/share/dictd; they are read at run time, never shipped. A word meets a
dictionary word when one is the other less an ending of up to three letters ("hunden", "hund"),
and a long word also counts as its longest dictionary suffix, the head of a compound
("Nordostwand" as "Wand").
"""

from __future__ import annotations

import functools
import gzip
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from workbench.quality.anchors import fold

DICTIONARY_DIR = Path("/usr/share/dictd")
# ISO 639-1 codes as FreeDict names its dictionaries (ISO 639-3).
_ISO3 = {
    "da": "dan", "de": "deu", "en": "eng", "es": "spa", "fi": "fin", "fr": "fra", "it": "ita",
    "nl": "nld", "no": "nor", "nb": "nob", "pl": "pol", "pt": "por", "ru": "rus", "sv": "swe",
}  # fmt: skip
_WORD_RE = re.compile(r"[^\W\d_]+")
_SHORTEST = 3
_ENDING = 3  # letters an inflection may add
_COMPOUND_PART = 4
_LONGEST_GLOSS = 3  # words; longer lines of an entry are explanations, not translations
_GLOSS_SPLIT = re.compile(r"[,;\n]|^\s*\d+\.\s*", re.MULTILINE)
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


_B64_VALUE = {char: value for value, char in enumerate(_B64)}


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64_VALUE[char]
    return value


def forms(word: str) -> set[str]:
    """A folded word and the words it may be with an inflectional ending, down to 3 letters."""
    folded = fold(word)
    return {folded[: len(folded) - cut] for cut in range(_ENDING + 1) if len(folded) - cut >= 3}


class Dictionary:
    """One installed dictionary: folded headwords and, parsed on first use, their glosses."""

    def __init__(self, index: Path) -> None:
        self.data = gzip.decompress(index.with_suffix(".dict.dz").read_bytes())
        # Where each folded headword's entries lie, as the index writes it (decoded when used).
        self.entries: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
        for line in index.read_text(encoding="utf-8").splitlines():
            head, _, place = line.partition("\t")
            # Multi-word headwords are phrases; 00-database-* lines describe the dictionary.
            if head.isalpha() and len(head) >= _SHORTEST:
                start, _, size = place.partition("\t")
                self.entries[fold(head)].append((start, size))
        self.glosses: dict[str, frozenset[str]] = {}

    def translations(self, head: str) -> frozenset[str]:
        """Folded words of the short glosses of a headword (longer lines explain it)."""
        found = self.glosses.get(head)
        if found is None:
            words: set[str] = set()
            for start_code, size_code in self.entries.get(head, ()):
                start, size = _number(start_code), _number(size_code)
                text = self.data[start : start + size].decode("utf-8", "replace")
                for gloss in _GLOSS_SPLIT.split(text.partition("\n")[2]):
                    gloss_words = _WORD_RE.findall(gloss)
                    if len(gloss_words) <= _LONGEST_GLOSS:
                        words.update(fold(w) for w in gloss_words if len(w) >= _SHORTEST)
            found = self.glosses[head] = frozenset(words)
        return found

    def definitions(self, head: str) -> list[str]:
        """The entries of a folded headword as the dictionary writes them, headword line first."""
        return [
            self.data[_number(start) : _number(start) + _number(size)]
            .decode("utf-8", "replace")
            .strip()
            for start, size in self.entries.get(head, ())
        ]

    def sentence_heads(self, text: str) -> set[str]:
        """Headwords a sentence's words may be, with the head of each long compound."""
        heads: set[str] = set()
        for word in _WORD_RE.findall(text):
            if len(word) < _SHORTEST:
                continue
            candidates = forms(word)
            heads.update(candidate for candidate in candidates if candidate in self.entries)
            folded = fold(word)
            for cut in range(1, len(folded) - _COMPOUND_PART + 1):
                if folded[cut:] in self.entries:
                    heads.add(folded[cut:])
                    break
        return heads


@functools.cache
def open_dictionary(index: Path) -> Dictionary:
    """The dictionary at `index`, read once per process."""
    return Dictionary(index)


def find_dictionary(
    source_lang: str, target_lang: str, directory: Path
) -> tuple[Path, bool] | None:
    """The installed index for the pair and whether it runs target → source; None if absent."""
    source, target = _ISO3.get(source_lang), _ISO3.get(target_lang)
    if source is None or target is None:
        return None
    for first, second, reverse in ((source, target, False), (target, source, True)):
        index = directory / f"freedict-{first}-{second}.index"
        if index.is_file() and index.with_suffix(".dict.dz").is_file():
            return index, reverse
    return None


def dictionary_keys(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str,
    target_lang: str,
    directory: Path = DICTIONARY_DIR,
) -> tuple[list[set[str]], list[set[str]]] | None:
    """Per sentence, a key for each dictionary pair whose two words occur on their two sides;
    None when no dictionary for the pair is installed in `directory`."""
    found = find_dictionary(source_lang, target_lang, directory)
    if found is None:
        return None
    index, reverse = found
    dictionary = open_dictionary(index)
    # `left` is the dictionary's own language, `right` that of its glosses.
    left_texts, right_texts = (target, source) if reverse else (source, target)
    left = [dictionary.sentence_heads(text) for text in left_texts]
    right = [set().union(*(forms(word) for word in _WORD_RE.findall(text))) for text in right_texts]
    present = set().union(*right)
    pairs = {head: dictionary.translations(head) & present for head in set().union(*left)}
    meaning: defaultdict[str, set[str]] = defaultdict(set)
    for head, words in pairs.items():
        for word in words:
            meaning[word].add(head)
    left_keys = [{f"d{h}|{w}" for h in heads for w in pairs[h]} for heads in left]
    right_keys = [{f"d{h}|{w}" for w in words for h in meaning.get(w, ())} for words in right]
    return (right_keys, left_keys) if reverse else (left_keys, right_keys)
