"""Commands on the bilingual corpus and the translator's resources: export, tm, glossary."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.options import (
    CsvOption,
    JsonOption,
    PairSourceLangOption,
    StoreOption,
    TargetLangOption,
    open_store,
)
from workbench.cli.output import info, plural, print_csv, print_json, refuse_both, table
from workbench.errors import InputError

if TYPE_CHECKING:
    pass

tm_app = typer.Typer(help="The translation memory.", no_args_is_help=True)
glossary_app = typer.Typer(help="Terms that must be translated one way.", no_args_is_help=True)


def export(
    documents: Annotated[
        list[int] | None, typer.Argument(help="Document ids; all if none.")
    ] = None,
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="tmx, xliff, tsv, moses or jsonl.")
    ] = "tmx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write, - for stdout [default: corpus.tmx, corpus.tsv, … per format].",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="approved (default) or all translated segments.")
    ] = "approved",
    since: Annotated[
        str | None, typer.Option("--since", help="Only units changed on or after DATE (ISO).")
    ] = None,
    skip_flagged: Annotated[
        bool, typer.Option("--skip-flagged", help="Leave out units with an error QA flag.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Export approved bilingual units as TMX, XLIFF, TSV, Moses or JSONL (atomic write).

    Example: workbench export --format tmx -o approved.tmx
    """
    from workbench.export import get_exporter
    from workbench.export.stage import export_documents

    if output is None:
        output = Path("corpus" + get_exporter(format_name).extensions[0])
    if status not in ("approved", "all"):
        raise InputError(f"--status must be approved or all, not {status!r}")
    with open_store(store, create=False) as opened:
        summary = export_documents(
            opened,
            format_name,
            output,
            document_ids=documents or (),
            approved_only=status == "approved",
            since=_iso_date(since),
            skip_flagged=skip_flagged,
        )
    replaced = (
        f", {summary.replaced_chars} illegal characters replaced" if summary.replaced_chars else ""
    )
    info(
        f"wrote {plural(summary.units, 'unit')} as {summary.format} to "
        f"{', '.join(str(p) for p in summary.paths)}{replaced}"
    )


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r} is not a date like 2025-11-15") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@tm_app.command("import")
def tm_import(
    file: Annotated[
        Path,
        typer.Argument(help="A .tmx, .tsv, .xlf, .xliff, .sdlxliff or .mqxliff file of pairs."),
    ],
    source_lang: Annotated[
        str, typer.Option("--source-lang", help="Source language (BCP 47; sv takes sv-SE).")
    ] = "sv",
    target_lang: TargetLangOption = "en",
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--include-unreviewed",
            help="Also import units never reviewed (raw MT, drafts); skipped by default.",
        ),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Load translation pairs into the memory, streaming; exact matches then replace MT.

    Example: workbench tm import approved.tmx
    """
    from workbench.export.read import ImportReport, Verdict, read_pairs

    report = ImportReport()
    pairs = read_pairs(
        file,
        source_lang=source_lang,
        target_lang=target_lang,
        include_unreviewed=include_unreviewed,
        report=report,
    )
    # Up to the first usable pair before touching the store: a file that is no memory, or has
    # no usable unit, fails without creating a store.
    first = next(pairs, None)
    # One transaction, so a file that turns out malformed halfway leaves the store unchanged;
    # SQLite spills it to disk, so memory stays bounded whatever the file's size.
    with open_store(store) as opened, opened.write():
        added = opened.memory.add_pairs(
            (
                (p.source, p.target, p.source_lang or source_lang, p.target_lang or target_lang)
                for p in itertools.chain([first] if first else [], pairs)
            ),
            source_lang=source_lang,
            target_lang=target_lang,
        )
    notes = []
    if report.skipped:
        notes.append(f"skipped {report.skipped_summary()}")
    if report.skipped[Verdict.UNREVIEWED]:
        notes.append("--include-unreviewed imports the unreviewed ones")
    if report.normalised:
        notes.append(f"whitespace normalised in {report.normalised} units (no xml:space=preserve)")
    _import_summary(
        f"read {plural(report.pairs, 'pair')} from {file}; {added} new in the memory",
        notes,
        report.entities.dropped,
        report.encoding_warning,
    )


def _import_summary(
    read: str, notes: list[str], entities_dropped: int, encoding_warning: str | None
) -> None:
    """An import's closing lines: the encoding warning, then what was read and its notes."""
    if entities_dropped:
        notes.append(f"dropped {entities_dropped} unexpanded entity references")
    if encoding_warning:
        info(f"warning: {encoding_warning}")
    info(read + "".join(f"; {note}" for note in notes))


@tm_app.command("list")
def tm_list(
    source_lang: PairSourceLangOption = "sv",
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the memory's entries for a language pair.

    Example: workbench tm list --json
    """
    with open_store(store, create=False) as opened:
        pairs = opened.memory.pairs(source_lang, target_lang)
    _list_entries(("source", "target"), pairs, as_json, width=60)


@glossary_app.command("add")
def glossary_add(
    source: Annotated[str, typer.Argument(help="Term in the source language.")],
    target: Annotated[str, typer.Argument(help="Its required translation.")],
    note: Annotated[
        str | None, typer.Option("--note", help="A note about the term, kept with it.")
    ] = None,
    source_lang: PairSourceLangOption = "sv",
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
) -> None:
    """Add one term; MT keeps it and QA checks it is used.

    Example: workbench glossary add "folkkommittén" "People's Committee"
    """
    with open_store(store) as opened:
        added = opened.glossary.add_terms(
            [(source, target, note)], source_lang=source_lang, target_lang=target_lang
        )
    info("added" if added else "already in the glossary")


@glossary_app.command("import")
def glossary_import(
    file: Annotated[Path, typer.Argument(help="A .csv (source,target[,note]) or .tbx file.")],
    source_lang: PairSourceLangOption = "sv",
    target_lang: TargetLangOption = "en",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Import nothing (exit 2) if a term is translated two ways."),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Import terms from CSV or TBX (preferred terms first, deprecated ones never).

    Example: workbench glossary import terms.tbx
    """
    from workbench.translate.glossary_files import GlossaryReport, read_glossary_file

    report = GlossaryReport()
    terms = read_glossary_file(
        file, source_lang=source_lang, target_lang=target_lang, report=report
    )
    if strict and report.conflicts:
        raise InputError(
            f"{len(report.conflicts)} terms translated two ways, nothing imported; first: "
            f"{report.conflicts[0]}",
            hint="without --strict the first translation is kept",
        )
    with open_store(store) as opened:
        added = opened.glossary.add_terms(
            [(t.source, t.target, t.note) for t in terms],
            source_lang=source_lang,
            target_lang=target_lang,
        )
    for conflict in report.conflicts:
        info(f"conflict: {conflict}")
    notes = []
    if report.conflicts:
        notes.append(f"{plural(len(report.conflicts), 'conflict')} kept the first translation")
    if report.deprecated_only:
        notes.append(f"skipped {report.deprecated_only} entries with only deprecated targets")
    _import_summary(
        f"read {plural(len(terms), 'term')} from {file}; {added} new",
        notes,
        report.entities.dropped,
        report.encoding_warning,
    )


@glossary_app.command("list")
def glossary_list(
    source_lang: PairSourceLangOption = "sv",
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List the glossary (`--csv` gives a file `glossary import` reads back).

    Example: workbench glossary list --csv > terms.csv
    """
    refuse_both(as_json, as_csv)
    with open_store(store, create=False) as opened:
        terms = opened.glossary.terms(source_lang, target_lang)
    columns = ("source", "target", "note")
    if as_csv:
        print_csv(columns, terms)
    else:
        _list_entries(columns, terms, as_json)


def _list_entries(
    columns: Sequence[str],
    entries: Sequence[Sequence[str | None]],
    as_json: bool,
    width: int | None = None,
) -> None:
    """The memory's or glossary's entries as JSON objects or a table (cells cut to `width`)."""
    if as_json:
        print_json([dict(zip(columns, entry, strict=True)) for entry in entries])
    else:
        table(
            columns,
            [[cell if cell is None else cell[:width] for cell in entry] for entry in entries],
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(export)
    app.add_typer(tm_app, name="tm")
    app.add_typer(glossary_app, name="glossary")
