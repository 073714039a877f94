"""A working package survives hostile archives and interrupted swaps, and keeps translating."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from workbench.errors import ModelError
from workbench.translate import packages
from workbench.translate.engine import Engine
from workbench.translate.fixture import MARKER

TOP = "translate-sv_en-1_0"


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def _write_zip(path: Path, members: dict[str, bytes], *, compress: bool = False) -> Path:
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def _with_metadata(good: dict[str, bytes], **changes: object) -> dict[str, bytes]:
    metadata = json.loads(good[f"{TOP}/metadata.json"])
    metadata.update(changes)
    return {**good, f"{TOP}/metadata.json": json.dumps(metadata).encode()}


def _still_translates(models_dir: Path) -> None:
    package = packages.find_installed(models_dir, "sv", "en")
    assert [r.text for r in Engine.load(package).translate(["Hej."])] == [MARKER + "Hej."]


@pytest.fixture
def working(fixture_packages: dict[str, Path], tmp_path: Path) -> Path:
    """A models folder with the marker sv→en package installed."""
    models_dir = tmp_path / "models"
    packages.install_from_file(fixture_packages["marker"], models_dir)
    return models_dir


def test_another_pair_with_the_same_code_does_not_replace_sv_en(
    fixture_packages: dict[str, Path], working: Path, tmp_path: Path
) -> None:
    good = _members(fixture_packages["copy"])
    german = _write_zip(tmp_path / "de.argosmodel", _with_metadata(good, from_code="de"))
    installed = packages.install_from_file(german, working)
    assert (installed.from_code, installed.to_code) == ("de", "en")
    pairs = [(p.from_code, p.to_code) for p in packages.list_installed(working)]
    assert pairs == [("de", "en"), ("sv", "en")]
    _still_translates(working)


def _bad_archives(good: dict[str, bytes], folder: Path) -> dict[str, Path]:
    bpe = {k.replace("sentencepiece.model", "bpe.model"): v for k, v in good.items()}
    return {
        "garbage model.bin": _write_zip(
            folder / "garbage.zip", {**good, f"{TOP}/model/model.bin": b"\x00garbage" * 64}
        ),
        "bpe tokenizer": _write_zip(folder / "bpe.zip", bpe),
        "huge metadata": _write_zip(
            folder / "bigmeta.zip",
            {
                **good,
                f"{TOP}/metadata.json": b'{"from_code": "sv", "pad": "' + b"x" * 2**20 + b'"}',
            },
            compress=True,
        ),
        "zip bomb": _write_zip(
            folder / "bomb.zip", {**good, f"{TOP}/zeros.bin": bytes(200 * 2**20)}, compress=True
        ),
        "deep metadata": _write_zip(
            folder / "deep.zip",
            {**good, f"{TOP}/metadata.json": b"[" * 30_000 + b"]" * 30_000},
            compress=True,
        ),
        "dict version": _write_zip(
            folder / "dict.zip", _with_metadata(good, package_version={"a": [1]})
        ),
    }


BAD = [
    ("garbage model.bin", "CTranslate2 .* cannot load"),
    ("bpe tokenizer", "BPE tokenizer"),
    ("huge metadata", "metadata is a few KB"),
    ("zip bomb", "does not compress like that"),
    ("deep metadata", "nested too deeply"),
    ("dict version", "package_version must be text, not a dict"),
]


@pytest.mark.parametrize(("case", "message"), BAD, ids=[case for case, _ in BAD])
def test_a_bad_archive_leaves_the_working_package_translating(
    fixture_packages: dict[str, Path], working: Path, tmp_path: Path, case: str, message: str
) -> None:
    bad = _bad_archives(_members(fixture_packages["copy"]), tmp_path)[case]
    with pytest.raises(ModelError, match=message):
        packages.install_from_file(bad, working)
    _still_translates(working)
    assert sorted(p.name for p in working.iterdir() if p.name != ".lock") == [TOP]


def test_a_swap_cut_short_before_the_new_package_moved_in_is_rolled_back(
    working: Path,
) -> None:
    # What a kill between "park the old package" and "move the new one in" leaves behind.
    trash = working / ".replace-killed"
    trash.mkdir()
    (trash / "plan.json").write_text(json.dumps({"final": TOP, "parked": [["0", TOP]]}))
    (working / TOP).rename(trash / "0")
    staging = working / ".install-killed"
    (staging / "half").mkdir(parents=True)
    _still_translates(working)
    assert sorted(p.name for p in working.iterdir() if p.name != ".lock") == [TOP]


def test_a_swap_cut_short_after_the_new_package_moved_in_is_completed(
    fixture_packages: dict[str, Path], working: Path
) -> None:
    trash = working / ".replace-killed"
    trash.mkdir()
    (trash / "plan.json").write_text(json.dumps({"final": TOP, "parked": [["0", TOP]]}))
    (trash / "0").mkdir()  # the old package, parked; the new one is already in place
    (trash / "0" / "metadata.json").write_text("{}")
    _still_translates(working)
    assert sorted(p.name for p in working.iterdir() if p.name != ".lock") == [TOP]
