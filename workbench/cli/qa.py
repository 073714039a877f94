"""The `qa` command: stored targets re-checked, or an external TSV checked without the store."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workbench import paths
from workbench.cli.options import JsonOption, StoreOption, open_store
from workbench.cli.output import print_json, table
from workbench.ingest.controls import visible

if TYPE_CHECKING:
    from workbench.quality.spelling import SpellingOptions
    from workbench.translate.glossary import GlossaryTerm


def qa(
    document: Annotated[int | None, typer.Argument(help="Document id; all when omitted.")] = None,
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="Check a TSV of Swedish<TAB>English instead.")
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            help="With --pairs: check terms from this CSV/TBX file instead of the store's.",
        ),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-check stored targets against the glossary as it is now and list their QA flags,
    or check an external TSV without changing the store.

    Example: workbench qa --pairs corpus.tsv --json
    """
    if pairs is not None:
        from workbench.quality.qa import check_pairs_file

        terms, spelling = _pairs_checks(glossary, store)
        reports = check_pairs_file(pairs, terms=terms, spelling=spelling)
        items: list[dict[str, Any]] = [
            {"line": r.line, "flags": [_flag_json(f) for f in r.flags]} for r in reports
        ]
        if as_json:
            print_json({"pairs": items})
        else:
            for item in items:
                for flag in item["flags"]:
                    typer.echo(
                        visible(
                            f"line {item['line']}: {flag['severity']} {flag['code']}: "
                            f"{flag['message']}"
                        )
                    )
        return
    with open_store(store, create=False) as opened:
        ids = (
            [opened.documents.get(document).id]
            if document is not None
            else [
                s.document.id for s in opened.documents.summaries() if s.document.role == "source"
            ]
        )
        from workbench.quality.checks import recheck_document

        for doc in ids:
            recheck_document(opened, doc)
        found = [(doc, seg, flag) for doc in ids for seg, flag in opened.flags.of_document(doc)]
    if as_json:
        print_json({"flags": [{"document": d, "segment": s, **_flag_json(f)} for d, s, f in found]})
        return
    table(
        ["doc", "segment", "severity", "code", "message"],
        [(d, s, f.severity, f.code, f.message) for d, s, f in found],
    )


def _pairs_checks(
    glossary: Path | None, store: Path | None
) -> tuple[list[GlossaryTerm], SpellingOptions | None]:
    """What `qa --pairs` checks with: the file's terms, else the store's sv→en glossary if any;
    the store's spelling variant and words (the defaults without a store)."""
    from workbench.quality.checks import glossary_for, spelling_options
    from workbench.quality.spelling import SpellingOptions, dictionaries_installed

    terms: list[GlossaryTerm] = []
    if glossary is not None:
        from workbench.translate.glossary_files import read_glossary_file

        terms = read_glossary_file(glossary, source_lang="sv", target_lang="en")
    if not paths.store_path(store).exists():
        return terms, SpellingOptions() if dictionaries_installed() else None
    with open_store(store, create=False) as opened:
        spelling = spelling_options(opened, "en")
        return (terms if glossary is not None else glossary_for(opened, "sv", "en")), spelling


def _flag_json(flag) -> dict:  # type: ignore[no-untyped-def]
    data = asdict(flag)
    data["severity"] = str(flag.severity)
    return data


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(qa)
