"""The Typer front end: the app, `main()`, and the error boundary every command runs inside.

A `WorkbenchError` becomes one `workbench: error: …` line on stderr and exit code 2;
Ctrl-C exits 130 (finished batches stay committed); anything else is a bug and keeps its
traceback.

Start-up is kept cheap here, by one rule: `workbench --help`, every command's `--help` and
the listing commands load no heavy library (tests/test_import_hygiene.py lists them and checks
this). A heavy import waits only at an edge:
- the CLI: a command module imports at its top only what its options and help need (typer,
  the CLI helpers, the store, records, option enums); each command body imports the stage
  entry it calls; the helpers load rich to draw;
- engine load: `translate.engine`, `.device` and `.packages` import ctranslate2 and
  sentencepiece where they load or check a model or count GPUs;
- app start: the review app and `serve` load with their command; inside the app, what one
  screen or action needs loads when it runs: the statistics (plotext) and corrections
  (rapidfuzz) screens when opened, the segment screen when a document opens (or in a worker
  once the documents screen has drawn its rows), QA and spelling (lxml, langdetect, spylls)
  in the worker that checks a target (also `translate.repetitions` when it propagates one)
  or where a flagged word is first marked; the engine (and the glossary) in the editor's
  completion worker (`review.completion`) with its first request, the dictionary in the
  look-up dialog's worker;
- format plug-ins: export writers through the registry in `workbench.export`; the HTML, TMX
  and XLIFF readers from `ingest.textio` and `export.read`, which they build on;
- the memory index (numpy and rapidfuzz in `translate.memory`), effort measuring (sacrebleu in
  `measures`, which the store imports), and optional extras (Ray);
- benchmarks: `python -m workbench.bench NAME` imports that benchmark alone, and a benchmark
  that times its own imports keeps them where it times them.
Every other module imports what it needs at its top.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from workbench import __version__, paths
from workbench.cli.commands import LazyGroup
from workbench.cli.options import ModelsOption, OutOption, StoreOption
from workbench.errors import WorkbenchError
from workbench.ingest.controls import visible

# Typer vendors Click and exports only `BadParameter`; its base is the usage error every
# command-line parse failure raises (unknown option, missing argument, bad value).
_UsageError: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError"
)


# Typer hands these down to the commands it builds; the group builds each on first use.
_SETTINGS: dict[str, Any] = {
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
}


class WorkbenchGroup(LazyGroup):
    """A command group that turns user errors into one line and exit code 2."""

    settings = _SETTINGS

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        if not standalone:
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **kwargs)
        except _UsageError as exc:
            message = exc.format_message()  # type: ignore[attr-defined]
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(message)  # a bare group name asks for its help
            else:
                context = getattr(exc, "ctx", None)
                # Named as the user types it, whatever the program was invoked as.
                words = context.command_path.split()[1:] if context is not None else []
                where = " ".join(["workbench", *words])
                message = message.rstrip(".")
                typer.echo(f"workbench: error: {message} (see `{where} --help`)", err=True)
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        # Without standalone mode an `Exit` comes back as its code; commands return None.
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            typer.echo(f"workbench: error: {visible(str(exc))}", err=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            typer.echo("workbench: interrupted; finished batches are saved", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=WorkbenchGroup,
    no_args_is_help=True,
    help="Offline Swedish→English translation, alignment, review and export.",
    **_SETTINGS,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"workbench {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    store: StoreOption = None,
    models: ModelsOption = None,
    out: OutOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Offline Swedish→English translation, alignment, review and export."""
    # Given before the command, the folders reach it (and the processes it starts, such as
    # `serve`'s app per tab) as the environment it already reads; its own flags still win.
    for name, value in ((paths.STORE_ENV, store), (paths.MODELS_ENV, models), (paths.OUT_ENV, out)):
        if value is not None:
            os.environ[name] = str(value)
    note = paths.default_location_note()
    if note is not None:
        typer.echo(f"workbench: {note}", err=True)
        paths.data_dir().mkdir(parents=True, exist_ok=True)  # said once, on first use


def main() -> None:
    """Entry point of the `workbench` script and `python -m workbench`."""
    app(prog_name="workbench")
