"""The files a command was given: read and analysed once, with a warning for each file
skipped or read against its detected language, and the exit code that says files were skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from workbench.cli.output import info

if TYPE_CHECKING:
    from workbench.ingest.stage import PreparedDocument

# The command did its work, but left out inputs it named in warnings (see the README).
SKIPPED_EXIT_CODE = 3


def read_inputs(
    files: Sequence[str], source_lang: str | None, target_lang: str
) -> tuple[list[PreparedDocument], int]:
    """The analysed inputs and how many were skipped as already in the target language."""
    from workbench.pipeline import prepare_inputs

    skipped: list[str] = []
    prepared = prepare_inputs(
        files,
        source_lang=source_lang,
        target_lang=target_lang,
        stdin=sys.stdin.buffer,
        on_skip=skipped.append,
    )
    for reason in skipped:
        warn(f"{reason}; skipped (pass --source-lang to translate it anyway)")
    for document in prepared:
        for message in document.warnings:
            warn(message)
    return prepared, len(skipped)


def warn(message: str) -> None:
    """One `workbench: warning: …` line on stderr."""
    info(f"workbench: warning: {message}")


def exit_if_skipped(skipped: int) -> None:
    """End with `SKIPPED_EXIT_CODE` when inputs were skipped; return otherwise."""
    if skipped:
        raise typer.Exit(SKIPPED_EXIT_CODE)
