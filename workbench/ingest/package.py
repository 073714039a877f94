"""ZIP packages (DOCX, ODT): open one safely, read its XML parts, write it back with new parts.

A package is refused with one line when it is no ZIP, is encrypted, lacks a part or would
unpack to more than the limits allow (a zip bomb declares small sizes and inflates to
gigabytes, so every read is capped, whatever the directory claims).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from lxml.etree import _Element

from workbench.errors import InputError

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
MAX_PARTS = 10_000
# Both an encrypted OOXML file and an old binary .doc are OLE compound files.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Package:
    """An opened package: its part names and capped reads of them."""

    def __init__(self, name: str, raw: bytes, kind: str) -> None:
        self.name = name
        self.kind = kind
        if raw.startswith(_OLE_MAGIC):
            raise InputError(
                f"{name} is password-protected (encrypted) or an old binary Word file, "
                f"not a .{kind} package",
                hint=f"open it, remove the password and save it as .{kind}",
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise InputError(f"{name} is not a .{kind} file (it is no ZIP package)") from exc
        if len(infos) > MAX_PARTS:
            raise InputError(f"{name} has {len(infos):,} parts, over the {MAX_PARTS:,} limit")
        if any(info.flag_bits & 0x1 for info in infos):
            raise InputError(
                f"{name} is password-protected (its parts are encrypted)",
                hint=f"open it, remove the password and save it as .{kind}",
            )
        declared = sum(info.file_size for info in infos)
        if declared > MAX_PACKAGE_BYTES:
            raise InputError(f"{name} would unpack to {declared / 2**20:,.0f} MB, over the limit")
        self.names = [info.filename for info in infos]
        self._read_total = 0

    def has(self, part: str) -> bool:
        """Whether the package holds `part`."""
        return part in self.names

    def read(self, part: str) -> bytes:
        """The bytes of `part`, refusing one that inflates past the limits."""
        if part not in self.names:
            raise InputError(f"{self.name} is not a valid .{self.kind} file: {part} is missing")
        try:
            with self.zip.open(part) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            raise InputError(f"{self.name}: {part} cannot be unpacked ({exc})") from exc
        self._read_total += len(data)
        if len(data) > MAX_PART_BYTES or self._read_total > MAX_PACKAGE_BYTES:
            raise InputError(f"{self.name}: {part} unpacks to more than the size limit")
        return data

    def xml(self, part: str) -> _Element:
        """`part` parsed as XML: no entities expanded, no network, no DTD loaded."""
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        try:
            return etree.fromstring(self.read(part), parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{self.name}: {part} is not well-formed XML ({exc})") from exc


def serialize(root: _Element) -> bytes:
    """An XML part as a package stores it: UTF-8 with a standalone declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def rewrite(raw: bytes, replaced: dict[str, bytes]) -> bytes:
    """The package `raw` with the parts in `replaced` swapped in; every other part, the order
    and each part's compression kept (ODF wants its `mimetype` first and stored)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            data = replaced.get(info.filename)
            target.writestr(info, data if data is not None else source.read(info.filename))
    return out.getvalue()
