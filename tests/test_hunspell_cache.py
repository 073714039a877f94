"""The compiled dictionary cache: same verdicts as spylls, rebuilt when stale or corrupt."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spylls.hunspell import Dictionary

from workbench.quality import hunspell

PACKAGED = Path(hunspell.__file__).parent / "dictionaries"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WORKBENCH_CACHE", str(folder))
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Both dictionaries cut down to the words starting with "col": quick to parse."""
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    for name in ("en_US", "en_GB"):
        shutil.copy(PACKAGED / f"{name}.aff", folder)
        lines = (PACKAGED / f"{name}.dic").read_text().splitlines()[1:]
        kept = [line for line in lines if line.startswith("col")]
        (folder / f"{name}.dic").write_text("\n".join([str(len(kept)), *kept, ""]))
    return folder


def _never_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the .dic file was compiled, not loaded from the cache")

    monkeypatch.setattr(hunspell, "_compile", refuse)


def _sample_words(name: str, count: int) -> list[str]:
    stems = [
        line.split("/")[0]
        for line in (PACKAGED / f"{name}.dic").read_text().splitlines()[1:]
        if len(line.split("/")[0]) > 1
    ]
    rng = random.Random(5)
    words = []
    for stem in rng.sample(stems, count):
        words += [stem, stem + "s", stem + "ing", stem + "'s", stem.upper(), stem.title()]
        words += ["un" + stem, stem[:-1] + stem[-1] * 2, stem + "-like"]
    return words


@pytest.mark.parametrize("name", ["en_US", "en_GB"])
def test_cached_lookups_agree_with_spylls_parsing_the_files(cache: Path, name: str) -> None:
    reference = Dictionary.from_files(str(PACKAGED / name))
    hunspell.load_lookup(PACKAGED, name)  # builds the cache
    cached = hunspell.load_lookup(PACKAGED, name)
    words = _sample_words(name, 300) + ["colour", "color", "COLOUR", "don't", "Don’t", "1st"]
    assert [cached(w) for w in words] == [reference.lookup(w) for w in words]


def test_a_second_load_reads_the_cache_instead_of_the_word_list(
    cache: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hunspell.load_lookup(small, "en_GB")
    assert [p.name.split("-")[:2] for p in cache.iterdir()] == [["hunspell", "en_GB"]]
    _never_parse(monkeypatch)
    lookup = hunspell.load_lookup(small, "en_GB")
    assert (lookup("colour"), lookup("color")) == (True, False)


def test_a_changed_dictionary_is_compiled_again(cache: Path, small: Path) -> None:
    assert not hunspell.load_lookup(small, "en_US")("Lunarex")
    with (small / "en_US.dic").open("a") as dic:
        dic.write("Lunarex/M\n")
    lookup = hunspell.load_lookup(small, "en_US")
    assert lookup("Lunarex") and lookup("Lunarex's")
    assert len(list(cache.glob("hunspell-en_US-*"))) == 1  # the stale file is gone


def test_a_temp_file_a_killed_build_left_is_removed_by_the_next_build(
    cache: Path, small: Path
) -> None:
    hunspell.load_lookup(small, "en_US")
    (built,) = cache.iterdir()
    abandoned = cache / f".{built.name}.x1y2.tmp"
    recent = cache / f".{built.name}.z3w4.tmp"
    for left in (abandoned, recent):
        left.write_bytes(b"half a cache")
    os.utime(abandoned, (1, 1))
    with (small / "en_US.dic").open("a") as dic:
        dic.write("Lunarex\n")  # the next load builds again
    hunspell.load_lookup(small, "en_US")
    assert not abandoned.exists()
    assert recent.exists()  # perhaps another process's build in progress


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "garbage"])
def test_a_corrupt_cache_is_rebuilt_not_trusted(
    cache: Path, small: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    hunspell.load_lookup(small, "en_US")
    (path,) = cache.iterdir()
    data = bytearray(path.read_bytes())
    if damage == "flip a byte":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        del data[len(data) // 3 :]
    else:
        data[:] = os.urandom(1000)
    path.write_bytes(bytes(data))
    lookup = hunspell.load_lookup(small, "en_US")
    assert (lookup("color"), lookup("colour"), lookup("collar")) == (True, False, True)
    _never_parse(monkeypatch)  # rebuilt: the next process loads it again
    assert hunspell.load_lookup(small, "en_US")("color")


def test_a_cache_folder_that_cannot_be_written_only_costs_speed(
    tmp_path: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("WORKBENCH_CACHE", str(blocker / "cache"))
    assert hunspell.load_lookup(small, "en_US")("color")


@pytest.mark.slow
def test_two_processes_building_the_cache_at_once_both_succeed(
    cache: Path, small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        "from workbench.quality.spelling import check_spelling;"
        "print([f.code for f in check_spelling('', 'Colour, color, collr.')])"
    )
    env = {**os.environ, "WORKBENCH_CACHE": str(cache), "WORKBENCH_HUNSPELL": str(small)}
    runs = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    assert [run.communicate(timeout=120)[0] for run in runs] == ["['spelling']\n"] * 2
    assert sorted(p.name.split("-")[1] for p in cache.iterdir()) == ["en_GB", "en_US"]
    _never_parse(monkeypatch)
    assert hunspell.load_lookup(small, "en_GB")("colour")
