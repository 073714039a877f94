"""Spelling of English targets: Hunspell's en-US and en-GB dictionaries through spylls.

The SCOWL dictionaries come with the package (`quality/dictionaries`, with their licence);
`WORKBENCH_HUNSPELL` points at another folder of `en_US`/`en_GB` `.aff`/`.dic` files.

Pure text in, `Flag`s out; the user dictionary and the store's variant are passed in. Words that
are right by construction (also in the source, glossary targets, URLs, e-mails, placeholders,
anything with a digit) are never looked up.
"""

from __future__ import annotations

import enum
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import ModelError
from workbench.ingest.langid import detector_factory
from workbench.quality.anchors import find_anchors
from workbench.quality.hunspell import Lookup, load_lookup
from workbench.records import Flag, Severity

if TYPE_CHECKING:
    from workbench.translate.glossary import GlossaryTerm

DICTIONARY_ENV = "WORKBENCH_HUNSPELL"
SPELLING = "spelling"
SPELLING_VARIANT = "spelling-variant"
_PACKAGED_DICTIONARY_DIR = Path(__file__).parent / "dictionaries"
_NAMES = ("en_US", "en_GB")
_INSTALL_HINT = (
    f"put en_US/en_GB .aff and .dic files there, or unset {DICTIONARY_ENV} to use the "
    "dictionaries that come with the workbench"
)
# Letters with inner apostrophes; hyphens split compounds so each part is looked up alone.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NOT_PROSE = re.compile(r"\{[^{}\s]*\}|%[\w.]+|<[^<>]*>|\$\{?\w+\}?|\S*\d\S*")
Lexicon = Callable[[str], tuple[bool, bool]]


class Variant(enum.StrEnum):
    """Which English a store writes; `any` accepts both British and American spellings."""

    ANY = "any"
    GB = "en-GB"
    US = "en-US"


@dataclass(frozen=True, slots=True)
class SpellingOptions:
    """What the store adds to the dictionaries: its variant and the user's own words."""

    variant: Variant = Variant.ANY
    user_words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Misspelling:
    """A word the dictionaries reject, or one spelt in the variant the store does not use."""

    word: str
    start: int
    end: int
    variant_of: Variant | None  # set when only the other variant's dictionary knows the word


def dictionary_dir() -> Path:
    """Where the en_US/en_GB Hunspell files are: `WORKBENCH_HUNSPELL`, else the packaged ones."""
    return Path(os.environ.get(DICTIONARY_ENV) or _PACKAGED_DICTIONARY_DIR)


def dictionaries_installed() -> bool:
    """Whether both Hunspell dictionaries are in `dictionary_dir()`."""
    folder = dictionary_dir()
    return all((folder / f"{n}.{e}").is_file() for n in _NAMES for e in ("aff", "dic"))


def preload() -> None:
    """Load now what a target's first check would wait for: the dictionaries, if installed, and
    the language profiles of QA's untranslated-target check."""
    detector_factory()
    if dictionaries_installed():
        for name in _NAMES:
            _dictionary(dictionary_dir(), name)


_loaded: dict[tuple[Path, str], Lookup] = {}
# A preloading thread and the first check must not both load a dictionary.
_loading = threading.Lock()


def _dictionary(folder: Path, name: str) -> Lookup:
    # Loaded once per process, from the compiled cache when there is one (`quality.hunspell`).
    with _loading:
        if (folder, name) not in _loaded:
            if not (folder / f"{name}.dic").is_file() or not (folder / f"{name}.aff").is_file():
                raise ModelError(f"no Hunspell dictionary {name} in {folder}", hint=_INSTALL_HINT)
            _loaded[folder, name] = load_lookup(folder, name)
        return _loaded[folder, name]


def hunspell_lexicon() -> Lexicon:
    """Whether en-US and en-GB accept a word, from the Hunspell files in `dictionary_dir()`."""
    folder = dictionary_dir()
    return lambda word: (_accepts(folder, "en_US", word), _accepts(folder, "en_GB", word))


@functools.lru_cache(maxsize=65536)
def _accepts(folder: Path, name: str, word: str) -> bool:
    # A trailing possessive 's is allowed on any word the dictionary knows.
    lookup = _dictionary(folder, name)
    return bool(lookup(word) or (word[-2:].lower() == "'s" and lookup(word[:-2])))


def find_misspellings(
    source: str,
    target: str,
    *,
    terms: Sequence[GlossaryTerm] = (),
    options: SpellingOptions = SpellingOptions(),
    lexicon: Lexicon | None = None,
) -> list[Misspelling]:
    """Words of `target` the lexicon (Hunspell by default) rejects, minus the trusted ones."""
    trusted = _trusted_words(source, terms, options.user_words)
    skipped = _skipped_spans(target)
    folder = dictionary_dir()
    found = []
    for match in WORD.finditer(target):
        word = match.group().replace("’", "'")
        if _is_trusted(word, trusted) or any(s <= match.start() < e for s, e in skipped):
            continue
        # Hunspell's other dictionary is read (and loaded) only for a word the first rejects,
        # so a process whose words all pass loads one dictionary.
        knows: Callable[[Variant], bool] = (
            functools.partial(_hunspell_knows, folder, word)
            if lexicon is None
            else functools.partial(_pair_knows, lexicon(word))
        )
        accepted, other = _verdict(options.variant, knows)
        if not accepted:
            found.append(Misspelling(match.group(), match.start(), match.end(), other))
    return found


_DICTIONARY = {Variant.US: "en_US", Variant.GB: "en_GB"}


def _hunspell_knows(folder: Path, word: str, variant: Variant) -> bool:
    return _accepts(folder, _DICTIONARY[variant], word)


def _pair_knows(pair: tuple[bool, bool], variant: Variant) -> bool:
    return pair[variant == Variant.GB]


def _verdict(variant: Variant, knows: Callable[[Variant], bool]) -> tuple[bool, Variant | None]:
    """Whether `variant` accepts a word; if not, the other variant when that one knows it.

    The store's own variant (en-US for any) is asked first, the other only when it says no.
    """
    first = Variant.GB if variant == Variant.GB else Variant.US
    second = Variant.US if first == Variant.GB else Variant.GB
    if knows(first):
        return True, None
    if knows(second):
        return variant == Variant.ANY, second
    return False, None


def check_spelling(
    source: str,
    target: str,
    *,
    terms: Sequence[GlossaryTerm] = (),
    options: SpellingOptions = SpellingOptions(),
) -> list[Flag]:
    """One warning per misspelt word, with its span; variant spellings get their own code."""
    return [
        Flag(
            SPELLING_VARIANT if m.variant_of else SPELLING,
            Severity.WARNING,
            f"{m.word!r} is the {m.variant_of} spelling; this store writes {options.variant}"
            if m.variant_of
            else f"{m.word!r} is not in the dictionary",
            m.start,
            m.end,
        )
        for m in find_misspellings(source, target, terms=terms, options=options)
    ]


def spelling_flags(
    source: str,
    target: str,
    terms: Sequence[GlossaryTerm],
    options: SpellingOptions | None,
) -> list[Flag]:
    """Spelling warnings for a target; none without options (not an English target)."""
    if options is None or not target.strip():
        return []
    return check_spelling(source, target, terms=terms, options=options)


def normalise_word(word: str) -> str:
    """A user-dictionary word as stored and compared: stripped, curly apostrophes made straight."""
    return word.strip().replace("’", "'")


def _trusted_words(
    source: str, terms: Sequence[GlossaryTerm], user_words: Iterable[str]
) -> frozenset[str]:
    texts = [source, *(term.target for term in terms)]
    words = {m.group().replace("’", "'").lower() for t in texts for m in WORD.finditer(t)}
    # A name in the Swedish (or German, Danish…) genitive, "Ljungsunds", is "Ljungsund" in English.
    names = {
        word[:-1].lower()
        for word in (m.group() for m in WORD.finditer(source))
        if word[0].isupper() and word.endswith("s") and len(word) > 2
    }
    return frozenset(words | names | {normalise_word(w).lower() for w in user_words})


def _is_trusted(word: str, trusted: frozenset[str]) -> bool:
    # All-capital words are acronyms and codes (NATO, UTC), as Hunspell front ends skip them.
    if len(word) > 1 and word.isupper():
        return True
    lower = word.lower()
    return lower in trusted or lower.removesuffix("'s") in trusted


def _skipped_spans(target: str) -> list[tuple[int, int]]:
    spans = [(a.start, a.end) for a in find_anchors(target, "en") if a.kind in ("url", "email")]
    return spans + [(m.start(), m.end()) for m in _NOT_PROSE.finditer(target)]
