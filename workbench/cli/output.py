"""Output helpers: data (tables, JSON) on stdout, diagnostics and progress on stderr."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

import typer

from workbench.errors import InputError
from workbench.formulas import neutralised
from workbench.ingest.controls import visible

_C1 = re.compile("[\x80-\x9f]")


def print_json(value: Any) -> None:
    """Print one JSON document on stdout (stable keys, UTF-8 kept readable)."""
    typer.echo(_json(value))


def print_json_list(values: Iterable[Any]) -> int:
    """Print a JSON array item by item as `values` yields them, the same text `print_json`
    gives the whole list, without holding it; returns how many items there were."""
    count = 0
    for block in _blocks(values):
        items = ",\n".join(textwrap.indent(_json(value), "  ") for value in block)
        typer.echo(("[\n" if count == 0 else ",\n") + items, nl=False)
        count += len(block)
    typer.echo("\n]" if count else "[]")
    return count


def print_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A CSV table on stdout, for spreadsheets: text cells a spreadsheet would run as a formula
    get OWASP's leading apostrophe (numbers stay numbers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([neutralised(c) if isinstance(c, str) else c for c in row] for row in rows)
    typer.echo(out.getvalue(), nl=False)


def refuse_both(as_json: bool, as_csv: bool) -> None:
    """`InputError` when a command is asked for JSON and CSV at once."""
    if as_json and as_csv:
        raise InputError("--json and --csv: choose one")


def _json(value: Any) -> str:
    # json escapes C0 controls itself, but not C1 ones such as U+009B (a terminal's CSI).
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _blocks(values: Iterable[Any]) -> Iterator[list[Any]]:
    """`values` in lists of up to `RICH_TABLE_ROWS`: one write per block, not per item."""
    iterator = iter(values)
    while block := list(islice(iterator, RICH_TABLE_ROWS)):
        yield block


def info(message: str) -> None:
    """A diagnostic line on stderr, control characters escaped."""
    typer.echo(visible(message), err=True)


def plural(count: int, noun: str) -> str:
    """English count phrases for messages: "1 segment", "2 segments"."""
    return f"{count} {noun if count == 1 else noun + 's'}"


# Past this many rows rich's layout costs ~1 ms a row (10 s for 10,000 documents), and no
# terminal shows them all at once anyway.
RICH_TABLE_ROWS = 1_000


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A plain aligned table on stdout."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not console.is_terminal or len(rows) > RICH_TABLE_ROWS:
        _plain_table(headers, rows)
        return
    grid = Table(box=None, pad_edge=False, header_style="bold")
    for header in headers:
        grid.add_column(header, no_wrap=True, overflow="ellipsis")
    for row in rows:
        # Text, not str: user text like "[en] …" must not be read as rich markup.
        grid.add_row(*(Text("" if cell is None else visible(str(cell))) for cell in row))
    console.print(grid)


def table_rows(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """`table` for rows read as they come; returns how many there were. Up to
    `RICH_TABLE_ROWS` rows are laid out as `table` does; a longer listing is written in
    blocks of that many, each aligned on its own, so memory stays flat however many."""
    blocks = _blocks(rows)
    first, second = next(blocks, []), next(blocks, [])
    if not second:
        table(headers, first)
        return len(first)
    _plain_table(headers, first)
    count = len(first)
    for block in chain([second], blocks):
        _plain_table(None, block)
        count += len(block)
    return count


def _plain_table(headers: Sequence[str] | None, rows: Sequence[Sequence[Any]]) -> None:
    """The layout rich gives a borderless table, written directly; never cut to a width."""
    from rich.cells import cell_len

    lines = [list(headers)] if headers is not None else []
    lines += [["" if cell is None else visible(str(cell)) for cell in row] for row in rows]
    widths = [max(cell_len(line[column]) for line in lines) for column in range(len(lines[0]))]
    typer.echo(
        "\n".join(
            "  ".join(
                cell + " " * (width - cell_len(cell))
                for cell, width in zip(line, widths, strict=True)
            )
            for line in lines
        )
    )


@contextmanager
def progress(description: str) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr, shown from the first `update(done, total)` (the core's
    callback) on."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(description, total=None, rate="")

    started = False

    def update(done: int, total: int, label: str | None = None) -> None:
        nonlocal started
        if not started:
            # drawn from the first report on: a check failing before it leaves no bar behind
            bar.start()
            started = True
        speed = bar.tasks[0].speed
        bar.update(
            task,
            completed=done,
            total=total,
            rate=f"{speed:.1f} seg/s" if speed else "",
            description=label or description,
        )

    try:
        yield update
    finally:
        if started:
            bar.stop()
