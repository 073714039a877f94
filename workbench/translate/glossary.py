"""Glossary terms: a source term's required translation, found in a source and checked in a target.

Pure text functions; the store keeps the glossary, files are read by `glossary_files`, and the MT
stage protects terms with `masking`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TERM_TARGET_SUFFIXES = r"(?:s|es|'s|’s|s'|s’)?"


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A source term, its required translation and an optional note for the translator."""

    source: str
    target: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class TermMatch:
    """Where a glossary term occurs in a text."""

    term: GlossaryTerm
    start: int
    end: int


def find_terms(text: str, terms: Sequence[GlossaryTerm]) -> list[TermMatch]:
    """Non-overlapping glossary terms in `text`: case-insensitive, word-bounded, longest first."""
    if not terms:
        return []
    pattern, by_key = _term_pattern(tuple(terms))
    return [
        TermMatch(by_key[term_key(match.group())], match.start(), match.end())
        for match in pattern.finditer(text)
    ]


def contains_term_target(text: str, term: GlossaryTerm) -> bool:
    """Whether `text` uses the term's translation, allowing an English plural or genitive."""
    body = _flexible(term.target)
    return (
        re.search(rf"(?<!\w){body}{_TERM_TARGET_SUFFIXES}(?!\w)", text, re.IGNORECASE) is not None
    )


def term_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _flexible(term: str) -> str:
    return r"\s+".join(re.escape(part) for part in term.split())


@functools.lru_cache(maxsize=8)
def _term_pattern(
    terms: tuple[GlossaryTerm, ...],
) -> tuple[re.Pattern[str], dict[str, GlossaryTerm]]:
    by_key: dict[str, GlossaryTerm] = {}
    for term in terms:
        by_key.setdefault(term_key(term.source), term)
    # Alternation takes the first alternative that matches, so longer terms must come first.
    alternatives = sorted(by_key, key=len, reverse=True)
    body = "|".join(_flexible(key) for key in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), by_key
