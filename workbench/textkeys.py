"""Keys text and languages are matched on: the normalised form two segments must share to be
repetitions or an exact memory match, and BCP 47 language tags in their conventional case.

Neutral ground: the store computes memory keys with it, the memory and repetitions match on it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        # Invisible characters that editors and web pages scatter through text, and the
        # control characters that are not whitespace.
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff\x7f"),
        **dict.fromkeys(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C)])),
    }
)
# Most text holds none of them; one search is far cheaper than `translate` with a deleting table.
_TYPOGRAPHIC_CHARS = re.compile("[" + re.escape("".join(map(chr, _TYPOGRAPHIC))) + "]")


def normalise(text: str) -> str:
    """The key two segments must share to be an exact match.

    NFKC, typographic quotes and dashes unified, invisible characters removed, casefolded and
    whitespace collapsed. Punctuation, digits and accents are kept: a target is reused verbatim,
    so "Klart." must not answer "Klart?" and "30 år" must not answer "40 år".
    """
    text = unicodedata.normalize("NFKC", text)
    if _TYPOGRAPHIC_CHARS.search(text):
        text = text.translate(_TYPOGRAPHIC)
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


# A file holds a handful of distinct tags, asked about once per unit.
@functools.lru_cache(maxsize=256)
def language_tag(tag: str) -> str:
    """`tag` in BCP 47's conventional case, with hyphens: "SV_se" → "sv-SE"."""
    subtags = tag.strip().replace("_", "-").split("-")
    cased = [subtags[0].lower()]
    for subtag in subtags[1:]:
        if len(subtag) == 2:
            cased.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())
        else:
            cased.append(subtag.lower())
    return "-".join(cased)


def primary_language(tag: str) -> str:
    """The primary subtag, lower case: "sv-SE" → "sv"."""
    return language_tag(tag).split("-", 1)[0]


@functools.lru_cache(maxsize=256)
def language_preference(tag: str, wanted: str) -> int | None:
    """How well `tag` answers a request for `wanted`: 2 exact, 1 the bare language, 0 another
    variant of it, None another language. BCP 47 lookup by prefix: "sv-SE" serves "sv"."""
    tag, wanted = language_tag(tag), language_tag(wanted)
    if tag == wanted:
        return 2
    if primary_language(tag) != primary_language(wanted):
        return None
    return 1 if tag == primary_language(wanted) else 0
