"""The command table `--help` lists, and loads commands from, is the commands themselves."""

from __future__ import annotations

import importlib
import inspect

import typer
from typer.main import get_group

from tests.support import ROOT
from workbench.cli.commands import COMMANDS


def _registered() -> dict[str, tuple[str, str]]:
    """name → (module, first paragraph of its help) from every command module's `register`."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((ROOT / "workbench" / "cli").glob("*.py")):
        module = importlib.import_module(f"workbench.cli.{path.stem}")
        if not hasattr(module, "register"):
            continue
        commands = typer.Typer()
        module.register(commands)
        for name, command in get_group(commands).commands.items():
            summary = inspect.cleandoc(command.help or "").split("\n\n")[0]
            found[name] = (path.stem, " ".join(summary.split()))
    return found


def test_the_table_names_every_command_its_module_and_whole_summary() -> None:
    assert COMMANDS == _registered()


def test_top_level_help_lists_every_command_with_its_whole_summary(invoke) -> None:  # type: ignore[no-untyped-def]
    # Compared without whitespace: the help wraps long summaries, some at a hyphen.
    listed = "".join(invoke("--help").stdout.split("Commands:", 1)[1].split())
    for name, (_, summary) in COMMANDS.items():
        assert name + "".join(summary.split()) in listed
