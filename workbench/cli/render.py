"""The `render` command: the translated article (or a bilingual review sheet) from the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.options import StoreOption, open_store
from workbench.cli.output import info
from workbench.errors import InputError


def render(
    documents: Annotated[list[int], typer.Argument(help="Document ids (see `documents`).")],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=(
                "txt, md, html or bilingual; docx, odt or srt for a document ingested from "
                "one [default: the source file's own format]"
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write; a folder for several documents, each written there as "
            "<stem>.en<ext> (<stem>.en.bilingual.html for the sheet) [default: stdout for one]",
            show_default=False,
        ),
    ] = None,
    approved_only: Annotated[
        bool,
        typer.Option("--approved-only", help="Refuse unless every segment is approved."),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Write the translated article, rebuilt from the current targets (atomic write).

    Example: workbench render 1 --format html -o article.en.html
    """
    from workbench.export.render import check_format, load_article, render_to_path
    from workbench.export.render import render as render_article

    if format_name is not None:
        check_format(format_name)
    with open_store(store, create=False) as opened:
        if output is None:
            if len(documents) > 1:
                raise InputError("several documents need -o FOLDER")
            article = load_article(opened, documents[0], approved_only=approved_only)
            render_article(article, format_name or article.source_format, sys.stdout.buffer)
            sys.stdout.flush()
            return
        written = render_to_path(
            opened, documents, format_name, output, approved_only=approved_only
        )
    for item in written:
        info(f"wrote document {item.document_id} as {item.format} to {item.path}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(render)
