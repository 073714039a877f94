"""QA checks on a source/target pair: each check is a small function returning `Flag`s.

This module runs them all, in a fixed order, and holds the untranslated and glossary checks and
the pairs-file reader; the others live by concern (`anchor_checks`, `form_checks`, `length`,
`spelling`). Pure text functions; the store keeps the flags, the CLI and TUI show them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.files import refuse_open_database
from workbench.ingest.langid import detect_language, same_language
from workbench.quality import anchor_checks, form_checks
from workbench.quality.length import DEFAULT_LENGTH_BAND, check_length, learn_length_band
from workbench.quality.pair import LengthBand, Pair, QaCode
from workbench.quality.spelling import SpellingOptions, spelling_flags
from workbench.records import Flag, Severity
from workbench.translate.glossary import GlossaryTerm, contains_term_target, find_terms

_UNTRANSLATED_MIN_PROB = 0.9
_UNTRANSLATED_MIN_COPIED = 0.5
# langdetect guesses wildly on a few words ("I see." → Afrikaans, p=0.99999).
_LANGDETECT_MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’]*")


@dataclass(frozen=True, slots=True)
class PairReport:
    """The flags of one line of a pairs file (1-based line number)."""

    line: int
    flags: list[Flag]


def check_pair(
    source: str,
    target: str,
    *,
    source_lang: str = "sv",
    target_lang: str = "en",
    terms: Sequence[GlossaryTerm] = (),
    length_band: LengthBand | None = None,
    spelling: SpellingOptions | None = None,
) -> list[Flag]:
    """Run every QA check on one source/target pair; flags come in check order.

    Spelling is checked with `spelling` (the store's variant and words); None skips it.
    """
    if not target.strip():
        if not source.strip():
            return []
        return [Flag(QaCode.EMPTY_TARGET, Severity.ERROR, "the target is empty")]
    pair = Pair(source, target, source_lang, target_lang, terms, length_band or DEFAULT_LENGTH_BAND)
    flags = [flag for check in _CHECKS for flag in check(pair)]
    return flags + spelling_flags(source, target, terms, spelling)


def check_pairs_file(
    path: Path,
    *,
    terms: Sequence[GlossaryTerm] = (),
    length_band: LengthBand | None = None,
    spelling: SpellingOptions | None = None,
) -> list[PairReport]:
    """Check every line of a TSV of Swedish<TAB>English pairs (further columns are ignored).

    Without `length_band`, the band is learned from the file itself when it is large enough.
    """
    pairs = _read_pairs(path)
    band = length_band or learn_length_band((source, target) for _, source, target in pairs)
    return [
        PairReport(
            line, check_pair(source, target, terms=terms, length_band=band, spelling=spelling)
        )
        for line, source, target in pairs
    ]


def _check_untranslated(pair: Pair) -> list[Flag]:
    if _folded(pair.source) == _folded(pair.target):
        # A line of names or a lone word ("Tom!", "OK.") reads the same in both languages.
        if any(word[0].islower() for word in _WORD.findall(pair.target)):
            return [Flag(QaCode.UNTRANSLATED, Severity.ERROR, "the target is the source, copied")]
        return []
    target_words = _common_words(pair.target)
    if len(_WORD.findall(pair.target)) < _LANGDETECT_MIN_WORDS or not target_words:
        return []
    lang, prob = detect_language(pair.target)
    source_words = set(_common_words(pair.source))
    copied = sum(word in source_words for word in target_words) / len(target_words)
    # langdetect alone mistakes short English for Danish or Afrikaans, and Swedish for
    # Norwegian; a target made mostly of the source's own words needs no confident guess.
    if (lang == pair.source_lang and prob >= _UNTRANSLATED_MIN_PROB) or (
        copied >= _UNTRANSLATED_MIN_COPIED and not same_language(lang, pair.target_lang)
    ):
        return [
            Flag(
                QaCode.UNTRANSLATED,
                Severity.ERROR,
                f"the target reads as {lang}, not {pair.target_lang} "
                f"({copied:.0%} of its words are in the source)",
            )
        ]
    return []


def _check_glossary(pair: Pair) -> list[Flag]:
    flags, checked = [], set()
    for match in find_terms(pair.source, pair.terms):
        if match.term in checked:
            continue
        checked.add(match.term)
        if not contains_term_target(pair.target, match.term):
            flags.append(
                Flag(
                    QaCode.GLOSSARY_MISSING,
                    Severity.WARNING,
                    f"glossary: {match.term.source!r} should be translated as "
                    f"{match.term.target!r}",
                )
            )
    return flags


_CHECKS: tuple[Callable[[Pair], list[Flag]], ...] = (
    anchor_checks.check_numbers,
    anchor_checks.check_urls,
    anchor_checks.check_emails,
    _check_untranslated,
    form_checks.check_codes,
    _check_glossary,
    check_length,
    form_checks.check_repetition,
    form_checks.check_whitespace,
    form_checks.check_punctuation,
    form_checks.check_brackets,
    form_checks.check_quotes,
    form_checks.check_bidi,
)


def _common_words(text: str) -> list[str]:
    """Casefolded words, leaving out capitalised ones after the first: names copy legitimately."""
    words = _WORD.findall(text)
    return [w.casefold() for i, w in enumerate(words) if i == 0 or not w[0].isupper()]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _read_pairs(path: Path) -> list[tuple[int, str, str]]:
    refuse_open_database(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read pairs: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    pairs = []
    # Split on newlines only: str.splitlines would also break at form feeds and U+2028 in text.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise InputError(
                f"{path}:{number}: expected two tab-separated columns (Swedish, English)"
            )
        pairs.append((number, columns[0], columns[1]))
    return pairs
