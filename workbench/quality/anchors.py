"""Anchors: numbers, URLs, e-mail addresses, names and cognates that survive translation.

Pure text functions shared by the aligner and QA. Language only decides the one ambiguous
form: "1.000" is a thousands group in sv/de/fr (1000) and a decimal in English (1).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

# Languages that write "3.5" with a decimal point and "3,700" with a thousands comma; every
# other language is read the continental way ("3,5" and "3.700"), which covers sv, de, fr, ...
_DOT_DECIMAL_LANGS = frozenset({"en", "ja", "zh", "ko", "he", "th", "hi", "ms", "tl", "ga", "sw"})

_SPACE_GROUP = "\u0020\u00a0\u202f\u2009"
# Plain spaces group digits only in continental text; English prose puts a space between two
# quantities ("in 1999 100 people") far more often than inside one.
_NUMBER_CORE = (
    r"\d{1,3}(?:[{sp}]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:['’]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)*"
)
_DASHES = "-‐‑‒–—"
_DATE = r"\d{1,2}(?P<dsep>[/.])\d{1,2}(?P=dsep)(?:\d{4}|\d{2})(?![\d.,]\d)|\d{4}-\d{2}-\d{2}(?!\d)"
_TIME = r"\d{1,2}:\d{2}(?!\d)"

_URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»“”]+"
    r"|(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|org|net|edu|gov|info|io|eu|se|uk|de|fr|no|dk|fi|vn|nu)(?:/[^\s<>\"'«»“”]*)?(?![\w@])",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT_RE = re.compile(r"\d")
_WORD_RE = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_TRAILING_URL_PUNCT = ".,;:!?)]}"
_OPENERS = "\"'«»“”‘’([{–—-¿¡ \t\n\r\u00a0"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A span that a translation must carry over: kind, exact span and a canonical value.

    `text` is the span as written; equality ignores it so anchors compare by kind and value
    at a position.
    """

    kind: str
    start: int
    end: int
    value: str
    text: str = field(default="", compare=False)


@functools.cache
def _number_pattern(decimal_sep: str) -> re.Pattern[str]:
    spaces = _SPACE_GROUP if decimal_sep == "," else _SPACE_GROUP[1:]
    core = _NUMBER_CORE.replace("{sp}", spaces)
    dashes = re.escape(_DASHES)
    return re.compile(
        rf"(?<![\d\w])(?<!\d[.,])(?:(?P<date>{_DATE})|(?P<time>{_TIME})"
        rf"|(?P<a>{core})(?:(?P<dash> ?[{dashes}] ?)(?P<b>{core}))?)"
    )


def _decimal_separator(lang: str) -> str:
    return "." if lang.split("-")[0].split("_")[0].lower() in _DOT_DECIMAL_LANGS else ","


def _split_number(raw: str, decimal_sep: str) -> tuple[str, str | None, bool] | None:
    """Integer digits, fraction digits (None if none) and whether the integer was grouped."""
    if raw[-1] in ".,":
        return None
    compact = re.sub(f"[{_SPACE_GROUP}'’]", "", raw)
    spaced = compact != raw
    marks = [ch for ch in compact if ch in ".,"]
    if not marks:
        return compact, None, spaced
    if len(set(marks)) == 2:
        decimal = compact[max(compact.rfind("."), compact.rfind(","))]
        if marks.count(decimal) != 1 or compact.rfind(decimal) < max(
            i for i, ch in enumerate(compact) if ch in ".," and ch != decimal
        ):
            return None
    elif len(marks) > 1 or spaced:
        decimal = "" if len(marks) > 1 else marks[0]
    else:
        groups = compact.split(marks[0])
        is_grouping = len(groups[0]) <= 3 and len(groups[1]) == 3
        decimal = marks[0] if not is_grouping or marks[0] == decimal_sep else ""
    integer, _, fraction = compact.partition(decimal) if decimal else (compact, "", "")
    groups = re.split("[.,]", integer)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return "".join(groups), (fraction if decimal else None), spaced or len(groups) > 1


def _canonical(integer: str, fraction: str | None) -> str:
    whole = integer.lstrip("0") or "0"
    frac = (fraction or "").rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def _english(integer: str, fraction: str | None, grouped: bool) -> str:
    whole = f"{int(integer):,}" if grouped else integer
    return f"{whole}.{fraction}" if fraction is not None else whole


def _number_value(raw: str, lang: str) -> str | None:
    parts = _split_number(raw, _decimal_separator(lang))
    return None if parts is None else _canonical(parts[0], parts[1])


def _date_value(raw: str) -> str:
    if "-" in raw:
        year, month, day = raw.split("-")
    else:
        day, month, year = re.split("[/.]", raw)
    return f"{int(day)}/{int(month)}/{year}"


def _numbers(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Anchor]:
    found = []
    for match in _number_pattern(_decimal_separator(lang)).finditer(text):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        raw = match.group()
        if match.group("date"):
            value: str | None = _date_value(raw)
        elif match.group("time"):
            hours, minutes = raw.split(":")
            value = f"{int(hours)}:{minutes}"
        elif match.group("b"):
            low, high = _number_value(match["a"], lang), _number_value(match["b"], lang)
            value = f"{low}-{high}" if low and high else None
        else:
            value = _number_value(raw, lang)
        if value is None:
            continue
        found.append(Anchor("number", start, end, value, raw))
    return found


def _url_value(raw: str) -> str:
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "", raw
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}"


def _strip_url_end(raw: str) -> str:
    while raw and raw[-1] in _TRAILING_URL_PUNCT:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def find_anchors(text: str, lang: str) -> list[Anchor]:
    """Numbers, URLs and e-mail addresses in `text`, in order, with exact spans."""
    anchors: list[Anchor] = []
    # The patterns are costly; most sentences hold no "@", no dot-word and no digit at all.
    for match in _EMAIL_RE.finditer(text) if "@" in text else ():
        raw = match.group().rstrip(".")
        anchors.append(Anchor("email", match.start(), match.start() + len(raw), raw.lower(), raw))
    taken = [(a.start, a.end) for a in anchors]
    for match in _URL_RE.finditer(text) if "." in text else ():
        start = match.start()
        raw = _strip_url_end(match.group())
        if raw and not any(
            start < t_end and t_start < start + len(raw) for t_start, t_end in taken
        ):
            anchors.append(Anchor("url", start, start + len(raw), _url_value(raw), raw))
    if _DIGIT_RE.search(text):
        anchors.extend(_numbers(text, lang, [(a.start, a.end) for a in anchors]))
    return sorted(anchors, key=lambda anchor: anchor.start)


def english_number(anchor: Anchor) -> str:
    """How a number anchor is written in English: "3.5", "3,700", "25–40", "15/11/2025"."""
    raw = anchor.text
    if not raw or anchor.kind != "number":
        return anchor.value
    if "/" in anchor.value or ":" in anchor.value:
        return raw if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d+:\d{2}", raw) else raw.replace(".", "/")
    dash = re.search(rf"(?<=\d)( ?[{re.escape(_DASHES)}] ?)(?=\d)", raw)
    if dash and "-" in anchor.value:
        low_value, high_value = anchor.value.split("-")
        low = _english_for(raw[: dash.start()], low_value)
        high = _english_for(raw[dash.end() :], high_value)
        return f"{low}{dash.group(1).strip()}{high}"
    return _english_for(raw, anchor.value)


def _english_for(raw: str, value: str) -> str:
    for decimal_sep in ",.":
        parts = _split_number(raw, decimal_sep)
        if parts is not None and _canonical(parts[0], parts[1]) == value:
            return _english(*parts)
    return value


def fold(word: str) -> str:
    """Lowercase `word` and strip its diacritics ("Châu" -> "chau", "Kåre" -> "kare")."""
    return word.lower() if word.isascii() else _fold_accented(word)


@functools.lru_cache(maxsize=65536)
def _fold_accented(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def name_tokens(text: str) -> set[str]:
    """Capitalised words that do not open a sentence (likely names), as written."""
    names = set()
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        word = match.group()
        gap = text[previous_end : match.start()].rstrip(_OPENERS)
        opens_sentence = gap[-1:] in (".", "!", "?", "…", ":", ";", "\n") or (
            not gap and previous_end == 0
        )
        previous_end = match.end()
        if len(word) < 2 or not word[0].isupper() or opens_sentence:
            continue
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        names.add(word)
    return names


def cognate_keys(text: str, prefix: int = 4) -> set[str]:
    """Folded first `prefix` letters of each word of at least `prefix` letters."""
    return {
        fold(word)[:prefix]
        for word in _WORD_RE.findall(text)
        if sum(map(str.isalpha, word)) >= prefix
    }
