"""Hunspell dictionaries for lookup, loaded from a compiled cache instead of parsed each time.

spylls parses a `.dic` word list in pure Python, a second or more per dictionary. The parsed
entries are cached (`workbench.cachefiles`, keyed by both files' bytes and spylls' version) and
loaded back in a fraction of that; each entry becomes a spylls `Word` only when a lookup asks
for its stem. The small `.aff` file is parsed every time. Only lookup is offered, no
suggestions (spylls' suggester reads every word up front).
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from spylls.hunspell.algo.capitalization import Type as CapType
from spylls.hunspell.algo.lookup import Lookup
from spylls.hunspell.data.dic import Dic, Word
from spylls.hunspell.readers import FileReader, read_aff, read_dic

from workbench.cachefiles import cache_key, load_or_build

__all__ = ["Lookup", "load_lookup"]

_FORMAT = "1"
# stem -> its entries as (flags, data tags, capitalisation, alternative spellings)
_Entries = dict[str, list[tuple[list[str], dict[str, Any], int, list[str]]]]
# lowercased stem -> (stem, index among the stem's entries) of each entry it lowercases from
_Lowercase = dict[str, list[tuple[str, int]]]


class CompiledDic(Dic):  # type: ignore[misc]
    """spylls' word list over cached entries; `Word`s are built per stem on first lookup."""

    def __init__(self, entries: _Entries, lowercase: _Lowercase) -> None:
        super().__init__(words=[])
        self._entries = entries
        self._lowercase = lowercase
        self._built: dict[str, list[Word]] = {}

    def homonyms(self, stem: str, *, ignorecase: bool = False) -> list[Word]:
        """Every entry of `stem` (of its lowercase form with `ignorecase`), as spylls asks."""
        if ignorecase:
            return [self._words(s)[i] for s, i in self._lowercase.get(stem, ())]
        return self._words(stem)

    def _words(self, stem: str) -> list[Word]:
        built = self._built.get(stem)
        if built is None:
            built = [
                Word(
                    stem=stem,
                    flags=set(flags),
                    data=data,
                    captype=CapType(captype),
                    alt_spellings=alt_spellings,
                )
                for flags, data, captype, alt_spellings in self._entries.get(stem, ())
            ]
            self._built[stem] = built
        return built


def load_lookup(folder: Path, name: str) -> Lookup:
    """A spylls `Lookup` (call it with a word) for `folder/name.aff` and `.dic`."""
    aff_path, dic_path = folder / f"{name}.aff", folder / f"{name}.dic"
    aff, context = read_aff(FileReader(str(aff_path)))
    key = cache_key([_FORMAT, version("spylls"), aff_path.read_bytes(), dic_path.read_bytes()])
    # One cache per dictionary folder and name; a new key replaces its older files.
    where = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]

    def parse() -> tuple[_Entries, _Lowercase]:
        return _compile(
            read_dic(FileReader(str(dic_path), encoding=context.encoding), aff=aff, context=context)
        )

    entries, lowercase = load_or_build(f"hunspell-{name}-{where}", key, parse)
    return Lookup(aff, CompiledDic(entries, lowercase))


def _compile(parsed: Dic) -> tuple[_Entries, _Lowercase]:
    entries: _Entries = {}
    position: dict[int, tuple[str, int]] = {}
    for word in parsed.words:
        homonyms = entries.setdefault(word.stem, [])
        position[id(word)] = (word.stem, len(homonyms))
        homonyms.append(
            (sorted(word.flags), dict(word.data), word.captype.value, list(word.alt_spellings))
        )
    # spylls also files every all-lowercase stem under each of its letters (it iterates the
    # stem where it means a list of lowercase forms); only real lowercase forms are kept.
    lowercase: _Lowercase = {}
    for lower, words in parsed.lowercase_index.items():
        cased = [position[id(word)] for word in words if word.captype is not CapType.NO]
        if cased:
            lowercase[lower] = cased
    return entries, lowercase
