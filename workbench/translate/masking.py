"""Protected spans: glossary terms, numbers, URLs, e-mail addresses, Markdown markup (and names,
when asked) replaced by placeholders before MT and restored after.

Pure text functions; the MT stage calls `mask`/`unmask`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from workbench.formulas import starts_formula
from workbench.ingest.markdown import markdown_markup_spans
from workbench.quality.anchors import english_number, find_anchors
from workbench.translate.glossary import GlossaryTerm, find_terms

# Placeholders look like product codes, a two-letter prefix and a number ("QZ1", "QZ2"): each
# character is a piece of any Marian/OPUS-style sentencepiece vocabulary, so the model never
# meets an unknown token, and codes such as "XC90" or "A380" are copied verbatim throughout NMT
# training data and stay uninflected in English. Bare digits risk reformatting ("1000" →
# "1,000") and pseudo-words translated or respelled. A prefix already in the text is skipped.
_PLACEHOLDER_PREFIXES = ("QZ", "XQ", "ZQ", "QX", "JQ", "QJ")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_IS_WORD_CHAR = re.compile(r"\w").fullmatch
# A run of capitalised words may only be joined by one space or a hyphen.
_NAME_JOINERS = frozenset({" ", "-", "\u00a0"})
_SENTENCE_END = ".!?…:;\n"
_OPENERS = "\"'«»“”‘’([{–—- \t\u00a0"


class SpanKind(enum.StrEnum):
    """What a masked span protects."""

    MARKUP = "markup"  # Markdown inline syntax: structure, so it wins over what it contains
    URL = "url"
    EMAIL = "email"
    TERM = "term"
    NUMBER = "number"
    NAME = "name"


# Earlier kinds win an overlap: a URL swallows the words and digits inside it, a glossary
# term containing a number ("Covid-19") is kept whole.
_PRIORITY = {kind: rank for rank, kind in enumerate(SpanKind)}


@dataclass(frozen=True, slots=True)
class MaskedSpan:
    """One protected span: its placeholder, the original text and what goes back in English."""

    placeholder: str
    kind: SpanKind
    start: int  # in the unmasked source text
    end: int
    original: str
    replacement: str
    # markup glued to a word ("*stora*") gets a space between it and its placeholder, so MT
    # reads the word; unmasking takes that space away again
    padded_before: bool = False
    padded_after: bool = False


@dataclass(frozen=True, slots=True)
class Masked:
    """Source text with protected spans replaced by placeholders, and how to restore them."""

    text: str
    spans: tuple[MaskedSpan, ...]


def mask(
    text: str, *, lang: str, terms: Sequence[GlossaryTerm] = (), protect_names: bool = False
) -> Masked:
    """Replace glossary terms, numbers, URLs, e-mails (and optionally names) with placeholders."""
    # A term stored before formulas were refused is left to MT: its target is never pasted
    # into the English, from where it would reach every export.
    candidates = [
        (SpanKind.TERM, match.start, match.end, match.term.target)
        for match in find_terms(text, [term for term in terms if not starts_formula(term.target)])
    ]
    for anchor in find_anchors(text, lang):
        kind = SpanKind(anchor.kind)
        replacement = english_number(anchor) if kind is SpanKind.NUMBER else anchor.text
        candidates.append((kind, anchor.start, anchor.end, replacement))
    if protect_names:
        candidates.extend(
            (SpanKind.NAME, start, end, text[start:end]) for start, end in _name_runs(text)
        )
    candidates.extend(
        (SpanKind.MARKUP, start, end, text[start:end]) for start, end in markdown_markup_spans(text)
    )
    chosen: list[tuple[SpanKind, int, int, str]] = []
    for candidate in sorted(candidates, key=lambda c: (_PRIORITY[c[0]], c[1] - c[2], c[1])):
        kind, start, end, _ = candidate
        # A placeholder glued to a word ("3a", "10km") would be read as part of that word;
        # markup is padded with a space instead.
        glued = _IS_WORD_CHAR(text[start - 1 : start]) or _IS_WORD_CHAR(text[end : end + 1])
        if (kind is SpanKind.MARKUP or not glued) and all(
            end <= other[1] or other[2] <= start for other in chosen
        ):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c[1])
    prefix = _free_prefix(text)
    if prefix is None:
        return Masked(text, ())
    starts = {start for _, start, _, _ in chosen}
    spans = tuple(
        MaskedSpan(
            f"{prefix}{number}",
            kind,
            start,
            end,
            text[start:end],
            replacement,
            padded_before=kind is SpanKind.MARKUP and bool(_IS_WORD_CHAR(text[start - 1 : start])),
            padded_after=kind is SpanKind.MARKUP
            and (bool(_IS_WORD_CHAR(text[end : end + 1])) or end in starts),
        )
        for number, (kind, start, end, replacement) in enumerate(chosen, start=1)
    )
    pieces, cursor = [], 0
    for span in spans:
        pieces += [
            text[cursor : span.start],
            " " * span.padded_before + span.placeholder + " " * span.padded_after,
        ]
        cursor = span.end
    pieces.append(text[cursor:])
    return Masked("".join(pieces), spans)


def unmask(translated: str, masked: Masked) -> str | None:
    """Put each span's English replacement back; None if a placeholder is lost or mangled."""
    if not masked.spans:
        return translated
    prefix = re.escape(masked.spans[0].placeholder[:2])
    found = list(re.finditer(rf"(?<!\w){prefix}[ -]?(\d+)(?!\w)", translated, re.IGNORECASE))
    by_placeholder = {span.placeholder[2:]: span for span in masked.spans}
    seen = [match.group(1) for match in found]
    if sorted(seen) != sorted(by_placeholder) or len(set(seen)) != len(seen):
        return None
    # A prefix that survives anywhere else means the model split or garbled a placeholder.
    if len(re.findall(prefix, translated, re.IGNORECASE)) != len(found):
        return None
    pieces: list[str] = []
    cursor = 0
    for match in found:
        span = by_placeholder[match.group(1)]
        before = translated[cursor : match.start()]
        if span.padded_before:
            before = before[:-1] if before.endswith(" ") else before
        pieces += [before, _restored(span, translated, match.start())]
        cursor = match.end()
        if span.padded_after and translated[cursor : cursor + 1] == " ":
            cursor += 1
    pieces.append(translated[cursor:])
    return "".join(pieces)


def _restored(span: MaskedSpan, translated: str, position: int) -> str:
    replacement = span.replacement
    if (
        span.kind is SpanKind.TERM
        and _opens_sentence(translated, position)
        and span.original[:1].isupper()
        and replacement[:1].islower()
    ):
        return replacement[0].upper() + replacement[1:]
    return replacement


def _free_prefix(text: str) -> str | None:
    """A placeholder prefix absent from `text`; None (mask nothing) if it holds them all."""
    folded = text.casefold()
    return next((p for p in _PLACEHOLDER_PREFIXES if p.casefold() not in folded), None)


def _name_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of two or more capitalised words in a row, not counting a sentence-opening word."""
    words = list(_WORD.finditer(text))
    # A title-case heading would be masked whole and left untranslated; title case leaves
    # only short function words ("of", "från") in lower case.
    long_words = [word.group() for word in words if len(word.group()) >= 5]
    if len(long_words) >= 3 and all(word[0].isupper() for word in long_words):
        return
    run: list[re.Match[str]] = []
    for word in [*words, None]:
        if (
            word is not None
            and word.group()[0].isupper()
            and (not run or text[run[-1].end() : word.start()] in _NAME_JOINERS)
        ):
            run.append(word)
            continue
        if run and _opens_sentence(text, run[0].start()):
            run = run[1:]
        if len(run) >= 2:
            yield run[0].start(), run[-1].end()
        run = [word] if word is not None and word.group()[0].isupper() else []


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END
