"""Files whose declared encoding contradicts their bytes: UTF-8 saved under a Latin-1 label.

An XML parser honours the declaration, so UTF-8 bytes in a file that says ISO-8859-1 (or any
other single-byte encoding) decode without error into mojibake ("på" becomes "pÃ¥"). Nothing
fails, so the readers ask here and the command warns.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

_HEAD_BYTES = 1024
_CHUNK_BYTES = 1 << 20
_EXAMPLES = 3
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def mislabelled_utf8(path: Path) -> str | None:
    """A one-line message when `path`'s XML declaration names a single-byte encoding but its
    bytes are valid UTF-8 holding non-ASCII text; None otherwise (and for unreadable files,
    which the parser reports itself).

    The whole file is scanned only when the declaration names a single-byte encoding; a real
    Latin-1 file stops at its first accented letter, which is not valid UTF-8.
    """
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
            # a byte-order mark overrides the declaration in the parser too
            match = None if head.startswith(_BOMS) else _XML_ENCODING.match(head)
            if match is None:
                return None
            declared = match.group(1).decode("ascii")
            if not is_single_byte(declared):
                return None
            characters = _utf8_non_ascii(stream, head)
    except OSError:
        return None
    if not characters:
        return None
    codec = codecs.lookup(declared).name
    garbled = [c.encode("utf-8").decode(codec, errors="replace") for c in characters]
    return (
        f"{path} declares {declared} but its bytes are valid UTF-8 "
        f"({' '.join(characters)} came out as {' '.join(garbled)}); "
        "convert it or fix the declaration"
    )


def is_single_byte(encoding: str) -> bool:
    """Whether `encoding` is one Python knows that maps every byte to one character on its own
    (Latin-1, Windows-125x, KOI8-R, …), unlike UTF-8, UTF-16 or the CJK multi-byte encodings,
    whose decoders hold a lead byte back until the rest of its sequence arrives."""
    try:
        decoder_class = codecs.getincrementaldecoder(encoding)
    except LookupError:
        return False
    decoder = decoder_class(errors="replace")
    return all(len(decoder.decode(bytes([byte]))) == 1 for byte in range(0x80, 0x100))


def _utf8_non_ascii(stream: BinaryIO, head: bytes) -> list[str]:
    """The first few distinct non-ASCII characters if head + the rest of the stream is valid
    UTF-8; [] if it is not, or holds only ASCII."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    found: dict[str, None] = {}  # insertion-ordered set
    chunk = head
    try:
        while chunk:
            text = decoder.decode(chunk)
            if len(found) < _EXAMPLES and not text.isascii():
                found.update(dict.fromkeys(_NON_ASCII.findall(text)))
            chunk = stream.read(_CHUNK_BYTES)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return []
    return list(found)[:_EXAMPLES]
