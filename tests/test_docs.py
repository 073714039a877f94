"""Every command has help with an example, and a line in the README."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from tests.support import ROOT
from workbench.cli import app


def _commands(group: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(name, help) of every command under the Click group, groups walked into."""
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command.help or ""))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"ingest", "run", "review", "export", "models install", "store check"} <= names


@pytest.mark.parametrize(("name", "doc"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_example_and_readme_line(name: str, doc: str) -> None:
    assert doc.strip(), f"{name} has no help"
    example = re.search(r"Example: (workbench .+)", doc)
    assert example, f"{name} help has no example"
    assert example.group(1).startswith(f"workbench {name}"), example.group(1)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"workbench {name}" in readme or f"`{name}" in readme, name


def test_help_runs_for_every_command(invoke) -> None:  # type: ignore[no-untyped-def]
    for name, _ in COMMANDS:
        result = invoke(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert "Example: workbench" in result.stdout


def test_the_readme_architecture_tree_is_the_package() -> None:
    """Every package and top-level module in `workbench/` is in the README's tree, and no more."""
    readme = (ROOT / "README.md").read_text()
    tree = readme.split("## Architecture", 1)[1].split("```", 2)[1]
    drawn = set(re.findall(r"[├└]── ([\w./, ]+?)(?:\s{2,}|$)", tree, re.M))
    named = {
        name.strip().rstrip("/")
        for entry in drawn
        for name in entry.split(",")
        if name.strip().rstrip("/") not in ("", "...")
    }
    package = ROOT / "workbench"
    actual = {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    actual |= {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert named == actual


def _summary(doc: str) -> str:
    """A help text's summary: its first paragraph up to the end of its first sentence."""
    words = doc.strip().split("\n\n", 1)[0].split()
    end = next((i for i, word in enumerate(words) if word.endswith(".")), len(words) - 1)
    return " ".join(words[: end + 1])


@pytest.mark.parametrize("group", sorted({name.rpartition(" ")[0] for name, _ in COMMANDS}))
def test_help_lists_every_command_with_its_whole_summary(invoke, group: str) -> None:  # type: ignore[no-untyped-def]
    listed = invoke(*group.split(), "--help").stdout.split("Commands:", 1)[1]
    assert "..." not in listed
    # Wrapping may break a line after a hyphen (`en-GB`): joined again here.
    flat = " ".join(re.sub(r"-\n\s+", "-", listed).split())
    for name, doc in COMMANDS:
        if name.rpartition(" ")[0] == group:
            assert _summary(doc) in flat, name
