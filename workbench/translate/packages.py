"""Argos `.argosmodel` packages: the index, download, checked install, listing and removal.

Argos's archive layout, metadata.json and index JSON, but only in the caller's models folder
(never $HOME); archives are checked before extraction and replace a package only once valid.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from workbench import __version__
from workbench.errors import ModelError
from workbench.files import durable_step, fsync_directory

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
INDEX_URL_ENV = "WORKBENCH_PACKAGE_INDEX"
REQUIRED_FILES = ("metadata.json", "model/model.bin", "sentencepiece.model")
_USER_AGENT = f"workbench/{__version__}"
_DOWNLOAD_SCHEMES = ("http", "https", "file")
_CHUNK_BYTES = 1 << 16
_TEMP_PREFIX = "."  # unfinished installs and downloads are hidden folders the listing skips
_WORK_FOLDER = re.compile(r"\.(install|replace|remove|download)-.+")
_LOCK = ".lock"
_PLAN = "plan.json"  # inside a .replace-* folder: what an interrupted swap was doing
_MAX_METADATA_BYTES = 64 * 1024  # Argos metadata is a few hundred bytes
_MAX_UNPACK_RATIO = 20  # model weights barely compress; zeros compress 1000:1
_MAX_UNPACKED_BYTES = 16 << 30
_TEXT_FIELDS = ("code", "from_name", "to_name", "package_version", "argos_version", "target_prefix")

ProgressCallback = Callable[[int, int | None], None]


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
        return _model_id(self.code, self.package_version)


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
        return _model_id(self.code, self.package_version)


def read_package(path: Path) -> InstalledPackage:
    """Read and check one unpacked package folder; `ModelError` if it is not a usable package."""
    names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}
    _check_members(names, str(path))
    where = str(path / "metadata.json")
    try:
        with (path / "metadata.json").open("rb") as handle:
            metadata = _parse_metadata(handle.read(_MAX_METADATA_BYTES + 1), where)
    except OSError as exc:
        raise ModelError(f"{where} cannot be read: {exc}") from exc
    fields = _package_fields(metadata, where)
    size = sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return InstalledPackage(**fields, path=path, size_bytes=size)


def list_installed(models_dir: Path) -> list[InstalledPackage]:
    """Every valid package under `models_dir`, by language pair; broken folders are skipped."""
    if not models_dir.is_dir():
        return []
    recover(models_dir)
    packages = []
    for child in sorted(models_dir.iterdir()):
        if child.name.startswith(_TEMP_PREFIX) or not child.is_dir():
            continue
        try:
            packages.append(read_package(child))
        except ModelError:
            continue
    return sorted(packages, key=lambda p: (p.from_code, p.to_code, p.path.name))


def find_installed(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    """The installed package for one language pair; `ModelError` saying how to get it if none."""
    installed = list_installed(models_dir)
    for package in installed:
        if (package.from_code, package.to_code) == (from_code, to_code):
            return package
    hint = (
        f"install it with `workbench models install {from_code} {to_code}` when online, "
        f"or sideload a file with `workbench models install PATH.argosmodel`"
    )
    pivots = sorted(
        {a.to_code for a in installed if a.from_code == from_code}
        & {b.from_code for b in installed if b.to_code == to_code}
    )
    if pivots:
        via = pivots[0]
        raise ModelError(
            f"no {from_code}→{to_code} package in {models_dir}; {from_code}→{via} and "
            f"{via}→{to_code} are installed, but translating through another language "
            "is not supported",
            hint=hint,
        )
    raise ModelError(f"no {from_code}→{to_code} translation package in {models_dir}", hint=hint)


def install_from_file(archive: Path, models_dir: Path) -> InstalledPackage:
    """Check, extract, load and install an `.argosmodel`, replacing the same pair's package.

    The package already installed for the pair is touched only once the new one has loaded
    in CTranslate2 and sentencepiece; a swap cut short by a crash is finished or undone by
    `recover`, which every later listing, install or translation runs first.
    """
    _inspect_archive(archive)  # refuse a bad archive before the models folder is made
    _make_dir(models_dir)
    with _exclusive(models_dir):
        return _install_locked(archive, models_dir)


@contextlib.contextmanager
def _exclusive(models_dir: Path) -> Iterator[None]:
    """Hold the models lock, after cleaning up what killed installs left."""
    with _models_lock(models_dir, wait=True) as held:
        if held:
            _recover_locked(models_dir)
        yield


def _install_locked(archive: Path, models_dir: Path) -> InstalledPackage:
    top, metadata, unpacked_bytes = _inspect_archive(archive)
    fields = _package_fields(metadata, f"{archive}: metadata.json")
    free = shutil.disk_usage(models_dir).free
    if unpacked_bytes > free:
        raise ModelError(f"{archive} unpacks to {unpacked_bytes} bytes; {models_dir} has {free}")
    final = models_dir / _safe_name(
        _model_id(f"translate-{fields['from_code']}_{fields['to_code']}", fields["package_version"])
    )
    if final.exists() and not _is_pair_folder(final, fields):
        raise ModelError(f"cannot install into {final}: it holds another package or files")
    staging = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}install-", dir=models_dir))
    try:
        try:
            _extract(archive, staging)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ModelError(f"cannot extract {archive}: {_reason(exc)}") from exc
        package = read_package(staging / top)
        _check_loads(package.path)
        _replace(
            [p.path for p in list_installed(models_dir) if _same_pair(p, fields)],
            package.path,
            final,
            models_dir,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_package(final)


def recover(models_dir: Path) -> None:
    """Finish or undo swaps and remove work folders left by killed installs and removals.

    Runs only when no other process holds the models lock, so every work folder found is a
    dead process's.
    """
    if not models_dir.is_dir():
        return
    with _models_lock(models_dir, wait=False) as held:
        if held:
            _recover_locked(models_dir)


def _recover_locked(models_dir: Path) -> None:
    for work in sorted(models_dir.iterdir()):
        match = _WORK_FOLDER.fullmatch(work.name)
        if match is None or not work.is_dir() or work.is_symlink():
            continue
        try:
            if match[1] == "replace":
                _settle_swap(work, models_dir)
            shutil.rmtree(work)
        except OSError:
            continue  # left for the next run; listing skips hidden folders anyway


@contextlib.contextmanager
def _models_lock(models_dir: Path, *, wait: bool) -> Iterator[bool]:
    """An advisory lock on the models folder, held by installs and removals; yields if held.

    The kernel drops it when its holder dies, so a killed install never leaves it taken.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no recovery, installs unserialised
        yield False
        return
    try:
        handle = (models_dir / _LOCK).open("a")
    except OSError:
        yield False  # a read-only models folder: nothing to recover from here
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            yield False
            return
        yield True


def _settle_swap(trash: Path, models_dir: Path) -> None:
    # The new package in place means the swap got past its last rename: the parked ones go.
    # Otherwise the parked packages move back, as if the install had never started.
    try:
        plan = json.loads((trash / _PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # killed before anything was parked
    if (models_dir / plan["final"]).exists():
        return
    for parked, original in plan["parked"]:
        if (trash / parked).exists() and not (models_dir / original).exists():
            durable_step()
            (trash / parked).rename(models_dir / original)
    fsync_directory(models_dir)


def _is_pair_folder(folder: Path, fields: dict[str, str]) -> bool:
    try:
        return _same_pair(read_package(folder), fields)
    except ModelError:
        return False


def _check_loads(path: Path) -> None:
    """Load the model and tokenizer as translation will, before anything is replaced."""
    import ctranslate2
    import sentencepiece as spm

    tokenizer = path / "sentencepiece.model"
    try:
        spm.SentencePieceProcessor(model_file=str(tokenizer))
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{tokenizer} is not a sentencepiece model: {_reason(exc)}") from exc
    try:
        ctranslate2.Translator(str(path / "model"), device="cpu", intra_threads=1)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelError(
            f"CTranslate2 {ctranslate2.__version__} cannot load {path / 'model'}: {_reason(exc)}",
            hint="the installed package, if any, was left in place",
        ) from exc


def remove_installed(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    """Delete the package for one language pair and return what was removed."""
    with _exclusive(models_dir):
        return _remove_locked(models_dir, from_code, to_code)


def _remove_locked(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    package = find_installed(models_dir, from_code, to_code)
    trash = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}remove-", dir=models_dir))
    try:
        # Renamed away first so a half-finished delete never leaves a broken package listed.
        durable_step()
        package.path.rename(trash / package.path.name)
    except OSError as exc:
        shutil.rmtree(trash, ignore_errors=True)
        raise ModelError(f"cannot remove {package.path}: {exc}") from exc
    shutil.rmtree(trash, ignore_errors=True)
    return package


def index_url(url: str | None = None) -> str:
    """The index to use: `url`, else $WORKBENCH_PACKAGE_INDEX, else Argos's public index."""
    return url or os.environ.get(INDEX_URL_ENV) or DEFAULT_INDEX_URL


def fetch_index(url: str | None = None, timeout: float = 10) -> list[AvailablePackage]:
    """Download and parse the package index (one attempt; `ModelError` when unreachable)."""
    source = index_url(url)
    try:
        with _open_url(source, timeout) as response:
            entries = json.loads(response.read())
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ModelError(
            f"cannot read the package index {source}: {_reason(exc)}",
            hint="check the network, or install a file: workbench models install PATH.argosmodel",
        ) from exc
    if not isinstance(entries, list):
        raise ModelError(f"the package index {source} is not a JSON list of packages")
    return sorted(
        (package for entry in entries if (package := _available(entry)) is not None),
        key=lambda p: (p.from_code, p.to_code, _version_key(p.package_version)),
    )


def download_package(
    package: AvailablePackage,
    dest_dir: Path,
    on_progress: ProgressCallback | None = None,
    *,
    timeout: float = 60,
) -> Path:
    """Download `package` into `dest_dir`, check it is a package archive, return its path."""
    links = [link for link in package.links if link.split(":", 1)[0] in _DOWNLOAD_SCHEMES]
    if not links:
        raise ModelError(f"the index lists no downloadable link for {package.model_id}")
    _make_dir(dest_dir)
    final = dest_dir / f"{_safe_name(package.model_id)}.argosmodel"
    failures = []
    for link in links:
        handle, partial_name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}download-", dir=dest_dir)
        partial = Path(partial_name)
        try:
            with os.fdopen(handle, "wb") as partial_file:
                _stream(link, partial_file, on_progress, timeout)
            _inspect_archive(partial)
            partial.replace(final)
            return final
        except (OSError, ValueError, http.client.HTTPException, ModelError) as exc:
            failures.append(f"{link}: {_reason(exc)}")
        finally:
            partial.unlink(missing_ok=True)
    raise ModelError(f"cannot download {package.model_id}: {'; '.join(failures)}")


def install_from_index(
    from_code: str,
    to_code: str,
    models_dir: Path,
    *,
    url: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> InstalledPackage:
    """Find the newest package for a pair in the index, download it and install it."""
    candidates = [p for p in fetch_index(url) if (p.from_code, p.to_code) == (from_code, to_code)]
    if not candidates:
        raise ModelError(
            f"the package index {index_url(url)} has no {from_code}→{to_code} package",
            hint="sideload a file with `workbench models install PATH.argosmodel`; "
            "translating through another language is not supported",
        )
    newest = max(candidates, key=lambda p: _version_key(p.package_version))
    _make_dir(models_dir)
    with (
        _exclusive(models_dir),
        tempfile.TemporaryDirectory(prefix=f"{_TEMP_PREFIX}download-", dir=models_dir) as tmp,
    ):
        archive = download_package(newest, Path(tmp), on_progress)
        return _install_locked(archive, models_dir)


def _model_id(code: str, version: str) -> str:
    return f"{code}-{version.replace('.', '_')}" if version else code


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "package"


def _same_pair(package: InstalledPackage, fields: dict[str, str]) -> bool:
    return (package.from_code, package.to_code) == (fields["from_code"], fields["to_code"])


def _package_fields(metadata: Any, where: str) -> dict[str, str]:
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


def _parse_metadata(raw: bytes, where: str) -> Any:
    if len(raw) > _MAX_METADATA_BYTES:
        raise ModelError(f"{where} is over {_MAX_METADATA_BYTES // 1024} KB; metadata is a few KB")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ModelError(f"{where} is nested too deeply to be package metadata") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"{where} cannot be read: {exc}") from exc


def _check_members(names: set[str], where: str, top: str = "") -> None:
    prefix = f"{top}/" if top else ""
    if f"{prefix}bpe.model" in names and f"{prefix}sentencepiece.model" not in names:
        raise ModelError(
            f"{where} uses a BPE tokenizer (bpe.model, as OPUS-MT conversions do); the workbench "
            "runs only packages with a sentencepiece tokenizer (sentencepiece.model)"
        )
    missing = [f"{prefix}{name}" for name in REQUIRED_FILES if f"{prefix}{name}" not in names]
    if missing:
        raise ModelError(f"{where} is not a translation package: missing {', '.join(missing)}")


def _available(entry: Any) -> AvailablePackage | None:
    try:
        fields = _package_fields(entry, "index entry")
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


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _inspect_archive(archive: Path) -> tuple[str, Any, int]:
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
            _check_members({member.filename for member in members}, str(archive), top)
            unpacked = sum(member.file_size for member in members)
            limit = min(_MAX_UNPACKED_BYTES, _MAX_UNPACK_RATIO * archive.stat().st_size)
            if unpacked > limit:
                raise ModelError(
                    f"{archive} claims to unpack to {unpacked} bytes from "
                    f"{archive.stat().st_size}; a model package does not compress like that"
                )
            # Read no more than a metadata file can hold, whatever size the archive declares.
            with zipped.open(f"{top}/metadata.json") as handle:
                raw = handle.read(_MAX_METADATA_BYTES + 1)
            metadata = _parse_metadata(raw, f"{archive}: metadata.json")
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ModelError(f"{archive} cannot be read: {_reason(exc)}") from exc
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


def _extract(archive: Path, target: Path) -> None:
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
                shutil.copyfileobj(source, copy, _CHUNK_BYTES)


def _replace(old_paths: list[Path], new: Path, final: Path, models_dir: Path) -> None:
    """Move `new` to `final`; existing packages for the pair go only once that can happen.

    The plan is written before the first rename so `recover` can finish or undo a swap that a
    crash cut short.
    """
    trash = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}replace-", dir=models_dir))
    olds = list(dict.fromkeys(p for p in [*old_paths, final] if p.exists()))
    parked = [(str(index), old.name) for index, old in enumerate(olds)]
    moved: list[tuple[Path, Path]] = []
    try:
        _write_plan(trash, {"final": final.name, "parked": parked})
        for (name, _), old in zip(parked, olds, strict=True):
            durable_step()
            old.rename(trash / name)
            moved.append((trash / name, old))
        durable_step()
        new.rename(final)
        fsync_directory(models_dir)
    except OSError as exc:
        for parked_path, old in reversed(moved):
            parked_path.rename(old)
        shutil.rmtree(trash, ignore_errors=True)
        raise ModelError(f"cannot install into {final}: {exc}") from exc
    shutil.rmtree(trash, ignore_errors=True)


def _write_plan(trash: Path, plan: dict[str, Any]) -> None:
    with (trash / _PLAN).open("w", encoding="utf-8") as handle:
        json.dump(plan, handle)
        handle.flush()
        durable_step()
        os.fsync(handle.fileno())
    fsync_directory(trash)


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the folder {path}: {exc}") from exc


def _open_url(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    return urllib.request.urlopen(request, timeout=timeout)


def _stream(
    link: str, out: IO[bytes], on_progress: ProgressCallback | None, timeout: float
) -> None:
    with _open_url(link, timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        for chunk in _chunks(response):
            out.write(chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, total)
    if total is not None and done != total:
        raise ModelError(f"download stopped after {done} of {total} bytes")


def _chunks(response: Any) -> Iterator[bytes]:
    while chunk := response.read(_CHUNK_BYTES):
        yield chunk


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    if reason is not None and not hasattr(exc, "code"):
        return str(reason)  # a URLError: the socket error behind it says more
    if isinstance(exc, ModelError):
        return exc.message
    return str(exc) or type(exc).__name__
