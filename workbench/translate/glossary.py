"""Glossary terms and protected spans: read glossary files, mask spans before MT, restore after.

Pure text functions; the store keeps the glossary and the MT stage calls `mask`/`unmask`.
"""

from __future__ import annotations

import csv
import enum
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from workbench.errors import InputError
from workbench.export.inline import EntityCount, segment_text
from workbench.files import refuse_open_database
from workbench.formulas import refuse_formula_term, restored, starts_formula
from workbench.ingest.charset import mislabelled_utf8
from workbench.ingest.markdown import markdown_markup_spans
from workbench.quality.anchors import english_number, find_anchors

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
_TERM_TARGET_SUFFIXES = r"(?:s|es|'s|’s|s'|s’)?"


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


@dataclass(slots=True)
class GlossaryReport:
    """What reading a glossary file found besides its terms."""

    # "FILE:LINE: 'x' is already translated as 'y' on line N", one per homonym conflict.
    conflicts: list[str] = field(default_factory=list)
    # TBX entries whose every target term is deprecated or superseded.
    deprecated_only: int = 0
    entities: EntityCount = field(default_factory=EntityCount)
    # the file declares a single-byte encoding but holds UTF-8 (see workbench.ingest.charset)
    encoding_warning: str | None = None


def read_glossary_file(
    path: Path,
    *,
    source_lang: str = "sv",
    target_lang: str = "en",
    report: GlossaryReport | None = None,
) -> list[GlossaryTerm]:
    """Read glossary terms from a .csv (source,target[,note]) or .tbx file.

    A source term given a second, different translation keeps the first; the conflict is
    recorded in `report` with both line numbers.
    """
    report = report if report is not None else GlossaryReport()
    refuse_open_database(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source_lang, target_lang, report)
    if suffix == ".tbx":
        return _read_tbx(path, source_lang, target_lang, report)
    raise InputError(f"{path}: not a glossary file", hint="use a .csv or .tbx file")


def find_terms(text: str, terms: Sequence[GlossaryTerm]) -> list[TermMatch]:
    """Non-overlapping glossary terms in `text`: case-insensitive, word-bounded, longest first."""
    if not terms:
        return []
    pattern, by_key = _term_pattern(tuple(terms))
    return [
        TermMatch(by_key[_term_key(match.group())], match.start(), match.end())
        for match in pattern.finditer(text)
    ]


def contains_term_target(text: str, term: GlossaryTerm) -> bool:
    """Whether `text` uses the term's translation, allowing an English plural or genitive."""
    body = _flexible(term.target)
    return (
        re.search(rf"(?<!\w){body}{_TERM_TARGET_SUFFIXES}(?!\w)", text, re.IGNORECASE) is not None
    )


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


def _term_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _flexible(term: str) -> str:
    return r"\s+".join(re.escape(part) for part in term.split())


@functools.lru_cache(maxsize=8)
def _term_pattern(
    terms: tuple[GlossaryTerm, ...],
) -> tuple[re.Pattern[str], dict[str, GlossaryTerm]]:
    by_key: dict[str, GlossaryTerm] = {}
    for term in terms:
        by_key.setdefault(_term_key(term.source), term)
    # Alternation takes the first alternative that matches, so longer terms must come first.
    alternatives = sorted(by_key, key=len, reverse=True)
    body = "|".join(_flexible(key) for key in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), by_key


def _read_csv(
    path: Path, source_lang: str, target_lang: str, report: GlossaryReport
) -> list[GlossaryTerm]:
    terms: list[GlossaryTerm] = []
    first_line: dict[str, tuple[int, str]] = {}
    header = {("source", "target"), (source_lang, target_lang)}
    seen_row = False
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            for row in reader:
                line = reader.line_num
                # a cell `glossary list --csv` neutralised reads back as it was
                cells = [restored(cell.strip()) for cell in row]
                if not any(cells):
                    continue
                is_header = not seen_row and tuple(c.casefold() for c in cells[:2]) in header
                seen_row = True
                if is_header:
                    continue
                if not 2 <= len(cells) <= 3:
                    raise InputError(
                        f"{path}:{line}: expected source,target[,note], got {len(cells)} columns"
                    )
                if not cells[0] or not cells[1]:
                    raise InputError(f"{path}:{line}: empty source or target term")
                note = cells[2] if len(cells) == 3 and cells[2] else None
                term = GlossaryTerm(cells[0], cells[1], note)
                _add_term(terms, first_line, term, f"{path}:{line}", report)
    except OSError as exc:
        raise InputError(f"{path}: cannot read glossary: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV: {exc}") from exc
    return terms


def _add_term(
    terms: list[GlossaryTerm],
    first_line: dict[str, tuple[int, str]],
    term: GlossaryTerm,
    where: str,
    report: GlossaryReport,
) -> None:
    """Append `term` unless its source is already there; a different target is a conflict.
    A formula is refused (`InputError`): the glossary is never half imported."""
    refuse_formula_term(term.source, where)
    refuse_formula_term(term.target, where)
    key = _term_key(term.source)
    if key in first_line:
        index, first_where = first_line[key]
        earlier = terms[index]
        if _term_key(earlier.target) != _term_key(term.target):
            report.conflicts.append(
                f"{where}: {term.source!r} is already translated as {earlier.target!r} on line "
                f"{first_where.rsplit(':', 1)[-1]}; kept that"
            )
        return
    first_line[key] = (len(terms), where)
    terms.append(term)


# TBX's status data categories: `termNote type="administrativeStatus"` (TBX 2, TBX-Basic),
# `termStatus` (TBX-Min) and `normativeAuthorization` (older TBX), as attribute or element name.
_STATUS_CATEGORIES = frozenset({"administrativeStatus", "termStatus", "normativeAuthorization"})
_DEPRECATED = ("deprecated", "superseded", "notrecommended", "obsolete", "forbidden")


def _read_tbx(
    path: Path, source_lang: str, target_lang: str, report: GlossaryReport
) -> list[GlossaryTerm]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as exc:  # libxml2 also says so for bytes its declared encoding lacks
        raise InputError(
            f"{path}: cannot read glossary: {exc}", hint=mislabelled_utf8(path)
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{path}:{exc.lineno}: not well-formed TBX: {exc.msg}", hint=mislabelled_utf8(path)
        ) from exc
    report.encoding_warning = mislabelled_utf8(path)
    terms: list[GlossaryTerm] = []
    first_line: dict[str, tuple[int, str]] = {}
    for entry in root.iter():
        if _local(entry) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[tuple[str, int | None]]] = {}
        for lang_set in entry:
            if _local(lang_set) not in ("langSet", "langSec"):
                continue
            lang = lang_set.get("{http://www.w3.org/XML/1998/namespace}lang", "")
            found = by_lang.setdefault(_primary(lang), [])
            for term in lang_set.iter():
                if _local(term) == "term":
                    word = " ".join(segment_text(term, report.entities).split())
                    if word:
                        found.append((word, _status_rank(term)))
        sources, targets = by_lang.get(_primary(source_lang)), by_lang.get(_primary(target_lang))
        if not sources or not targets:
            continue
        usable = [(rank, -index, word) for index, (word, rank) in enumerate(targets) if rank]
        if not usable:
            report.deprecated_only += 1
            continue
        target = max(usable)[2]  # the best status, the first in file order among equals
        note = _tbx_note(entry, report.entities)
        where = f"{path}:{entry.sourceline or 0}"
        for source, _ in sources:
            _add_term(terms, first_line, GlossaryTerm(source, target, note), where, report)
    if not terms:
        raise InputError(
            f"{path}: no {source_lang}→{target_lang} term pairs found",
            hint="each termEntry needs a langSet for both languages",
        )
    return terms


def _status_rank(term: etree._Element) -> int | None:
    """3 preferred, 2 admitted, 1 no status given, None deprecated or superseded."""
    group = term.getparent()
    if group is None or _local(group) in ("langSet", "langSec"):
        return 1
    for element in group.iter():
        name = _local(element)
        category = element.get("type") if name == "termNote" else name
        if category in _STATUS_CATEGORIES:
            value = " ".join(element.itertext()).casefold()
            if "preferred" in value:
                return 3
            if "admitted" in value:
                return 2
            if any(word in value for word in _DEPRECATED):
                return None
    return 1


def _tbx_note(entry: etree._Element, entities: EntityCount) -> str | None:
    """The entry's definition when it has one, else its first note."""
    candidates = [
        element
        for element in entry.iter()
        if _local(element) == "note"
        or (_local(element) == "descrip" and element.get("type") in ("definition", "note"))
    ]
    candidates.sort(key=lambda element: element.get("type") != "definition")
    for element in candidates:
        text = " ".join(segment_text(element, entities).split())
        if text:
            return text
    return None


def _local(element: etree._Element) -> str:
    # Comments and processing instructions have a function, not a string, as their tag.
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].casefold()
