"""`workbench search`: the concordance — how a phrase was translated before, and where."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from workbench.cli.options import JsonOption, StoreOption, open_store
from workbench.cli.output import info, plural, print_json, table
from workbench.store.search import SearchSide


def search(
    text: Annotated[str, typer.Argument(help="Phrase to find; case is ignored in any script.")],
    side: Annotated[
        SearchSide,
        typer.Option("--in", help="Look in the source, the target or both.", case_sensitive=False),
    ] = SearchSide.BOTH,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored segments and memory entries containing TEXT, with translation and document.

    Example: workbench search "folkkommittén" --in source
    """
    with open_store(store, create=False) as opened:
        hits = list(opened.search.concordance(text, side))
    if as_json:
        print_json([asdict(hit) for hit in hits])
        return
    table(
        ["where", "status", "source", "target"],
        [
            (
                f"doc {hit.document_id} seg {hit.segment_id}"
                if hit.kind == "segment"
                else "memory",
                hit.status,
                hit.source,
                hit.target,
            )
            for hit in hits
        ],
    )
    info(f"{plural(len(hits), 'hit')} for {text!r}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(search)
