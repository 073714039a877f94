"""The packages under a models folder: listing, finding one for a pair, checked install from a
file, and removal."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from workbench.errors import ModelError
from workbench.files import durable_step
from workbench.translate.packages.archive import extract, inspect_archive, reason
from workbench.translate.packages.folder import TEMP_PREFIX, exclusive, make_dir, recover, replace
from workbench.translate.packages.metadata import (
    MAX_METADATA_BYTES,
    InstalledPackage,
    check_members,
    model_id_of,
    package_fields,
    parse_metadata,
    safe_name,
    same_pair,
)


def read_package(path: Path) -> InstalledPackage:
    """Read and check one unpacked package folder; `ModelError` if it is not a usable package."""
    names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}
    check_members(names, str(path))
    where = str(path / "metadata.json")
    try:
        with (path / "metadata.json").open("rb") as handle:
            metadata = parse_metadata(handle.read(MAX_METADATA_BYTES + 1), where)
    except OSError as exc:
        raise ModelError(f"{where} cannot be read: {exc}") from exc
    fields = package_fields(metadata, where)
    size = sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return InstalledPackage(**fields, path=path, size_bytes=size)


def list_installed(models_dir: Path) -> list[InstalledPackage]:
    """Every valid package under `models_dir`, by language pair; broken folders are skipped."""
    if not models_dir.is_dir():
        return []
    recover(models_dir)
    packages = []
    for child in sorted(models_dir.iterdir()):
        if child.name.startswith(TEMP_PREFIX) or not child.is_dir():
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
    inspect_archive(archive)  # refuse a bad archive before the models folder is made
    make_dir(models_dir)
    with exclusive(models_dir):
        return install_locked(archive, models_dir)


def install_locked(archive: Path, models_dir: Path) -> InstalledPackage:
    top, metadata, unpacked_bytes = inspect_archive(archive)
    fields = package_fields(metadata, f"{archive}: metadata.json")
    free = shutil.disk_usage(models_dir).free
    if unpacked_bytes > free:
        raise ModelError(f"{archive} unpacks to {unpacked_bytes} bytes; {models_dir} has {free}")
    final = models_dir / safe_name(
        model_id_of(
            f"translate-{fields['from_code']}_{fields['to_code']}", fields["package_version"]
        )
    )
    if final.exists() and not _is_pair_folder(final, fields):
        raise ModelError(f"cannot install into {final}: it holds another package or files")
    staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}install-", dir=models_dir))
    try:
        try:
            extract(archive, staging)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ModelError(f"cannot extract {archive}: {reason(exc)}") from exc
        package = read_package(staging / top)
        _check_loads(package.path)
        replace(
            [p.path for p in list_installed(models_dir) if same_pair(p, fields)],
            package.path,
            final,
            models_dir,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_package(final)


def _is_pair_folder(folder: Path, fields: dict[str, str]) -> bool:
    try:
        return same_pair(read_package(folder), fields)
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
        raise ModelError(f"{tokenizer} is not a sentencepiece model: {reason(exc)}") from exc
    try:
        ctranslate2.Translator(str(path / "model"), device="cpu", intra_threads=1)
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelError(
            f"CTranslate2 {ctranslate2.__version__} cannot load {path / 'model'}: {reason(exc)}",
            hint="the installed package, if any, was left in place",
        ) from exc


def remove_installed(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    """Delete the package for one language pair and return what was removed."""
    with exclusive(models_dir):
        return _remove_locked(models_dir, from_code, to_code)


def _remove_locked(models_dir: Path, from_code: str, to_code: str) -> InstalledPackage:
    package = find_installed(models_dir, from_code, to_code)
    trash = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}remove-", dir=models_dir))
    try:
        # Renamed away first so a half-finished delete never leaves a broken package listed.
        durable_step()
        package.path.rename(trash / package.path.name)
    except OSError as exc:
        shutil.rmtree(trash, ignore_errors=True)
        raise ModelError(f"cannot remove {package.path}: {exc}") from exc
    shutil.rmtree(trash, ignore_errors=True)
    return package
