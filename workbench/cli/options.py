"""Options shared by many commands, as `Annotated` aliases (flag, then env, then default)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer

from workbench import paths
from workbench.store import Store, open_existing
from workbench.translate.device import DEVICE_ENV, Device


def _folder_option(flag: str, env: str, what: str) -> Any:
    # `show_default=False`: the default is a path worked out at run time, named in the help.
    return typer.Option(flag, envvar=env, help=what, show_default=False)


StoreOption = Annotated[
    Path | None,
    _folder_option("--store", paths.STORE_ENV, "SQLite store file [default: store/workbench.db]"),
]
ModelsOption = Annotated[
    Path | None,
    _folder_option(
        "--models", paths.MODELS_ENV, "Folder of installed Argos packages [default: models/]"
    ),
]
OutOption = Annotated[
    Path | None,
    _folder_option(
        "--out",
        paths.OUT_ENV,
        "Folder for the English articles, DIR/<stem>.en<ext> [default: out/]",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout for scripts.")]
CsvOption = Annotated[
    bool,
    typer.Option(
        "--csv",
        help="Print CSV on stdout for spreadsheets; a cell a spreadsheet would run as a "
        "formula starts with an apostrophe.",
    ),
]
ReviewerOption = Annotated[
    str | None,
    typer.Option("--reviewer", help="Name recorded with every change [default: login name]"),
]
SourceLangOption = Annotated[
    str | None, typer.Option("--source-lang", help="Source language code (overrides detection).")
]
PairSourceLangOption = Annotated[
    str, typer.Option("--source-lang", help="Source language code of the entries.")
]
TargetLangOption = Annotated[str, typer.Option("--target-lang", help="Target language code.")]
DeviceOption = Annotated[
    Device,
    typer.Option(
        "--device",
        envvar=DEVICE_ENV,
        help="Where the model runs: a CUDA GPU when there is one (auto), cpu or cuda.",
    ),
]


def reviewer_name(explicit: str | None) -> str:
    """The reviewer to record: the option, else the login name."""
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def open_store(explicit: Path | None, *, create: bool = True) -> Store:
    """Open the store the user chose (flag, env, project default).

    Read-only commands pass `create=False`; the others say so when they create the store.
    """
    path = paths.store_path(explicit)
    if not create:
        return open_existing(path)
    is_new = not path.exists()
    opened = Store.open(path)
    if is_new:
        typer.echo(f"created a new store at {path}", err=True)
    return opened
