"""QA checks on a source/target pair: each check is a small function returning `Flag`s.

Pure text functions; the store keeps the flags, the CLI and TUI show them.
"""

from __future__ import annotations

import enum
import functools
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.files import refuse_open_database
from workbench.ingest.coded import codes
from workbench.ingest.controls import bidi_controls
from workbench.ingest.langid import detect_language, same_language
from workbench.quality.anchors import Anchor, find_anchors
from workbench.quality.spelling import SpellingOptions, spelling_flags
from workbench.records import Flag, Severity
from workbench.translate.glossary import GlossaryTerm, contains_term_target, find_terms


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
class PairReport:
    """The flags of one line of a pairs file (1-based line number)."""

    line: int
    flags: list[Flag]


@dataclass(frozen=True, slots=True)
class _Pair:
    source: str
    target: str
    source_lang: str
    target_lang: str
    terms: Sequence[GlossaryTerm]
    length_band: LengthBand


# Characters added to both lengths so that "Ja." → "Yes." is not a 33 % length change.
LENGTH_SMOOTHING = 10
# Wide enough for sv→en news and dialogue; a learned band replaces it when data is at hand.
DEFAULT_LENGTH_BAND = LengthBand(0.55, 1.8)
_LENGTH_QUANTILES = (0.005, 0.995)
# Below one pair per 0.5 % tail the quantiles are the sample's extremes, errors included.
MIN_PAIRS_TO_LEARN = 200
_LENGTH_MARGIN = 0.05
_UNTRANSLATED_MIN_PROB = 0.9
_UNTRANSLATED_MIN_COPIED = 0.5
# langdetect guesses wildly on a few words ("I see." → Afrikaans, p=0.99999).
_LANGDETECT_MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_TOKEN = re.compile(r"\w+")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_DOUBLE_QUOTES = '"“”„«»'
# Quotation marks close a sentence in either orientation: ”…”, »…«, „…“.
_CLOSERS = "\"'“”‘’»«)]} \t\r\n\u00a0"
_FINAL_PUNCTUATION = {
    ".": "full stop",
    "…": "ellipsis",
    "?": "question mark",
    "!": "exclamation mark",
    ":": "colon",
    ";": "semicolon",
    ",": "comma",
}
_MERIDIEM = re.compile(r"\s?([ap])\.?m\b\.?", re.IGNORECASE)
# How each language writes 21–99: "fyrtioåtta", "forty-eight" (or "forty eight").
_COMPOUND_JOINERS = {"sv": ("",), "en": ("-", " ")}
_NUMBER_WORDS = {
    "sv": {
        "0": ("noll",),
        "1": ("en", "ett", "ena"),
        "2": ("två",),
        "3": ("tre",),
        "4": ("fyra",),
        "5": ("fem",),
        "6": ("sex",),
        "7": ("sju",),
        "8": ("åtta",),
        "9": ("nio",),
        "10": ("tio",),
        "11": ("elva",),
        "12": ("tolv", "dussin"),
        "13": ("tretton",),
        "14": ("fjorton",),
        "15": ("femton",),
        "16": ("sexton",),
        "17": ("sjutton",),
        "18": ("arton", "aderton"),
        "19": ("nitton",),
        "20": ("tjugo",),
        "30": ("trettio",),
        "40": ("fyrtio",),
        "50": ("femtio",),
        "60": ("sextio",),
        "70": ("sjuttio",),
        "80": ("åttio",),
        "90": ("nittio",),
        "100": ("hundra", "hundratal"),
        "1000": ("tusen",),
    },
    "en": {
        "0": ("zero", "nought"),
        "1": ("one", "a", "an"),
        "2": ("two",),
        "3": ("three",),
        "4": ("four",),
        "5": ("five",),
        "6": ("six",),
        "7": ("seven",),
        "8": ("eight",),
        "9": ("nine",),
        "10": ("ten",),
        "11": ("eleven",),
        "12": ("twelve", "dozen"),
        "13": ("thirteen",),
        "14": ("fourteen",),
        "15": ("fifteen",),
        "16": ("sixteen",),
        "17": ("seventeen",),
        "18": ("eighteen",),
        "19": ("nineteen",),
        "20": ("twenty",),
        "30": ("thirty",),
        "40": ("forty",),
        "50": ("fifty",),
        "60": ("sixty",),
        "70": ("seventy",),
        "80": ("eighty",),
        "90": ("ninety",),
        "100": ("hundred",),
        "1000": ("thousand",),
    },
}


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
    pair = _Pair(
        source, target, source_lang, target_lang, terms, length_band or DEFAULT_LENGTH_BAND
    )
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


def length_ratio(source: str, target: str) -> float:
    """Smoothed target/source character-length ratio of the stripped texts."""
    source_length = len(source.strip()) + LENGTH_SMOOTHING
    return (len(target.strip()) + LENGTH_SMOOTHING) / source_length


def learn_length_band(pairs: Iterable[tuple[str, str]]) -> LengthBand:
    """Band from the 0.5 % and 99.5 % quantiles of the pairs' length ratios, slightly widened.

    Falls back to `DEFAULT_LENGTH_BAND` with fewer than `MIN_PAIRS_TO_LEARN` non-empty pairs.
    """
    ratios = [length_ratio(s, t) for s, t in pairs if s.strip() and t.strip()]
    if len(ratios) < MIN_PAIRS_TO_LEARN:
        return DEFAULT_LENGTH_BAND
    cuts = statistics.quantiles(ratios, n=1000, method="inclusive")
    low = cuts[round(_LENGTH_QUANTILES[0] * 1000) - 1]
    high = cuts[round(_LENGTH_QUANTILES[1] * 1000) - 1]
    return LengthBand(low * (1 - _LENGTH_MARGIN), high * (1 + _LENGTH_MARGIN))


def _check_numbers(pair: _Pair) -> list[Flag]:
    source_numbers = _anchors(pair.source, pair.source_lang, "number")
    target_numbers = _anchors(pair.target, pair.target_lang, "number")
    missing, extra = _unmatched(source_numbers, target_numbers)
    if missing or extra:
        missing, extra = _unmatched(_endpoints(missing), _endpoints(extra))
    if missing and extra:
        missing, extra = _unmatched(missing, _as_24_hour(extra, pair.target))
    missing = [a for a in missing if not _has_number_word(pair.target, pair.target_lang, a)]
    extra = [a for a in extra if not _has_number_word(pair.source, pair.source_lang, a)]
    return _mismatch_flags(_rejoined(missing), _rejoined(extra), "number", QaCode.NUMBER_MISMATCH)


def _check_urls(pair: _Pair) -> list[Flag]:
    return _compare_anchors(pair, "url", "URL", QaCode.URL_MISMATCH)


def _check_emails(pair: _Pair) -> list[Flag]:
    return _compare_anchors(pair, "email", "e-mail address", QaCode.EMAIL_MISMATCH)


def _check_untranslated(pair: _Pair) -> list[Flag]:
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


def _check_glossary(pair: _Pair) -> list[Flag]:
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


def _check_length(pair: _Pair) -> list[Flag]:
    ratio = length_ratio(pair.source, pair.target)
    band = pair.length_band
    if band.low <= ratio <= band.high:
        return []
    side = "short" if ratio < band.low else "long"
    return [
        Flag(
            QaCode.LENGTH_RATIO,
            Severity.WARNING,
            f"the target is unusually {side}: length ratio {ratio:.2f} outside "
            f"{band.low:.2f}–{band.high:.2f}",
        )
    ]


def _check_repetition(pair: _Pair) -> list[Flag]:
    found = _repetition(pair.target)
    if found is None or _repetition(pair.source) is not None:
        return []
    start, end = found
    return [
        Flag(
            QaCode.REPETITION,
            Severity.WARNING,
            f"repeated words: {pair.target[start:end]!r}",
            start,
            end,
        )
    ]


def _check_whitespace(pair: _Pair) -> list[Flag]:
    flags = []
    source_lead = pair.source[: len(pair.source) - len(pair.source.lstrip())]
    target_lead = pair.target[: len(pair.target) - len(pair.target.lstrip())]
    if source_lead != target_lead:
        flags.append(
            Flag(
                QaCode.WHITESPACE_MISMATCH,
                Severity.WARNING,
                f"leading whitespace differs: {source_lead!r} in the source, "
                f"{target_lead!r} in the target",
                0,
                len(target_lead),
            )
        )
    source_trail = pair.source[len(pair.source.rstrip()) :]
    target_trail = pair.target[len(pair.target.rstrip()) :]
    if source_trail != target_trail:
        flags.append(
            Flag(
                QaCode.WHITESPACE_MISMATCH,
                Severity.WARNING,
                f"trailing whitespace differs: {source_trail!r} in the source, "
                f"{target_trail!r} in the target",
                len(pair.target) - len(target_trail),
                len(pair.target),
            )
        )
    return flags


def _check_punctuation(pair: _Pair) -> list[Flag]:
    source_end = _final_punctuation(pair.source)
    target_end = _final_punctuation(pair.target)
    if source_end[0] == target_end[0]:
        return []
    return [
        Flag(
            QaCode.PUNCTUATION_MISMATCH,
            Severity.WARNING,
            f"the source ends with {source_end[0]}, the target with {target_end[0]}",
            target_end[1],
            target_end[2],
        )
    ]


def _check_brackets(pair: _Pair) -> list[Flag]:
    target_state = _bracket_state(pair.target)
    if target_state == _bracket_state(pair.source) or not any(target_state.values()):
        return []
    wrong = ", ".join(f"{opener}{_BRACKETS[opener]}" for opener, bad in target_state.items() if bad)
    return [Flag(QaCode.UNBALANCED_BRACKETS, Severity.WARNING, f"unbalanced brackets: {wrong}")]


def _check_quotes(pair: _Pair) -> list[Flag]:
    source_count = sum(pair.source.count(mark) for mark in _DOUBLE_QUOTES)
    target_count = sum(pair.target.count(mark) for mark in _DOUBLE_QUOTES)
    if target_count % 2 == 0 or source_count % 2 == 1:
        return []
    return [
        Flag(
            QaCode.UNBALANCED_QUOTES,
            Severity.WARNING,
            f"unbalanced quotes: {target_count} double quotation marks in the target",
        )
    ]


def _check_bidi(pair: _Pair) -> list[Flag]:
    flags = []
    for side, text, severity in (
        ("source", pair.source, Severity.WARNING),
        ("target", pair.target, Severity.ERROR),
    ):
        if names := bidi_controls(text):
            flags.append(
                Flag(
                    QaCode.BIDI_CONTROL,
                    severity,
                    f"the {side} holds bidirectional controls ({', '.join(names)}): "
                    "it reads differently from what it holds",
                )
            )
    return flags


def _check_codes(pair: _Pair) -> list[Flag]:
    """An office document's formatting codes (workbench.ingest.coded) each once in the target:
    a lost one costs its stretch the formatting, a lost object moves to the paragraph's end."""
    source, target = codes(pair.source), codes(pair.target)
    missing = [code for code in dict.fromkeys(source) if target.count(code) < source.count(code)]
    extra = [code for code in dict.fromkeys(target) if target.count(code) > source.count(code)]
    if not missing and not extra:
        return []
    parts = [
        f"{label}: {' '.join(found)}"
        for label, found in (("missing", missing), ("not in the source", extra))
        if found
    ]
    return [Flag(QaCode.CODE_MISMATCH, Severity.WARNING, "formatting codes " + "; ".join(parts))]


_CHECKS: tuple[Callable[[_Pair], list[Flag]], ...] = (
    _check_numbers,
    _check_urls,
    _check_emails,
    _check_untranslated,
    _check_codes,
    _check_glossary,
    _check_length,
    _check_repetition,
    _check_whitespace,
    _check_punctuation,
    _check_brackets,
    _check_quotes,
    _check_bidi,
)


def _anchors(text: str, lang: str, kind: str) -> list[Anchor]:
    return [anchor for anchor in find_anchors(text, lang) if anchor.kind == kind]


def _comparable(value: str) -> str:
    # Swedish writes clock times as decimals ("kl. 9.15", "8.00" → value "8"), English as 9:15.
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if match is None:
        return value
    minutes = match.group(2).rstrip("0")
    return f"{match.group(1)}.{minutes}" if minutes else match.group(1)


def _unmatched(source: list[Anchor], target: list[Anchor]) -> tuple[list[Anchor], list[Anchor]]:
    """Anchors on each side without an equal-valued partner on the other side."""
    remaining = Counter(_comparable(a.value) for a in target)
    missing = []
    for anchor in source:
        key = _comparable(anchor.value)
        if remaining[key]:
            remaining[key] -= 1
        else:
            missing.append(anchor)
    extra = []
    for anchor in reversed(target):
        key = _comparable(anchor.value)
        if remaining[key]:
            remaining[key] -= 1
            extra.append(anchor)
    return missing, extra[::-1]


def _endpoints(anchors: list[Anchor]) -> list[Anchor]:
    """Ranges split into their two ends, so "25–40" matches "25 to 40"."""
    split = []
    for anchor in anchors:
        low, dash, high = anchor.value.partition("-")
        if dash and low and high:
            split += [
                Anchor(anchor.kind, anchor.start, anchor.end, low, anchor.text),
                Anchor(anchor.kind, anchor.start, anchor.end, high, anchor.text),
            ]
        else:
            split.append(anchor)
    return split


def _rejoined(anchors: list[Anchor]) -> list[Anchor]:
    """A range whose two ends are both unmatched is one range again: one flag, not two."""
    joined: list[Anchor] = []
    for anchor in anchors:
        last = joined[-1] if joined else None
        if last is not None and (last.start, last.end) == (anchor.start, anchor.end):
            joined[-1] = Anchor(
                anchor.kind, anchor.start, anchor.end, f"{last.value}-{anchor.value}", anchor.text
            )
        else:
            joined.append(anchor)
    return joined


def _as_24_hour(anchors: list[Anchor], text: str) -> list[Anchor]:
    """Clock times followed by a.m./p.m. rewritten as the 24-hour times Swedish uses."""
    converted = []
    for anchor in anchors:
        hour, _, minutes = _comparable(anchor.value).partition(".")
        meridiem = _MERIDIEM.match(text, anchor.end)
        if meridiem is None or not hour.isdigit() or not 1 <= int(hour) <= 12:
            converted.append(anchor)
            continue
        hour_24 = int(hour) % 12 + (12 if meridiem.group(1).lower() == "p" else 0)
        value = f"{hour_24}.{minutes}" if minutes else str(hour_24)
        converted.append(Anchor(anchor.kind, anchor.start, anchor.end, value, anchor.text))
    return converted


def _has_number_word(text: str, lang: str, anchor: Anchor) -> bool:
    words = _number_words(lang.split("-")[0]).get(_comparable(anchor.value), ())
    return any(re.search(rf"(?<!\w){word}(?!\w)", text, re.IGNORECASE) for word in words)


@functools.cache
def _number_words(lang: str) -> dict[str, tuple[str, ...]]:
    """Number words of `lang` up to 99 and the round hundreds: "48" → ("forty-eight", …)."""
    words = dict(_NUMBER_WORDS.get(lang, {}))
    joiner = _COMPOUND_JOINERS.get(lang)
    if joiner is None:
        return words
    for tens in range(20, 100, 10):
        for unit in range(1, 10):
            words[str(tens + unit)] = tuple(
                f"{tens_word}{join}{unit_word}"
                for tens_word in words[str(tens)]
                for unit_word in words[str(unit)][:1]
                for join in joiner
            )
    return words


def _compare_anchors(pair: _Pair, kind: str, label: str, code: QaCode) -> list[Flag]:
    missing, extra = _unmatched(
        _anchors(pair.source, pair.source_lang, kind), _anchors(pair.target, pair.target_lang, kind)
    )
    return _mismatch_flags(missing, extra, label, code)


def _mismatch_flags(
    missing: list[Anchor], extra: list[Anchor], label: str, code: QaCode
) -> list[Flag]:
    """Errors for source anchors missing from the target and target anchors not in the source."""
    return [
        Flag(code, Severity.ERROR, f"{label} {a.text} is missing from the target") for a in missing
    ] + [
        Flag(
            code,
            Severity.ERROR,
            f"{label} {a.text} in the target is not in the source",
            a.start,
            a.end,
        )
        for a in extra
    ]


def _common_words(text: str) -> list[str]:
    """Casefolded words, leaving out capitalised ones after the first: names copy legitimately."""
    words = _WORD.findall(text)
    return [w.casefold() for i, w in enumerate(words) if i == 0 or not w[0].isupper()]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _repetition(text: str) -> tuple[int, int] | None:
    """Span of the first hallucination-like repeat: a word three times running, or a run of
    two to six words said twice in a row."""
    tokens = list(_TOKEN.finditer(text.casefold()))
    words = [token.group() for token in tokens]
    for index in range(len(words)):
        if words[index : index + 3] == [words[index]] * 3:
            return tokens[index].start(), tokens[index + 2].end()
        for size in range(2, 7):
            if index + 2 * size <= len(words) and (
                words[index : index + size] == words[index + size : index + 2 * size]
            ):
                return tokens[index].start(), tokens[index + 2 * size - 1].end()
    return None


def _final_punctuation(text: str) -> tuple[str, int, int]:
    """Name of the sentence-final punctuation class and its span (empty span if none)."""
    body = text.rstrip(_CLOSERS)
    end = len(body)
    if body.endswith("...") or body.endswith("…"):
        return "ellipsis", end - (1 if body.endswith("…") else 3), end
    if body and body[-1] in _FINAL_PUNCTUATION:
        return _FINAL_PUNCTUATION[body[-1]], end - 1, end
    return "no punctuation", end, end


def _bracket_state(text: str) -> dict[str, bool]:
    """For each bracket kind, whether it is unbalanced (unclosed, or closed before opened)."""
    state = {}
    for opener, closer in _BRACKETS.items():
        depth, broken = 0, False
        for char in text:
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                broken = broken or depth < 0
        state[opener] = broken or depth != 0
    return state


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
