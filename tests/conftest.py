"""Shared fixtures: an isolated environment, real store files, the fixture MT packages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from workbench import files
from workbench.store import Store

# CI replays the same examples every run; locally hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# Python opening a file this process holds a SQLite connection to drops that connection's POSIX
# locks when the file closes (SQLite's "How To Corrupt", 2.2). Any test doing so fails.
_store_file_opens: list[str] = []


def _audit_store_opens(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not files._open_databases or not isinstance(args[0], str | bytes):
        return
    opened = os.path.realpath(os.fsdecode(args[0]))
    for held in list(files._open_databases):
        if opened in {str(companion) for companion in files.sqlite_companions(held)}:
            _store_file_opens.append(opened)


sys.addaudithook(_audit_store_opens)


@pytest.fixture(autouse=True)
def no_store_file_opens() -> Iterator[None]:
    """Fail a test in which Python opened a store file while a connection to it was open."""
    _store_file_opens.clear()
    yield
    assert not _store_file_opens, f"opened a live store file outside SQLite: {_store_file_opens}"


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No developer's store, models, home or caches decide a result."""
    monkeypatch.setenv("WORKBENCH_STORE", str(tmp_path / "store" / "workbench.db"))
    monkeypatch.setenv("WORKBENCH_MODELS", str(tmp_path / "models"))
    monkeypatch.setenv("WORKBENCH_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # One compiled-dictionary cache for the session: built once, not by every test.
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    # An unroutable index: tests never reach the internet by accident.
    monkeypatch.setenv("WORKBENCH_PACKAGE_INDEX", "http://127.0.0.1:9/index.json")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Where the CLI's default store lives in this test."""
    return tmp_path / "store" / "workbench.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A fresh real store file."""
    with Store.open(store_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def fixture_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture .argosmodel files, built once per session: variant → archive path."""
    from workbench.translate.fixture import build_fixture_package

    folder = tmp_path_factory.mktemp("packages")
    return {
        variant: build_fixture_package(folder / f"{variant}.argosmodel", variant=variant)
        for variant in ("copy", "marker", "subst")
    }


@pytest.fixture
def install_model(tmp_path: Path, fixture_packages: dict[str, Path]) -> Callable[[str], Path]:
    """Install a fixture variant into this test's models dir; returns the dir."""
    from workbench.translate.packages import install_from_file

    def install(variant: str = "marker") -> Path:
        models = tmp_path / "models"
        install_from_file(fixture_packages[variant], models)
        return models

    return install


@pytest.fixture
def invoke() -> Callable[..., object]:
    """Run the CLI in-process; stdout and stderr kept apart."""
    from workbench.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> object:  # noqa: A002 (CliRunner's name)
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
