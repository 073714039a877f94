"""`workbench search` and `workbench lookup`: how a phrase was translated before, and where;
what the glossary, the concordance and a dictionary say about one word."""

from __future__ import annotations

from dataclasses import asdict
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.options import JsonOption, StoreOption, open_store
from workbench.cli.output import info, plural, print_json, print_json_list, table_rows
from workbench.errors import InputError
from workbench.store.search import ConcordanceHit, SearchSide


def search(
    text: Annotated[str, typer.Argument(help="Phrase to find; case is ignored in any script.")],
    side: Annotated[
        SearchSide,
        typer.Option("--in", help="Look in the source, the target or both.", case_sensitive=False),
    ] = SearchSide.BOTH,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Show at most this many hits [default: all]."),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored segments and memory entries containing TEXT, with translation and document.

    Hits are printed as they are found, so a common word lists the whole archive without
    holding it in memory.

    Example: workbench search "folkkommittén" --in source --limit 20
    """
    with open_store(store, create=False) as opened:
        # one hit past the limit tells whether there are more
        hits = opened.search.concordance(text, side, None if limit is None else limit + 1)
        shown = islice(hits, limit)
        if as_json:
            count = print_json_list(asdict(hit) for hit in shown)
        else:
            count = table_rows(["where", "status", "source", "target"], map(_row, shown))
        more = next(hits, None) is not None
    if more:
        info(f"first {plural(count, 'hit')} for {text!r}; there are more (raise --limit)")
    elif not as_json:
        info(f"{plural(count, 'hit')} for {text!r}")


def _row(hit: ConcordanceHit) -> tuple[str, str, str, str | None]:
    where = f"doc {hit.document_id} seg {hit.segment_id}" if hit.kind == "segment" else "memory"
    return where, hit.status, hit.source, hit.target


def lookup(
    word: Annotated[str, typer.Argument(help="Source word to look up.")],
    source_lang: Annotated[str, typer.Option("--from", help="Source language.")] = "sv",
    target_lang: Annotated[str, typer.Option("--to", help="Target language.")] = "en",
    dictionary_dir: Annotated[
        Path | None,
        typer.Option(
            "--dictionaries", help="Folder of FreeDict dictd files [default: /usr/share/dictd]."
        ),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a source word's glossary entries, concordance hits and FreeDict dictionary entries.

    The dictionary is read from the system where Debian's dict-freedict-swe-eng is installed.

    Example: workbench lookup hund
    """
    from workbench.lookup import DICTIONARY_DIR, lookup_lines
    from workbench.lookup import lookup as look_up

    if not word.strip():
        raise InputError("give a word to look up")
    with open_store(store, create=False) as opened:
        found = look_up(opened, word, source_lang, target_lang, dictionary_dir or DICTIONARY_DIR)
    if as_json:
        print_json(asdict(found))
        return
    for _, line in lookup_lines(found):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(search)
    app.command()(lookup)
