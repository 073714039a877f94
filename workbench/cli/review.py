"""Commands for reviewers: the review TUI and scripted approval."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import ReviewerOption, StoreOption, open_store, reviewer_name
from workbench.cli.output import info, plural
from workbench.errors import InputError
from workbench.repetitions import propagate_all


def review(
    document: Annotated[int | None, typer.Argument(help="Open this document directly.")] = None,
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
) -> None:
    """Open the review TUI: correct, approve and reject translations.

    Example: workbench review 1 --reviewer anna
    """
    with open_store(store) as opened:
        if document is not None:
            opened.document(document)
    from workbench.review.app import ReviewApp  # Textual costs ~0.3 s; only the TUI pays.

    ReviewApp(paths.store_path(store), reviewer_name(reviewer), document_id=document).run()


def parse_ranges(spec: str) -> list[int]:
    """Turn "3,5-9" into [3, 5, 6, 7, 8, 9]; `InputError` on anything else."""
    numbers: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise InputError(f"bad segment list {spec!r}: use numbers and ranges like 3,5-9")
        start, end = int(low), int(high or low)
        if end < start:
            raise InputError(f"bad range {part!r}: the end is before the start")
        numbers += range(start, end + 1)
    return numbers


def approve(
    document: Annotated[int, typer.Argument(help="Document id.")],
    segments: Annotated[
        str, typer.Option("--segments", help="Segment ids, e.g. 3,5-9 (see `workbench segments`).")
    ],
    reviewer: ReviewerOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Approve segments with QA errors too.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Approve the current targets of some segments, as the TUI would, in one transaction.

    Segments with QA errors are refused unless --force is given.

    Example: workbench approve 1 --segments 3,5-9 --reviewer anna
    """
    segment_ids = parse_ranges(segments)
    with open_store(store) as opened:
        approved = opened.approve_many(document, segment_ids, reviewer_name(reviewer), force=force)
        propagated = propagate_all(opened, segment_ids, reviewer_name(reviewer))
    info(f"approved {plural(approved, 'segment')} of document {document}")
    if propagated:
        info(f"gave their targets to {plural(len(propagated), 'repeated segment')}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(review)
    app.command()(approve)
