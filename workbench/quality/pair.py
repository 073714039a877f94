"""What every QA check reads, and the codes its flags are stored under."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.translate.glossary import GlossaryTerm


class QaCode(enum.StrEnum):
    """Stable codes of the QA checks, as stored with each flag.

    A target that loses or changes what a reader relies on (empty, numbers, URLs, e-mail
    addresses, untranslated, bidi overrides that make it read differently from what it
    holds) is an error; form problems (glossary, length, repetition,
    whitespace, punctuation, brackets, quotes) are warnings.
    """

    EMPTY_TARGET = "empty-target"
    NUMBER_MISMATCH = "number-mismatch"
    URL_MISMATCH = "url-mismatch"
    EMAIL_MISMATCH = "email-mismatch"
    UNTRANSLATED = "untranslated"
    GLOSSARY_MISSING = "glossary-missing"
    LENGTH_RATIO = "length-ratio"
    REPETITION = "repetition"
    WHITESPACE_MISMATCH = "whitespace-mismatch"
    PUNCTUATION_MISMATCH = "punctuation-mismatch"
    UNBALANCED_BRACKETS = "unbalanced-brackets"
    UNBALANCED_QUOTES = "unbalanced-quotes"
    BIDI_CONTROL = "bidi-control"
    CODE_MISMATCH = "code-mismatch"


@dataclass(frozen=True, slots=True)
class LengthBand:
    """Accepted range of `length_ratio(source, target)`."""

    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Pair:
    source: str
    target: str
    source_lang: str
    target_lang: str
    terms: Sequence[GlossaryTerm]
    length_band: LengthBand
