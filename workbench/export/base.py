"""The export contract: the `Exporter` base over `records.ExportUnit`, text cleaning, atomic files.

Formats live one per module; nothing here knows about SQLite, lxml or translate-toolkit.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, ClassVar

from workbench.errors import ExportError
from workbench.files import (
    create_temp,
    durable_step,
    fsync_directory,
    is_stream,
    real_target,
    refuse_overwrite,
    remove_stale_temps,
    replace_file,
)
from workbench.records import ExportUnit


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: format, files, unit count and characters it had to clean."""

    format: str
    paths: tuple[Path, ...]
    units: int
    replaced_chars: int


# XML 1.0 forbids C0 controls other than tab/LF/CR, surrogates, U+FFFE and U+FFFF; UTF-8 cannot
# carry lone surrogates at all, so every format gets the same cleaned text.
_UNSAFE_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE_SURROGATE_OR_NONCHAR = re.compile("[\ud800-\udfff\ufffe\uffff]")
_XML_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ATTRIBUTE_SPECIAL = re.compile(
    '[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]'
)
_LINE_BREAKING = re.compile("[\t\n\r\x85\u2028\u2029]")
REPLACEMENT_CHAR = "\ufffd"
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def _join_surrogate_pair(match: re.Match[str]) -> str:
    pair = match.group()
    high, low = pair[0], pair[1]
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


class TextCleaner:
    """Makes text safe for XML and UTF-8, counting every character it drops or replaces.

    Control characters carry no text and are dropped; a lone surrogate or U+FFFE/U+FFFF stands
    for a lost character and becomes U+FFFD. A surrogate *pair* (text decoded with
    `surrogatepass`) is joined into the character it encodes and not counted.
    """

    __slots__ = ("replaced",)

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, text: str) -> str:
        """Return `text` cleaned; the common clean case costs one regex search."""
        if _UNSAFE_CHAR.search(text) is None:
            return text
        text = _SURROGATE_PAIR.sub(_join_surrogate_pair, text)
        text, dropped = _CONTROL_CHAR.subn("", text)
        text, substituted = _LONE_SURROGATE_OR_NONCHAR.subn(REPLACEMENT_CHAR, text)
        self.replaced += dropped + substituted
        return text

    def one_line(self, text: str) -> str:
        """Clean `text` and turn tabs and line breaks into spaces, for line-based formats."""
        return _LINE_BREAKING.sub(" ", self(text))

    def xml_text(self, text: str) -> str:
        """Clean `text` and escape it as XML character data.

        `>` is escaped too, so `]]>` cannot appear; CR becomes `&#13;` because parsers would
        otherwise normalise it to LF.
        """
        if _XML_TEXT_SPECIAL.search(text) is None:
            return text
        return (
            self(text)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )

    def xml_attr(self, text: str) -> str:
        """Clean `text` and escape it for a double-quoted XML attribute value.

        Tab, LF and CR become character references, which attribute-value normalisation keeps.
        """
        if _XML_ATTRIBUTE_SPECIAL.search(text) is None:
            return text
        return self(text).translate(_ATTRIBUTE_ESCAPES)


_CANONICAL_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|\+00:00)?", re.ASCII)


def tmx_timestamp(iso: str) -> str:
    """Convert an ISO 8601 timestamp to TMX's `YYYYMMDDThhmmssZ` in UTC (naive means UTC)."""
    if _CANONICAL_UTC.fullmatch(iso):
        # What the store writes; slicing it is 10x cheaper than datetime parsing and strftime.
        return f"{iso[0:4]}{iso[5:7]}{iso[8:10]}T{iso[11:13]}{iso[14:16]}{iso[17:19]}Z"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError as exc:
        raise ExportError(f"not an ISO 8601 timestamp: {iso!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class Exporter:
    """A file format: a name, its extensions and a streaming `write` of units to bytes."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def write(
        self, units: Iterable[ExportUnit], out: BinaryIO, *, source_lang: str, target_lang: str
    ) -> ExportSummary:
        """Stream `units` to `out`, holding at most one unit in memory."""
        raise NotImplementedError

    def output_paths(self, path: Path, *, source_lang: str, target_lang: str) -> tuple[Path, ...]:
        """The files an export to `path` creates; one unless the format splits languages."""
        return (path,)

    def write_files(
        self,
        units: Iterable[ExportUnit],
        outs: Sequence[BinaryIO],
        *,
        source_lang: str,
        target_lang: str,
    ) -> ExportSummary:
        """Stream `units` to one open stream per `output_paths` entry."""
        (out,) = outs
        return self.write(units, out, source_lang=source_lang, target_lang=target_lang)

    def write_to_path(
        self,
        units: Iterable[ExportUnit],
        path: Path,
        *,
        source_lang: str,
        target_lang: str,
        protected: Sequence[Path] = (),
    ) -> ExportSummary:
        """Export to `path` (`-` is stdout) through `atomic_files`, never onto `protected`."""
        if str(path) == "-":
            stdout = sys.stdout.buffer
            summary = self.write(units, stdout, source_lang=source_lang, target_lang=target_lang)
            stdout.flush()
            return replace(summary, paths=(path,))
        paths = self.output_paths(path, source_lang=source_lang, target_lang=target_lang)
        with atomic_files(paths, protected) as outs:
            summary = self.write_files(
                units, outs, source_lang=source_lang, target_lang=target_lang
            )
        return replace(summary, paths=paths)


_WRITE_BUFFER = 1 << 20
_PIECES_PER_WRITE = 1024


def write_pieces(out: BinaryIO, pieces: Iterable[str]) -> int:
    """Encode and write text pieces in batches; returns how many pieces were written.

    One join/encode/write per batch instead of per unit keeps a million-unit export fast.
    """
    count = 0
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        count += 1
        if len(batch) >= _PIECES_PER_WRITE:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    out.write("".join(batch).encode("utf-8"))
    return count


@contextmanager
def atomic_files(paths: Sequence[Path], protected: Sequence[Path] = ()) -> Iterator[list[BinaryIO]]:
    """Yield one binary stream per path, written to temp files renamed into place on success.

    Temp files sit beside their targets so `os.replace` is a rename on one file system; any
    exception (Ctrl-C included) removes them and leaves existing files untouched. A symlink's
    target is replaced, not the link; FIFOs and devices are streams, written in place. With
    several files the old ones are removed before the new ones move in, so after a crash a
    reader finds one export's files, or a file missing, never files of two exports side by side.
    No output may be one of the `protected` files (the store the export reads).
    """
    targets = [real_target(path) for path in paths]
    refuse_overwrite(targets, protected, "the store file")
    for path, target in zip(paths, targets, strict=True):
        if not target.parent.is_dir():
            raise ExportError(f"cannot write {path}: directory {target.parent} does not exist")
        if target.is_dir():
            raise ExportError(f"cannot write {path}: it is a directory")
    temps: list[tuple[Path | None, BinaryIO]] = []
    try:
        for target in targets:
            if is_stream(target):
                temps.append((None, target.open("wb", buffering=_WRITE_BUFFER)))
                continue
            remove_stale_temps(target)
            created, descriptor = create_temp(target)
            temps.append((created, os.fdopen(descriptor, "wb", buffering=_WRITE_BUFFER)))
        yield [stream for _, stream in temps]
        for written, stream in temps:
            stream.flush()
            if written is not None:
                durable_step()
                os.fsync(stream.fileno())
        replaced = [
            (written, target)
            for (written, _), target in zip(temps, targets, strict=True)
            if written is not None
        ]
        if len(replaced) > 1:
            _remove_old(target for _, target in replaced)
        # Streams stay open (their temp files locked) until renamed, so no cleaner takes them.
        for temp_path, target in replaced:
            replace_file(temp_path, target)
        for directory in {target.parent for _, target in replaced}:
            fsync_directory(directory)
        for _, stream in temps:
            stream.close()
    except OSError as exc:
        _discard(temps)
        names = ", ".join(str(path) for path in paths)
        raise ExportError(f"cannot write {names}: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(temps)
        raise


def _remove_old(targets: Iterable[Path]) -> None:
    # Two renames cannot be one atomic step; removing the old files first means a crash between
    # the renames leaves a new file beside a missing one, never beside an old one.
    directories = set()
    for target in targets:
        if target.exists():
            durable_step()
            target.unlink()
            directories.add(target.parent)
    for directory in directories:
        fsync_directory(directory)


def _discard(temps: list[tuple[Path | None, BinaryIO]]) -> None:
    for temp_path, stream in temps:
        # Closing flushes, and the flush fails again when the disk is what broke the export.
        with suppress(OSError):
            stream.close()
        if temp_path is not None:
            temp_path.unlink(missing_ok=True)
