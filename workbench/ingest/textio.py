"""Stage 1 input: read a source file (or stdin) into text, then split that text into paragraphs.

Owns decoding and refusal of non-text input, and picks each format's paragraph reader (plain
text: plaintext.py, Markdown: markdown.py, HTML: htmltext.py, office files: their plug-ins); it
never decides what is boilerplate (boilerplate.py) or where sentences end (segment.py).
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
from workbench.ingest.markdown import markdown_paragraphs
from workbench.ingest.paragraph import Paragraph
from workbench.ingest.plaintext import text_paragraphs

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
        paragraphs = markdown_paragraphs(source.text)
    else:
        paragraphs = text_paragraphs(source.text)
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
