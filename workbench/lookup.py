"""Look a source word up: its glossary entries, concordance hits and dictionary entries.

One answer for `workbench lookup WORD` and the review app's look-up key. The dictionary is
FreeDict's, read from the system's dictd files where the user installed them (Debian's
`dict-freedict-swe-eng`; GPL, never shipped: see `align.dictionary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from workbench.align.dictionary import DICTIONARY_DIR, find_dictionary, forms, open_dictionary
from workbench.quality.anchors import fold
from workbench.store import Store
from workbench.store.search import ConcordanceHit, SearchSide

CONCORDANCE_SHOWN = 10
# A word may be a headword with a longer ending than `forms` allows ("hundarna", "hund").
_LONGEST_ENDING = 5
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class LookupResult:
    """What is known about one word; `dictionary` is None when none is installed."""

    word: str
    glossary: tuple[tuple[str, str, str | None], ...]  # (source, target, note)
    concordance: tuple[ConcordanceHit, ...]
    dictionary: tuple[str, ...] | None
    dictionary_name: str | None


def lookup(
    store: Store,
    word: str,
    source_lang: str = "sv",
    target_lang: str = "en",
    dictionary_dir: Path = DICTIONARY_DIR,
) -> LookupResult:
    """Everything about `word`: glossary terms holding it (inflected forms count), the pairs
    whose source contains it, and its dictionary entries."""
    word = word.strip()
    wanted = forms(word) | {fold(word)}
    glossary = tuple(
        (source, target, note)
        for source, target, note in store.glossary.terms(source_lang, target_lang)
        if any(_inflects(word, part) for part in _WORDS.findall(source))
    )
    concordance = tuple(
        islice(store.search.concordance(word, SearchSide.SOURCE), CONCORDANCE_SHOWN)
    )
    found = find_dictionary(source_lang, target_lang, dictionary_dir)
    if found is None or found[1]:
        # Absent, or only the other way round: its headwords are in the target language.
        return LookupResult(word, glossary, concordance, None, None)
    dictionary = open_dictionary(found[0])
    # The word as written first, then shorter forms it may inflect ("hundarna" → "hund").
    heads = sorted((h for h in wanted if h in dictionary.entries), key=len, reverse=True)
    if not heads:
        folded = fold(word)
        heads = [
            folded[:cut]
            for cut in range(len(folded) - 1, max(len(folded) - _LONGEST_ENDING, 3) - 1, -1)
            if folded[:cut] in dictionary.entries
        ][:1]
    entries = tuple(entry for head in heads for entry in dictionary.definitions(head))
    return LookupResult(word, glossary, concordance, entries, found[0].stem)


def _inflects(word: str, head: str) -> bool:
    """Whether `word` may be `head` with an ending."""
    folded, base = fold(word), fold(head)
    return len(base) >= 3 and folded.startswith(base) and len(folded) - len(base) <= _LONGEST_ENDING


def lookup_lines(result: LookupResult) -> list[tuple[str, str]]:
    """The answer as (kind, line) pairs: kind "title" for headings, "" for text."""
    lines: list[tuple[str, str]] = [("title", "Glossary")]
    lines += [
        ("", f"  {source} → {target}" + (f"  ({note})" if note else ""))
        for source, target, note in result.glossary
    ] or [("", "  none")]
    lines.append(("title", "Concordance (source contains the word)"))
    for hit in result.concordance:
        where = f"segment {hit.segment_id}" if hit.kind == "segment" else "memory"
        lines += [("", f"  {where}: {hit.source}"), ("", f"    → {hit.target or '—'}")]
    if not result.concordance:
        lines.append(("", "  none"))
    if result.dictionary is None:
        lines += [
            ("title", "Dictionary"),
            ("", "  not installed (Debian: apt install dict-freedict-swe-eng)"),
        ]
        return lines
    lines.append(("title", f"Dictionary ({result.dictionary_name}, FreeDict, GPL)"))
    for entry in result.dictionary:
        head, _, body = entry.partition("\n")
        lines.append(("", f"  {head}"))
        lines += [("", f"    {line.strip()}") for line in body.splitlines() if line.strip()]
    if not result.dictionary:
        lines.append(("", "  no entry"))
    return lines
