"""Store administration: online backup and consistency check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.options import JsonOption, StoreOption, open_store
from workbench.cli.output import info, print_json
from workbench.errors import StoreError

store_app = typer.Typer(help="Back up and check the store.", no_args_is_help=True)


@store_app.command("backup")
def backup(
    target: Annotated[Path, typer.Argument(help="New file to write the copy to.")],
    store: StoreOption = None,
) -> None:
    """Copy the store with SQLite's online backup API (safe while reviewers work).

    Example: workbench store backup store/before-export.db
    """
    with open_store(store, create=False) as opened:
        written = opened.backup(target)
    info(f"backed up to {written}")


@store_app.command("check")
def check(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Run PRAGMA integrity_check and the workbench's own consistency checks.

    Example: workbench store check --json
    """
    with open_store(store, create=False) as opened:
        problems = opened.check()
    if as_json:
        print_json({"ok": not problems, "problems": problems})
    elif not problems:
        info("store is consistent")
    if problems:
        if not as_json:
            for problem in problems:
                info(problem)
        raise StoreError(f"{len(problems)} problem(s) found in the store")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(store_app, name="store")
