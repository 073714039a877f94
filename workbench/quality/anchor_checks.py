"""Checks that what a reader relies on carries over: numbers (ranges, clock times and number
words included), URLs and e-mail addresses."""

from __future__ import annotations

import functools
import re
from collections import Counter

from workbench.quality.anchors import Anchor, find_anchors
from workbench.quality.pair import Pair, QaCode
from workbench.records import Flag, Severity

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


def check_numbers(pair: Pair) -> list[Flag]:
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


def check_urls(pair: Pair) -> list[Flag]:
    return _compare_anchors(pair, "url", "URL", QaCode.URL_MISMATCH)


def check_emails(pair: Pair) -> list[Flag]:
    return _compare_anchors(pair, "email", "e-mail address", QaCode.EMAIL_MISMATCH)


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


def _compare_anchors(pair: Pair, kind: str, label: str, code: QaCode) -> list[Flag]:
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
