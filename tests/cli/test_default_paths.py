"""Where the store, models and articles go by default: the checkout's folders when the package
runs from a checkout, the platform's user folders when it is installed; flags before the command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT
from workbench import paths

_ENV_NAMES = (paths.STORE_ENV, paths.MODELS_ENV, paths.OUT_ENV, "PYTHONPATH", "XDG_DATA_HOME")


def test_from_a_checkout_the_checkout_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")  # the working folder does not matter
    assert paths.store_path() == ROOT / "store" / "workbench.db"
    assert paths.models_dir() == ROOT / "models"
    assert paths.out_dir() == ROOT / "out"
    assert paths.default_location_note() is None


@pytest.fixture
def installed(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The package copied alone into a site-packages folder, as `pip install .` lays it out."""
    site = tmp_path / "site-packages"
    shutil.copytree(
        ROOT / "workbench", site / "workbench", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if k not in _ENV_NAMES}
    env |= {"PYTHONPATH": str(site), "HOME": str(tmp_path / "home")}
    return site, env


def _run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.slow
def test_an_installed_package_keeps_its_data_in_the_users_data_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    site, env = installed
    data = tmp_path / "home" / ".local" / "share" / "workbench"
    first = _run(env, tmp_path / "work", "glossary", "add", "katt", "cat")
    assert first.returncode == 0, first.stderr
    assert (data / "store" / "workbench.db").is_file()
    assert first.stderr.count(str(data)) >= 1
    assert str(data) in first.stderr.splitlines()[0]  # said once, first
    listed = _run(env, tmp_path / "elsewhere", "models", "list")
    assert listed.returncode == 0, listed.stderr
    assert f"no packages installed in {data / 'models'}" in listed.stderr
    assert "workbench: " not in listed.stderr.replace("no packages", "")  # no second note
    assert sorted(p.name for p in site.iterdir()) == ["workbench"]  # nothing written beside it
    assert not list((site / "workbench").rglob("*.db"))


@pytest.mark.slow
def test_the_environment_still_decides_for_an_installed_package(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    _, env = installed
    env[paths.STORE_ENV] = str(tmp_path / "chosen.db")
    added = _run(env, tmp_path / "work", "glossary", "add", "katt", "cat")
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "chosen.db").is_file()
    assert not (tmp_path / "home" / ".local" / "share" / "workbench" / "store").exists()


def test_store_models_and_out_work_before_the_command(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    chosen = tmp_path / "chosen.db"
    added = invoke("--store", chosen, "glossary", "add", "katt", "cat")
    assert added.exit_code == 0, added.stderr
    assert chosen.is_file()
    listed = invoke("--store", chosen, "glossary", "list", "--json")
    assert '"katt"' in listed.stdout
    # A flag after the command still wins over one before it.
    other = tmp_path / "other.db"
    assert (
        invoke("--store", chosen, "glossary", "add", "hund", "dog", "--store", other).exit_code == 0
    )
    assert '"hund"' not in invoke("--store", chosen, "glossary", "list", "--json").stdout
    models = invoke("--models", tmp_path / "m", "models", "list")
    assert f"no packages installed in {tmp_path / 'm'}" in models.stderr
