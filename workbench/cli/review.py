"""Commands for reviewers: the review TUI and scripted approval."""

from __future__ import annotations

import bisect
import re
from typing import Annotated

import typer

from workbench import paths
from workbench.cli.options import ReviewerOption, StoreOption, open_store, reviewer_name
from workbench.cli.output import info, plural
from workbench.errors import InputError

_RANGE = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)


def review(
    document: Annotated[int | None, typer.Argument(help="Open this document directly.")] = None,
    reviewer: ReviewerOption = None,
    store: StoreOption = None,
) -> None:
    """Open the review TUI: correct, approve and reject translations.

    Example: workbench review 1 --reviewer anna
    """
    with open_store(store, create=False) as opened:
        if document is not None:
            opened.documents.get(document)
    # The documents screen's rows are read while Textual imports (SQLite releases the GIL).
    from workbench.review.documents_page import start_reading

    page = start_reading(paths.store_path(store)) if document is None else None
    from workbench.review.app import ReviewApp

    ReviewApp(
        paths.store_path(store), reviewer_name(reviewer), document_id=document, documents_page=page
    ).run()


def parse_ranges(spec: str) -> list[tuple[int, int]]:
    """Turn "3,5-9" into [(3, 3), (5, 9)]; `InputError` on anything else."""
    ranges = []
    for part in spec.split(","):
        part = part.strip()
        match = _RANGE.fullmatch(part)
        if match is None:
            raise InputError(f"bad segment list {spec!r}: use numbers and ranges like 3,5-9")
        start = int(match[1])
        end = int(match[2] or start)
        if end < start:
            raise InputError(f"bad range {part!r}: the end is before the start")
        ranges.append((start, end))
    return ranges


def select_ranges(
    ranges: list[tuple[int, int]], document_segment_ids: list[int], document_id: int
) -> list[int]:
    """The ids the ranges name, each checked to be one of the document's segments.

    Work is bounded by the document's size, never by the width of a range.
    """
    owned = sorted(document_segment_ids)
    chosen: list[int] = []
    for start, end in ranges:
        inside = owned[bisect.bisect_left(owned, start) : bisect.bisect_right(owned, end)]
        if len(inside) != end - start + 1:
            missing = next(
                (start + n for n, found in enumerate(inside) if found != start + n),
                start + len(inside),
            )
            raise InputError(
                f"segment {missing} is not a segment of document {document_id}",
                hint=f"see `workbench segments {document_id}`",
            )
        chosen += inside
    return list(dict.fromkeys(chosen))


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
    from workbench.translate.repetitions import propagate_all

    ranges = parse_ranges(segments)
    with open_store(store, create=False) as opened:
        segment_ids = select_ranges(
            ranges, [s.id for s in opened.documents.segments(document)], document
        )
        approved = opened.reviews.approve_many(
            document, segment_ids, reviewer_name(reviewer), force=force
        )
        propagated = propagate_all(opened, segment_ids, reviewer_name(reviewer))
    info(f"approved {plural(approved, 'segment')} of document {document}")
    if propagated:
        info(f"gave their targets to {plural(len(propagated), 'repeated segment')}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(review)
    app.command()(approve)
