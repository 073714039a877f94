"""Markdown paragraphs (CommonMark's block structure) and the inline markup kept out of MT."""

from __future__ import annotations

import re

from workbench.ingest.paragraph import BLANK_LINE, Paragraph
from workbench.ingest.plaintext import split_block
from workbench.records import SegmentKind

_ATX_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[^\S\n]+(.*?)(?:[^\S\n]+#+)?[^\S\n]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[^\S\n]*$")
_RULE_RE = re.compile(r"^ {0,3}(?:(?:\*[^\S\n]*){3,}|(?:-[^\S\n]*){3,}|(?:_[^\S\n]*){3,})$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")
_QUOTE_RE = re.compile(r"^ {0,3}>[^\S\n]?", re.MULTILINE)
# A link's destination may hold balanced parentheses, as Wikipedia's do: "Foo_(bar)".
_DESTINATION = r"\((?:[^()]|\([^()]*\))*\)"
_IMAGE_RE = re.compile(rf"(?<!\\)!\[([^\]]*)\]{_DESTINATION}")
_LINK_SPANS_RE = re.compile(rf"(?<!\\)(!?\[)([^\]]+)(\]{_DESTINATION}|\]\[[^\]]*\])")
_LINK_RE = re.compile(rf"(?<!\\)\[([^\]]+)\](?:{_DESTINATION}|\[[^\]]*\])")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^>\s]+|[^>\s@]+@[^>\s]+)>")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS_RES = (
    re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=[^\s\\])\1"),
    re.compile(r"(?<!\\)~~(?=\S)(.+?)(?<=[^\s\\])~~"),
    re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])"),
    re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)"),
)
_EMPHASIS_WIDTHS = (2, 2, 1, 1)  # delimiter length of each pattern above
# CommonMark's ordered list marker: up to nine digits, then "." or ")" and a space
_MARKDOWN_NUMBER_RE = re.compile(r"^(\d{1,9}[.)])[^\S\n]+(?=\S)")


def markdown_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        # YAML front matter is kept (stored) but never translated
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            paragraphs.append(Paragraph("\n".join(lines[1:end]).strip(), SegmentKind.BOILERPLATE))
            start = end + 1
    seen_title = False
    pending: list[str] = []

    def flush() -> None:
        if pending:
            joined = "\n".join(pending)
            quoted = _QUOTE_RE.match(joined) is not None
            lead = BLANK_LINE
            for bullet, item in split_block(_QUOTE_RE.sub("", joined)):
                block = "quote" if quoted else "ul" if bullet else "p"
                numbered = _MARKDOWN_NUMBER_RE.match(item) if block == "p" else None
                if numbered:
                    # an ordered list item: its number stays in the layout, never goes to MT
                    block, bullet, item = "ol", numbered.group(1) + " ", item[numbered.end() :]
                if item.strip():
                    paragraphs.append(Paragraph(item, block=block, lead=lead + bullet))
                    lead = "\n"
            pending.clear()

    index = start
    while index < len(lines):
        line = lines[index]
        fence = _FENCE_RE.match(line)
        heading = _ATX_HEADING_RE.match(line)
        if fence:
            flush()
            closing = next(
                (
                    i
                    for i in range(index + 1, len(lines))
                    if lines[i].strip().startswith(fence.group(1))
                ),
                len(lines),
            )
            code = "\n".join(lines[index + 1 : closing]).strip()
            if code:
                paragraphs.append(Paragraph(code, SegmentKind.BOILERPLATE, block="pre"))
            index = closing + 1
            continue
        if heading:
            flush()
            title = heading.group(2).strip()
            if title:
                is_title = len(heading.group(1)) == 1 and not seen_title
                seen_title = seen_title or is_title
                paragraphs.append(
                    Paragraph(
                        title,
                        SegmentKind.TITLE if is_title else None,
                        block=f"h{len(heading.group(1))}",
                    )
                )
        elif pending and len(pending) == 1 and _SETEXT_RE.match(line) and pending[0].strip():
            title = pending.pop().strip()
            is_title = line.strip().startswith("=") and not seen_title
            seen_title = seen_title or is_title
            paragraphs.append(
                Paragraph(
                    title,
                    SegmentKind.TITLE if is_title else None,
                    block="h1" if line.strip().startswith("=") else "h2",
                )
            )
        elif not line.strip() or _RULE_RE.match(line) or _REFERENCE_DEF_RE.match(line):
            flush()
        else:
            pending.append(line)
        index += 1
    flush()
    return paragraphs


def markdown_markup_spans(text: str) -> list[tuple[int, int]]:
    """Where Markdown inline syntax sits in `text`, as (start, end) pairs in order: emphasis
    delimiters, a link's or image's brackets with its `(url)`, and whole code spans, autolinks,
    HTML tags and backslash escapes, which are never translated. The words in between are
    the translatable text."""
    spans: list[tuple[int, int]] = [match.span() for match in _CODE_SPAN_RE.finditer(text)]

    def free(start: int, end: int) -> bool:
        return all(end <= other_start or other_end <= start for other_start, other_end in spans)

    for pattern in (_AUTOLINK_RE, _TAG_RE, _ESCAPE_RE):
        spans += [m.span() for m in pattern.finditer(text) if free(*m.span())]
    for match in _LINK_SPANS_RE.finditer(text):
        opener, closer = match.span(1), match.span(3)
        if free(*opener) and free(*closer):
            spans += [opener, closer]
    for pattern, width in zip(_EMPHASIS_RES, _EMPHASIS_WIDTHS, strict=True):
        for match in pattern.finditer(text):
            opener = (match.start(), match.start() + width)
            closer = (match.end() - width, match.end())
            if free(*opener) and free(*closer):
                spans += [opener, closer]
    return sorted(spans)


def strip_markdown_inline(text: str) -> str:
    """Markdown inline syntax removed, code spans kept verbatim."""
    pieces: list[str] = []
    position = 0
    for match in _CODE_SPAN_RE.finditer(text):
        pieces.append(_markdown_markup(text[position : match.start()]))
        pieces.append(match.group(2).strip())
        position = match.end()
    pieces.append(_markdown_markup(text[position:]))
    return "".join(pieces)


def _markdown_markup(text: str) -> str:
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    for pattern in _EMPHASIS_RES:
        text = pattern.sub(lambda match: match.group(match.lastindex or 0), text)
    return _ESCAPE_RE.sub(r"\1", text)
