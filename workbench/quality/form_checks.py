"""Checks on the target's form against its source: repeated words, whitespace at the ends, final
punctuation, brackets, quotes, bidirectional controls and an office document's formatting codes."""

from __future__ import annotations

import re

from workbench.ingest.coded import codes
from workbench.ingest.controls import bidi_controls
from workbench.quality.pair import Pair, QaCode
from workbench.records import Flag, Severity

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


def check_repetition(pair: Pair) -> list[Flag]:
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


def check_whitespace(pair: Pair) -> list[Flag]:
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


def check_punctuation(pair: Pair) -> list[Flag]:
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


def check_brackets(pair: Pair) -> list[Flag]:
    target_state = _bracket_state(pair.target)
    if target_state == _bracket_state(pair.source) or not any(target_state.values()):
        return []
    wrong = ", ".join(f"{opener}{_BRACKETS[opener]}" for opener, bad in target_state.items() if bad)
    return [Flag(QaCode.UNBALANCED_BRACKETS, Severity.WARNING, f"unbalanced brackets: {wrong}")]


def check_quotes(pair: Pair) -> list[Flag]:
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


def check_bidi(pair: Pair) -> list[Flag]:
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


def check_codes(pair: Pair) -> list[Flag]:
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
