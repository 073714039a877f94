"""Hunspell dictionaries for lookup, loaded from a compiled cache instead of parsed each time.

spylls parses a `.dic` word list in pure Python, a second or more per dictionary, to build
objects a check mostly never reads. The cache (`workbench.cachefiles`, keyed by both files'
bytes and spylls' version) holds the list's lines and which stem each line gives, as a few
strings that load in milliseconds; spylls' reader parses a line when a lookup first asks for
its stem. The small `.aff` file is parsed every time. Only lookup is offered, no suggestions
(spylls' suggester reads every word up front).
"""

from __future__ import annotations

import array
import hashlib
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from spylls.hunspell.algo.capitalization import Type as CapType
from spylls.hunspell.algo.lookup import Lookup
from spylls.hunspell.data.aff import Aff
from spylls.hunspell.data.dic import Dic, Word
from spylls.hunspell.readers import FileReader, read_aff, read_dic
from spylls.hunspell.readers.aff import Context

from workbench.cachefiles import cache_key, load_or_build
from workbench.errors import ModelError

__all__ = ["Lookup", "load_lookup"]

_FORMAT = "3"


class CompiledDic(Dic):  # type: ignore[misc]
    """spylls' word list over the cached index: a stem's `.dic` lines are parsed (by spylls'
    own reader) only when a lookup first asks for that stem."""

    def __init__(self, compiled: _Compiled, aff: Aff, context: Context) -> None:
        super().__init__(words=[])
        lines, stems, stem_homonyms, lowercase, lowercase_at, lowercase_homonyms = compiled
        self._lines = lines.split("\n")
        self._aff, self._context = aff, context
        self._at = _Positions(stems.split("\n"), range(len(self._lines)), stem_homonyms)
        self._lowercase_at = _Positions(
            lowercase.split("\n") if lowercase else [],
            array.array("I", lowercase_at),
            lowercase_homonyms,
        )
        self._parsed: dict[int, Word] = {}

    def homonyms(self, stem: str, *, ignorecase: bool = False) -> list[Word]:
        """Every entry of `stem` (of its lowercase form with `ignorecase`), as spylls asks."""
        at = (self._lowercase_at if ignorecase else self._at).of(stem)
        return [self._word(position) for position in at]

    def _word(self, position: int) -> Word:
        word = self._parsed.get(position)
        if word is None:
            # Line number 2 and on: only line 1 may be the entry count that spylls skips.
            line = [(position + 2, self._lines[position])]
            (word,) = read_dic(line, aff=self._aff, context=self._context).words
            self._parsed[position] = word
        return word


# The cache: the .dic lines as spylls reads them and each line's stem; the lowercase forms of
# stems that are not all lowercase and the line each comes from; for each, the keys found at
# several positions with all of them.
_Compiled = tuple[str, str, dict[str, list[int]], str, bytes, dict[str, list[int]]]


def load_lookup(folder: Path, name: str) -> Lookup:
    """A spylls `Lookup` (call it with a word) for `folder/name.aff` and `.dic`."""
    aff_path, dic_path = folder / f"{name}.aff", folder / f"{name}.dic"
    aff, context = read_aff(FileReader(str(aff_path)))
    key = cache_key([_FORMAT, version("spylls"), aff_path.read_bytes(), dic_path.read_bytes()])
    # One cache per dictionary folder and name; a new key replaces its older files.
    where = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]

    def compile_dic() -> _Compiled:
        return _compile(dic_path, aff, context)

    compiled = load_or_build(f"hunspell-{name}-{where}", key, compile_dic)
    return Lookup(aff, CompiledDic(compiled, aff, context))


def _compile(dic_path: Path, aff: Aff, context: Context) -> _Compiled:
    lines = [line for _, line in FileReader(str(dic_path), encoding=context.encoding)]
    parsed = read_dic(
        FileReader(str(dic_path), encoding=context.encoding), aff=aff, context=context
    )
    if lines and len(lines) == len(parsed.words) + 1:
        lines = lines[1:]  # the entry count, the one line spylls reads no word from
    if len(lines) != len(parsed.words):
        raise ModelError(f"{dic_path}: cannot tell which line gives which Hunspell entry")
    position = {id(word): at for at, word in enumerate(parsed.words)}
    # spylls also files every all-lowercase stem under each of its letters (it iterates the
    # stem where it means a list of lowercase forms); only real lowercase forms are kept.
    lowercase = [
        (lower, position[id(word)])
        for lower, words in parsed.lowercase_index.items()
        for word in words
        if word.captype is not CapType.NO
    ]
    stems = [word.stem for word in parsed.words]
    return (
        "\n".join(lines),
        "\n".join(stems),
        _several(stems, range(len(stems))),
        "\n".join(lower for lower, _ in lowercase),
        array.array("I", [at for _, at in lowercase]).tobytes(),
        _several([lower for lower, _ in lowercase], [at for _, at in lowercase]),
    )


def _several(keys: list[str], positions: Sequence[int]) -> dict[str, list[int]]:
    """The keys found at more than one position, with all of those positions in order."""
    found: dict[str, list[int]] = {}
    for key, position in zip(keys, positions, strict=True):
        found.setdefault(key, []).append(position)
    return {key: at for key, at in found.items() if len(at) > 1}


class _Positions:
    """Key -> the positions it is found at, in order; built at C speed, as most keys occur once."""

    def __init__(
        self, keys: list[str], positions: Sequence[int], several: dict[str, list[int]]
    ) -> None:
        self._first = dict(zip(keys, positions, strict=True))
        self._several = several

    def of(self, key: str) -> Sequence[int]:
        several = self._several.get(key)
        if several is not None:
            return several
        first = self._first.get(key)
        return () if first is None else (first,)
