"""What a package says about itself: its metadata.json checked and read into records, the
members every package must hold, and the names argospm gives its files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import ModelError

REQUIRED_FILES = ("metadata.json", "model/model.bin", "sentencepiece.model")
MAX_METADATA_BYTES = 64 * 1024  # Argos metadata is a few hundred bytes
_TEXT_FIELDS = ("code", "from_name", "to_name", "package_version", "argos_version", "target_prefix")


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """A package unpacked under the models folder."""

    code: str  # e.g. "translate-sv_en"
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    package_version: str
    argos_version: str
    target_prefix: str
    path: Path
    size_bytes: int

    @property
    def model_id(self) -> str:
        """Code and version as argospm names files, e.g. "translate-sv_en-1_9"."""
        return model_id_of(self.code, self.package_version)


@dataclass(frozen=True, slots=True)
class AvailablePackage:
    """A package listed in the Argos index."""

    code: str
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    package_version: str
    argos_version: str
    links: tuple[str, ...]
    size_bytes: int | None = None  # the index does not say; known once a download starts

    @property
    def model_id(self) -> str:
        """Code and version as argospm names files, e.g. "translate-sv_en-1_9"."""
        return model_id_of(self.code, self.package_version)


def model_id_of(code: str, version: str) -> str:
    return f"{code}-{version.replace('.', '_')}" if version else code


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "package"


def same_pair(package: InstalledPackage, fields: dict[str, str]) -> bool:
    return (package.from_code, package.to_code) == (fields["from_code"], fields["to_code"])


def package_fields(metadata: Any, where: str) -> dict[str, str]:
    if not isinstance(metadata, dict):
        raise ModelError(f"{where} is not a JSON object")
    codes = {key: metadata.get(key) for key in ("from_code", "to_code")}
    if not all(isinstance(code, str) and code for code in codes.values()):
        raise ModelError(f"{where} lacks from_code/to_code")
    kind = metadata.get("type") or "translate"
    if kind != "translate":
        raise ModelError(f"{where} describes a {kind!r} package, not a translation package")
    for key in _TEXT_FIELDS:
        value = metadata.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            raise ModelError(f"{where}: {key} must be text, not a {type(value).__name__}")
    from_code, to_code = str(codes["from_code"]), str(codes["to_code"])
    return {
        "code": str(metadata.get("code") or f"translate-{from_code}_{to_code}"),
        "from_code": from_code,
        "to_code": to_code,
        "from_name": str(metadata.get("from_name") or from_code),
        "to_name": str(metadata.get("to_name") or to_code),
        "package_version": str(metadata.get("package_version") or ""),
        "argos_version": str(metadata.get("argos_version") or ""),
        "target_prefix": str(metadata.get("target_prefix") or ""),
    }


def parse_metadata(raw: bytes, where: str) -> Any:
    if len(raw) > MAX_METADATA_BYTES:
        raise ModelError(f"{where} is over {MAX_METADATA_BYTES // 1024} KB; metadata is a few KB")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ModelError(f"{where} is nested too deeply to be package metadata") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{where} cannot be read: {exc}") from exc


def check_members(names: set[str], where: str, top: str = "") -> None:
    prefix = f"{top}/" if top else ""
    if f"{prefix}bpe.model" in names and f"{prefix}sentencepiece.model" not in names:
        raise ModelError(
            f"{where} uses a BPE tokenizer (bpe.model, as OPUS-MT conversions do); the workbench "
            "runs only packages with a sentencepiece tokenizer (sentencepiece.model)"
        )
    missing = [f"{prefix}{name}" for name in REQUIRED_FILES if f"{prefix}{name}" not in names]
    if missing:
        raise ModelError(f"{where} is not a translation package: missing {', '.join(missing)}")


def available(entry: Any) -> AvailablePackage | None:
    try:
        fields = package_fields(entry, "index entry")
    except ModelError:
        return None
    del fields["target_prefix"]
    links = entry.get("links") or []
    size = entry.get("size")
    return AvailablePackage(
        **fields,
        links=tuple(str(link) for link in links if isinstance(link, str)),
        size_bytes=size if isinstance(size, int) else None,
    )


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))
