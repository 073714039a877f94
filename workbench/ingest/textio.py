"""Stage 1 input: read a source file (or stdin) into text, then split that text into paragraphs.

Owns decoding, refusal of non-text input and plain-text and Markdown paragraphs (HTML pages:
htmltext.py); it never decides what is boilerplate (boilerplate.py) or where sentences end
(segment.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.errors import InputError
from workbench.files import refuse_open_database
from workbench.records import SegmentKind

MAX_SOURCE_BYTES = 10 * 1024 * 1024
# A Word or LibreOffice file carries its images: the text in it is small, the file need not be.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
_PACKAGE_FORMATS = frozenset({"docx", "odt"})
STDIN_NAME = "<stdin>"

_EXTENSION_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".srt": "srt",
}
# Formats read by a plug-in of their own (see `_read_office`), kept whole for the writer.
OFFICE_FORMATS = frozenset({"docx", "odt", "srt"})

_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub, which are ZIP files)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)

# paragraph, headings, list items (bulleted, numbered), block quote, figure caption, code
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "quote", "caption", "pre"})
BLANK_LINE = "\n\n"

_MARKUP_RE = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|h1|title)[\s>]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded source document: its name, LF-normalised text, raw-byte hash and format."""

    name: str
    text: str
    sha256: str
    format: str  # "txt" | "md" | "html" | one of OFFICE_FORMATS
    # an office document's file as read, kept so the English one can be written into it, and
    # its paragraphs (their text coded, see workbench.ingest.coded)
    original: bytes | None = None
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a source, with a structural hint when the markup said what it is.

    `block` and `lead` are what the renderer needs to rebuild the page: the block's element
    (see `BLOCKS`) and what stood before it, a blank line or a line break, then a list bullet
    or number.
    """

    text: str
    hint: SegmentKind | None = None
    block: str = "p"
    lead: str = "\n\n"


def read_source(path: str, stdin: BinaryIO | None = None) -> SourceText:
    """Read and decode `path` ("-" reads `stdin`), refusing anything that is not UTF-8 text."""
    if path == "-":
        if stdin is None:
            raise InputError("no input stream to read '-' from")
        name = STDIN_NAME
        raw = stdin.read(MAX_SOURCE_BYTES + 1)
        if len(raw) > MAX_SOURCE_BYTES:
            raise InputError(f"{name} is larger than the {_limit_text()} limit")
        fmt = None
    else:
        name = path
        fmt = _EXTENSION_FORMATS.get(os.path.splitext(path)[1].lower())
        raw = _read_file(path, MAX_PACKAGE_BYTES if fmt in _PACKAGE_FORMATS else MAX_SOURCE_BYTES)
        if fmt in OFFICE_FORMATS:
            return _read_office(name, raw, fmt)
    text = _decode(name, raw)
    if not text.strip():
        raise InputError(f"{name} is empty" if not text else f"{name} contains only whitespace")
    if fmt is None:
        fmt = "html" if _MARKUP_RE.search(text[:4096]) else "txt"
    return SourceText(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), format=fmt)


def split_paragraphs(source: SourceText) -> list[Paragraph]:
    """Split a source into paragraphs in reading order, by its format's rules."""
    if source.paragraphs:
        paragraphs = list(source.paragraphs)
    elif source.format == "html":
        # The HTML reader is a plug-in loaded for HTML sources only (see workbench.cli): it
        # builds on this module, and glossary and QA import this module without needing HTML.
        from workbench.ingest.htmltext import html_paragraphs

        paragraphs = html_paragraphs(source.text)
    elif source.format == "md":
        paragraphs = _markdown_paragraphs(source.text)
    else:
        paragraphs = [item for block in _blocks(source.text) for item in _block_paragraphs(block)]
    if not paragraphs:
        raise InputError(f"{source.name} contains no readable text")
    return paragraphs


def _read_office(name: str, raw: bytes, fmt: str) -> SourceText:
    """A DOCX, ODT or SRT file read by its plug-in (imported here: lxml and srt only load for
    such files)."""
    from workbench.ingest.coded import plain

    if fmt == "docx":
        from workbench.ingest.docx_text import docx_paragraphs

        paragraphs = docx_paragraphs(name, raw)
    elif fmt == "odt":
        from workbench.ingest.odt_text import odt_paragraphs

        paragraphs = odt_paragraphs(name, raw)
    else:
        from workbench.ingest.srt_text import srt_paragraphs

        paragraphs = srt_paragraphs(name, _decode(name, raw))
    if not paragraphs:
        raise InputError(f"{name} contains no readable text")
    text = "\n\n".join(plain(p.text) for p in paragraphs)
    return SourceText(name, text, hashlib.sha256(raw).hexdigest(), fmt, raw, tuple(paragraphs))


def _limit_text(limit: int = MAX_SOURCE_BYTES) -> str:
    return f"{limit // (1024 * 1024)} MB"


def _read_file(path: str, limit: int) -> bytes:
    # stat first so an oversized file is refused without reading it
    refuse_open_database(Path(path))
    try:
        if os.path.isdir(path):
            raise InputError(f"{path} is a directory, not a file")
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block or never end; folder ingest skips them too.
            raise InputError(f"{path} is not a regular file (a pipe, socket or device)")
        size = info.st_size
        if size > limit:
            raise InputError(
                f"{path} is {size / (1024 * 1024):.1f} MB, over the {_limit_text(limit)} limit"
            )
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist") from exc
    except PermissionError as exc:
        raise InputError(f"{path} cannot be read: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise InputError(f"{path} is over the {_limit_text(limit)} limit")
    return raw


def decode_text(name: str, raw: bytes) -> str:
    """UTF-8 bytes as LF-normalised text, refusing anything else with the reason."""
    return _decode(name, raw)


def _decode(name: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{name} looks like UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8",
            hint=f"convert it first, e.g. iconv -f UTF-16 -t UTF-8 {name}",
        )
    for magic, what in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            raise InputError(f"{name} looks like {what}, not text")
    if b"\x00" in raw:
        if _looks_like_utf16(raw):
            # ASCII in UTF-16LE puts the NUL second ("a\0"), in UTF-16BE first ("\0a").
            order = "LE" if raw[1:4096:2].count(0) > raw[0:4096:2].count(0) else "BE"
            raise InputError(
                f"{name} looks like UTF-16 (every other byte is NUL), not UTF-8",
                hint=f"convert it first, e.g. iconv -f UTF-16{order} -t UTF-8 {name}",
            )
        offset = raw.index(b"\x00")
        raise InputError(f"{name} looks like a binary file, not text (NUL byte at offset {offset})")
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        raise InputError(
            f"{name} is not valid UTF-8: byte 0x{raw[offset]:02x} at offset {offset}",
            hint=_encoding_hint(name, raw),
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _encoding_hint(name: str, raw: bytes) -> str:
    # bytes 0x80-0x9f are C1 controls in Latin-1 but printable in Windows-1252
    if not re.search(rb"[\x80-\x9f]", raw):
        return f"try converting from Latin-1, e.g. iconv -f LATIN1 -t UTF-8 {name}"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "convert it to UTF-8 first"
    return f"try converting from Windows-1252, e.g. iconv -f CP1252 -t UTF-8 {name}"


# --- plain text -------------------------------------------------------------------------------

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")
_BULLET_RE = re.compile(r"^[^\S\n]*(?:[•·▪►◦‣∙*+]|[-–—](?=\s))[^\S\n]*")
_DIALOGUE_DASHES = ("–", "—")
_NUMBERED_RE = re.compile(r"^[^\S\n]*(?:\d{1,3}|[a-zA-Z])[.)](?=\s)")
_SENTENCE_END_RE = re.compile(r"[.!?…:;]['\"”’»)\]]*$")
# hard wraps happen at 40-120 columns; longer lines are one paragraph each
_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 120


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in _BLANK_LINE_RE.split(text) if block.strip()]


def _block_paragraphs(block: str) -> list[Paragraph]:
    """The paragraphs of one blank-line block: the first after a blank line, the rest each on
    its own line, bulleted ones as list items."""
    return [
        Paragraph(
            text,
            block="ul" if bullet else "p",
            lead=(BLANK_LINE if number == 0 else "\n") + bullet,
        )
        for number, (bullet, text) in enumerate(_split_block(block))
    ]


def _split_block(block: str) -> list[tuple[str, str]]:
    """Split one blank-line block into (bullet, paragraph) pairs: list items and short headline
    lines apart, hard-wrapped prose kept whole with its line breaks and indentation."""
    raw_lines = [line for line in block.split("\n") if line.strip()]
    lines = [line.strip() for line in raw_lines]
    width = max(len(line) for line in lines)
    # wrapped prose puts lowercase words at line starts; lines that all open with a capital
    # are headlines or items, however their lengths happen to line up
    itemised = len(lines) >= 3 and all(line[0].isupper() for line in lines[1:])
    groups: list[list[str]] = [[raw_lines[0]]]
    for index in range(1, len(lines)):
        if not itemised and _continues(lines[index - 1], lines[index], width):
            groups[-1].append(raw_lines[index])
        else:
            groups.append([raw_lines[index]])
    # a lone paragraph opened by a dash is a quotation in Swedish news ("– Vi har …, säger
    # han."), not a one-item list: the dash stays in its sentence for MT and the reviewer
    dialogue = len(groups) == 1
    return [_split_bullet("\n".join(group).strip(), dialogue) for group in groups]


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` continues the paragraph of `previous` rather than starting a new one."""
    if _BULLET_RE.match(line) or _NUMBERED_RE.match(line):
        return False
    first_char = line[0]
    if (first_char.islower() or first_char in ",;)") and not _SENTENCE_END_RE.search(previous):
        return True
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return False
    # a line was hard-wrapped when the next line's first word would not have fitted on it
    next_word = line.split(None, 1)[0]
    return len(previous) + 1 + len(next_word) > width * 0.9


def _split_bullet(text: str, dialogue: bool) -> tuple[str, str]:
    """The list bullet opening `text` (as the source wrote it, with one space) and the rest."""
    match = _BULLET_RE.match(text)
    if match is None or match.end() == len(text):
        return "", text
    bullet = match.group().strip()
    if dialogue and bullet in _DIALOGUE_DASHES:
        return "", text
    return bullet + " ", text[match.end() :]


# --- markdown ---------------------------------------------------------------------------------

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


def _markdown_paragraphs(text: str) -> list[Paragraph]:
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
            for bullet, item in _split_block(_QUOTE_RE.sub("", joined)):
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
