"""The `.argosmodel` archive: refused unless it is a safe one-folder package zip, then extracted.

Checked before anything is unpacked: member paths, links, the declared unpacked size against the
archive's (a zip bomb), and the metadata read with a size cap.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from workbench.errors import ModelError
from workbench.translate.packages.metadata import (
    MAX_METADATA_BYTES,
    check_members,
    parse_metadata,
)

CHUNK_BYTES = 1 << 16
_MAX_UNPACK_RATIO = 20  # model weights barely compress; zeros compress 1000:1
_MAX_UNPACKED_BYTES = 16 << 30


def inspect_archive(archive: Path) -> tuple[str, Any, int]:
    """Refuse anything but a safe one-folder package zip: its folder, metadata, unpacked size."""
    if not zipfile.is_zipfile(archive):
        raise ModelError(f"{archive} is not an .argosmodel (zip) archive")
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not _is_resource_fork(m.filename)]
            paths = [_member_parts(archive, member) for member in members]
            tops = {parts[0] for parts in paths}
            loose = [
                member.filename
                for member, parts in zip(members, paths, strict=True)
                if len(parts) == 1 and not member.is_dir()
            ]
            if len(tops) != 1 or loose:
                raise ModelError(f"{archive} must hold exactly one top-level folder")
            top = tops.pop()
            check_members({member.filename for member in members}, str(archive), top)
            unpacked = sum(member.file_size for member in members)
            limit = min(_MAX_UNPACKED_BYTES, _MAX_UNPACK_RATIO * archive.stat().st_size)
            if unpacked > limit:
                raise ModelError(
                    f"{archive} claims to unpack to {unpacked} bytes from "
                    f"{archive.stat().st_size}; a model package does not compress like that"
                )
            # Read no more than a metadata file can hold, whatever size the archive declares.
            with zipped.open(f"{top}/metadata.json") as handle:
                raw = handle.read(MAX_METADATA_BYTES + 1)
            metadata = parse_metadata(raw, f"{archive}: metadata.json")
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ModelError(f"{archive} cannot be read: {reason(exc)}") from exc
    return top, metadata, unpacked


def _is_resource_fork(name: str) -> bool:
    return name.startswith("__MACOSX/")


def _member_parts(archive: Path, member: zipfile.ZipInfo) -> tuple[str, ...]:
    name = member.filename
    parts = PurePosixPath(name).parts
    if (
        name.startswith("/")
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or not parts
    ):
        raise ModelError(f"{archive} has an unsafe member path {name!r}; nothing was extracted")
    file_type = stat.S_IFMT(member.external_attr >> 16)
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ModelError(
            f"{archive} member {name!r} is a link or special file; nothing was extracted"
        )
    return parts


def extract(archive: Path, target: Path) -> None:
    root = target.resolve()
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            if member.is_dir() or _is_resource_fork(member.filename):
                continue
            _member_parts(archive, member)
            destination = (root / member.filename).resolve()
            if not destination.is_relative_to(root):
                raise ModelError(f"{archive} member {member.filename!r} escapes the folder")
            destination.parent.mkdir(parents=True, exist_ok=True)
            with zipped.open(member) as source, destination.open("xb") as copy:
                shutil.copyfileobj(source, copy, CHUNK_BYTES)


def reason(exc: BaseException) -> str:
    """The short reason an archive, folder or download step failed, for a one-line error."""
    cause = getattr(exc, "reason", None)
    if cause is not None and not hasattr(exc, "code"):
        return str(cause)  # a URLError: the socket error behind it says more
    if isinstance(exc, ModelError):
        return exc.message
    return str(exc) or type(exc).__name__
