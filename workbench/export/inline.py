"""The plain text of a TMX or XLIFF segment, its inline codes treated alike in every format.

Only text counts, and the text inside elements that wrap text (`<hi>`, `<g>`, `<mrk>`, `<pc>`).
Native codes (`<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`, `<x/>`, `<bx/>`, `<ex/>`, `<sc/>`,
`<ec/>`) stand for markup, not words: one that stands for whitespace or a line break (a tab,
`<br>`, memoQ's `<mq:ch val="nbsp"/>`, an escape of the original format such as `\t` or `\n`
kept by Okapi's Paragraph_TM) becomes that whitespace, any other is removed without
gluing or doubling the spaces around it. Comments, processing instructions and entity
references the parser did not expand are never text; unexpanded entities are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

# Native codes, and XLIFF 2's empty annotation markers; a code's content is the markup it
# stands for. Every other element (text wrappers, other vocabularies) keeps its text.
_NATIVE_CODES = frozenset({"bpt", "ept", "it", "ph", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em"})
# `<sub>` inside a code is a separate flow of text (an alt attribute, say), not part of this one.
_SUBFLOW = "sub"
_REMOVED = "\x00"  # XML text never holds NUL, so it can mark where a code was removed
_AROUND_REMOVED = re.compile(r"(\s*)\x00+(\s*)")
# Native code that stands for whitespace, matched against a code's whole (stripped) content.
_WHITESPACE_CODE = re.compile(
    r"(?P<br><br\s*/?>|\\line\b|\\par\b|&#0*10;|&#x0*a;)"
    r"|(?P<nbsp>&nbsp;|&#0*160;|&#x0*a0;|<mq:ch\s+val=\"(?:nbsp|\u00a0)\"\s*/?>)"
    r"|(?P<tab>&#0*9;|&#x0*9;|<mq:ch\s+val=\"(?:tab|\t)\"\s*/?>)",
    re.IGNORECASE,
)
_WHITESPACE_BY_GROUP = {"br": "\n", "nbsp": "\u00a0", "tab": "\t"}
# Backslash escapes of the original format (a properties file, a C string): `\t`, `\n`, `\r\n`.
_ONE_ESCAPE = re.compile(r"\\r\\n|\\[nrt]")
_ESCAPED_WHITESPACE = re.compile(f"(?:{_ONE_ESCAPE.pattern})+")
_WHITESPACE_BY_ESCAPE = {"\\r\\n": "\n", "\\n": "\n", "\\r": "\n", "\\t": "\t"}
_LONGEST_WHITESPACE_CODE = 32
# XLIFF 1.2 `ctype` values and `equiv-text`/`equiv` attributes that say "line break".
_LINE_BREAK_CTYPES = frozenset({"lb", "x-lb", "x-br", "x-linebreak"})


@dataclass(slots=True)
class EntityCount:
    """Entity references the parser left unexpanded, dropped from the text."""

    dropped: int = 0


def segment_text(element: _Element, entities: EntityCount) -> str:
    """The text of a `<seg>`, `<source>` or `<target>`: see the module docstring."""
    pieces: list[str] = []
    _collect(element, pieces, entities)
    text = "".join(pieces)
    return _AROUND_REMOVED.sub(_join_around_removed, text) if _REMOVED in text else text


def codes_only(element: _Element | None, text: str) -> bool:
    """Whether a segment whose text is `text` held inline codes and nothing else."""
    return element is not None and not text.strip() and any(isinstance(c.tag, str) for c in element)


def _join_around_removed(match: re.Match[str]) -> str:
    # "Hej <ph/> då" keeps one space; "Spara<ph/>." keeps none.
    return match.group(1) or match.group(2)


def _collect(element: _Element, pieces: list[str], entities: EntityCount) -> None:
    pieces.append(element.text or "")
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            # A comment or processing instruction (dropped), or an unexpanded entity reference,
            # whose tag is lxml's `etree.Entity` factory (lxml is not imported up front).
            if getattr(tag, "__name__", "") == "Entity":
                entities.dropped += 1
            pieces.append(_REMOVED)
        else:
            name = tag.rsplit("}", 1)[-1]
            if name in _NATIVE_CODES:
                pieces.append(_code_whitespace(child) or _REMOVED)
            elif name == _SUBFLOW:
                pieces.append(_REMOVED)
            else:
                _collect(child, pieces, entities)
        pieces.append(child.tail or "")


def _code_whitespace(code: _Element) -> str:
    """The whitespace a native code stands for, or "" when it stands for markup."""
    if (code.get("ctype") or "").lower() in _LINE_BREAK_CTYPES:
        return "\n"
    equivalent = code.get("equiv-text") or code.get("equiv") or ""
    if equivalent and not equivalent.strip():
        return equivalent
    # The code's own text; a `<sub>` inside it is another flow, so only its tail counts.
    native = code.text or ""
    if len(code):
        native += "".join(child.tail or "" for child in code)
    if not native or native.isspace():
        return native
    if len(native) > _LONGEST_WHITESPACE_CODE:
        return ""
    if _ESCAPED_WHITESPACE.fullmatch(native.strip()):
        return _ONE_ESCAPE.sub(lambda m: _WHITESPACE_BY_ESCAPE[m.group()], native.strip())
    match = _WHITESPACE_CODE.fullmatch(native.strip())
    return _WHITESPACE_BY_GROUP[match.lastgroup or ""] if match else ""
