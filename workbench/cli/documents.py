"""Commands about documents: ingest, documents, segments, stats."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.inputs import exit_if_skipped, read_inputs
from workbench.cli.options import (
    CsvOption,
    JsonOption,
    SourceLangOption,
    StoreOption,
    TargetLangOption,
    open_store,
)
from workbench.cli.output import info, plural, print_csv, print_json, refuse_both, table
from workbench.measures import EDIT_KINDS_NOTE, edit_kinds
from workbench.records import Origin, mt_log_prob, score_percent

if TYPE_CHECKING:
    from workbench.records import Segment, Translation


def ingest(
    files: Annotated[
        list[str],
        typer.Argument(help="Files (.txt, .md, .html, .docx, .odt, .srt) or - for stdin."),
    ],
    source_lang: SourceLangOption = None,
    target_lang: TargetLangOption = "en",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read articles into the store: paragraphs, boilerplate, languages, sentences.

    Example: workbench ingest seeds/004_a5e45da3f1913b04.txt
    """
    from workbench.pipeline import store_documents

    prepared, skipped = read_inputs(files, source_lang, target_lang)
    with open_store(store) as opened:
        results = store_documents(opened, prepared, target_lang=target_lang)
    if as_json:
        print_json([_ingest_json(r) for r in results])
        exit_if_skipped(skipped)
        return
    for result in results:
        doc = result.document
        if not result.added:
            info(f"{doc.path}: already stored as document {doc.id} (same content); nothing to do")
            continue
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(result.languages.items()))
        dropped = (
            f"; {plural(result.controls_dropped, 'control character')} dropped"
            if result.controls_dropped
            else ""
        )
        typer.echo(
            f"document {doc.id} ({doc.source_lang}→{doc.target_lang}, revision {doc.revision}): "
            f"{plural(result.paragraphs, 'paragraph')}, {plural(result.segments, 'segment')}, "
            f"{result.translatable} translatable; languages: {languages}{dropped}"
        )
    exit_if_skipped(skipped)


def _confidence(score: float | None, origin: Origin | None) -> dict[str, float | None]:
    """One 0–100 scale for MT confidence and memory matches, and the raw MT figure."""
    percent = score_percent(score, origin)
    return {
        "confidence": None if percent is None else round(percent, 1),
        "mt_log_prob": mt_log_prob(score, origin),
    }


def _ingest_json(result) -> dict:  # type: ignore[no-untyped-def]
    return {
        "document": asdict(result.document),
        "added": result.added,
        "paragraphs": result.paragraphs,
        "segments": result.segments,
        "translatable": result.translatable,
        "languages": result.languages,
        "controls_dropped": result.controls_dropped,
    }


def documents(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """List stored documents with language pair and review progress.

    Example: workbench documents --json
    """
    with open_store(store, create=False) as opened:
        summaries = opened.documents.summaries()
    if as_json:
        print_json(
            [
                {
                    **asdict(s.document),
                    "segments": s.segments,
                    "translatable": s.translatable,
                    "translated": s.translated,
                    "approved": s.approved,
                    "last_activity": s.last_activity,
                    "reference_of": s.reference_of,
                }
                for s in summaries
            ]
        )
        return
    table(
        ["id", "pair", "role", "segments", "translatable", "translated", "approved", "title"],
        [
            (
                (
                    s.document.id,
                    s.document.source_lang,
                    f"reference of {s.reference_of}" if s.reference_of else "reference",
                    s.segments,
                    "—",
                    "—",
                    "—",
                    s.document.title[:60],
                )
                if s.is_reference
                else (
                    s.document.id,
                    f"{s.document.source_lang}→{s.document.target_lang}",
                    s.document.role,
                    s.segments,
                    s.translatable,
                    s.translated,
                    s.approved,
                    s.document.title[:60],
                )
            )
            for s in summaries
        ],
    )


def segments(
    document: Annotated[int, typer.Argument(help="Document id (see `workbench documents`).")],
    history: Annotated[bool, typer.Option("--history", help="Add every target version.")] = False,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a document's segments with kind, language, status and current target.

    Example: workbench segments 1 --json --history
    """
    with open_store(store, create=False) as opened:
        rows = opened.documents.segments(document)
        versions = {s.id: opened.reviews.history(s.id) for s in rows} if history else {}
        approvals = opened.reviews.approvals([s.id for s in rows])
    if as_json:
        out = []
        for s in rows:
            item: dict[str, object] = {
                "id": s.id,
                "paragraph": s.paragraph,
                "index": s.index,
                "kind": str(s.kind),
                "lang": s.lang,
                "translatable": s.translatable,
                "status": str(s.status),
                "source": s.source,
                "target": s.target,
                "origin": str(s.origin) if s.origin else None,
                **_confidence(s.score, s.origin),
                "approved_by": approvals[s.id][0] if s.id in approvals else None,
                "approved_at": approvals[s.id][1] if s.id in approvals else None,
            }
            if history:
                item["history"] = [
                    {
                        "id": v.id,
                        "text": v.text,
                        "origin": str(v.origin),
                        "author": v.author,
                        "time": v.created,
                        "engine": v.engine,
                        "model_id": v.model_id,
                        **_confidence(v.score, v.origin),
                        "parent_id": v.parent_id,
                        "signature": v.signature,
                    }
                    for v in versions[s.id]
                ]
            out.append(item)
        print_json(out)
        return
    if history:
        _history_table(rows, versions)
        return
    table(
        ["id", "pos", "kind", "status", "source", "target"],
        [
            (
                s.id,
                f"{s.paragraph}.{s.index}",
                s.kind,
                s.shown_status,
                s.source[:50],
                (s.target or "")[:50],
            )
            for s in rows
        ],
    )


def _history_table(rows: list[Segment], versions: dict[int, list[Translation]]) -> None:
    """Every version of every segment, oldest first, numbered per segment."""
    table(
        ["id", "pos", "version", "origin", "author", "time", "text"],
        [
            (
                s.id,
                f"{s.paragraph}.{s.index}",
                f"v{number}{' (current)' if v.id == s.translation_id else ''}",
                v.origin,
                v.author or "",
                v.created[:19],
                v.text[:60],
            )
            for s in rows
            for number, v in enumerate(versions[s.id], start=1)
        ],
    )


def stats(
    document: Annotated[int | None, typer.Argument(help="Document id; all when omitted.")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Counts by status and post-editing effort (HTER, chrF, edit distance) per reviewer.

    `--csv` gives the effort table alone, one row per group, for a spreadsheet.

    Example: workbench stats 1 --json
    """
    refuse_both(as_json, as_csv)
    with open_store(store, create=False) as opened:
        if document is not None:
            opened.documents.get(document)
        counts = opened.documents.status_counts(document)
        summary = opened.effort.summary(document)
    if as_json:
        print_json(
            {
                "status": counts,
                "effort": asdict(summary.overall),
                "per_document": [asdict(g) for g in summary.per_document],
                "per_reviewer": [asdict(g) for g in summary.per_reviewer],
            }
        )
        return
    groups = [summary.overall, *summary.per_document, *summary.per_reviewer]
    headers = [
        "group",
        "approved",
        *(label for label, _ in edit_kinds(summary.overall)),
        "HTER",
        "chrF",
        "char edits",
        "median s to approval",
    ]
    rows = [
        (
            g.name,
            g.segments,
            *(count for _, count in edit_kinds(g)),
            round(g.mean_ter, 1),
            round(g.mean_chrf, 1),
            round(g.mean_char_distance, 1),
            round(g.median_seconds_to_approval),
        )
        for g in groups
    ]
    if as_csv:
        print_csv(headers, rows)
        return
    typer.echo("status: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    table(
        headers,
        [tuple(f"{cell:.1f}" if isinstance(cell, float) else cell for cell in row) for row in rows],
    )
    info(f"approved after MT or memory; {EDIT_KINDS_NOTE}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    for command in (ingest, documents, segments, stats):
        app.command()(command)
