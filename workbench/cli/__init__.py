"""The Typer front end: the app, `main()`, and the error boundary every command runs inside.

A `WorkbenchError` becomes one `workbench: error: …` line on stderr and exit code 2;
Ctrl-C exits 130 (finished batches stay committed); anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from workbench.errors import WorkbenchError


class WorkbenchGroup(TyperGroup):
    """A command group that turns user errors into one line and exit code 2."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            typer.echo(f"workbench: error: {exc}", err=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            typer.echo("workbench: interrupted; finished batches are saved", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=WorkbenchGroup,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Offline Swedish→English translation, alignment, review and export.",
)


def _register() -> None:
    from workbench.cli import admin, corpus, documents, mt, review, serve, users

    for module in (documents, mt, review, corpus, admin, users, serve):
        module.register(app)


_register()


def main() -> None:
    """Entry point of the `workbench` script and `python -m workbench`."""
    app(prog_name="workbench")
