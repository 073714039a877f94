"""The `align` command: a document and its existing translation into sentence beads."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import (
    JsonOption,
    ModelsOption,
    SourceLangOption,
    StoreOption,
    open_store,
)
from workbench.cli.output import info, plural, print_json


def align(
    source: Annotated[str, typer.Argument(help="Source file or document id.")],
    target: Annotated[str, typer.Argument(help="Translation file or document id.")],
    presegmented: Annotated[
        bool, typer.Option("--presegmented", help="Files hold one sentence per line.")
    ] = False,
    source_lang: SourceLangOption = None,
    target_lang: Annotated[
        str | None, typer.Option("--target-lang", help="Translation's language (detected).")
    ] = None,
    store: StoreOption = None,
    models: ModelsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Align a document with an existing translation into sentence beads (n:m).

    Example: workbench align article.sv.txt article.en.txt --json
    """
    from workbench.align.stage import align_documents

    with open_store(store) as opened:
        result = align_documents(
            opened,
            source,
            target,
            presegmented=presegmented,
            source_lang=source_lang,
            target_lang=target_lang,
            models_dir=paths.models_dir(models),
        )
    if as_json:
        print_json(
            {
                "source_document": result.source_document_id,
                "target_document": result.target_document_id,
                "looks_parallel": result.looks_parallel,
                "parallel_score": round(result.parallel_score, 4),
                "method": result.method,
                "beads": [
                    {
                        "source": [
                            {"id": i, "text": t}
                            for i, t in zip(b.bead.source_ids, b.source_texts, strict=False)
                        ],
                        "target": [
                            {"id": i, "text": t}
                            for i, t in zip(b.bead.target_ids, b.target_texts, strict=False)
                        ],
                        "type": b.bead.type,
                        "score": round(b.bead.score, 4),
                    }
                    for b in result.beads
                ],
            }
        )
    else:
        types: dict[str, int] = {}
        for b in result.beads:
            types[b.bead.type] = types.get(b.bead.type, 0) + 1
        typer.echo(
            f"documents {result.source_document_id} ↔ {result.target_document_id}: "
            f"{plural(len(result.beads), 'bead')} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))
            + f"), parallel score {result.parallel_score:.2f}"
        )
    if not result.looks_parallel:
        info(
            "warning: these documents look non-parallel (few confident beads); "
            "check that the target really translates the source"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(align)
