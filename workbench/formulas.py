"""Spreadsheet formulas hidden in text: a CSV cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is run as a formula when a spreadsheet opens the file (OWASP, "CSV
Injection"). Pure text rules for the CSV writers and the glossary; corpus formats never use
them, they stay byte-exact."""

from __future__ import annotations

from workbench.errors import InputError

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# OWASP's rule: a leading apostrophe makes a spreadsheet read the cell as text.
_TEXT_PREFIX = "'"


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text`, alone in a cell, as a formula."""
    return text.startswith(_FORMULA_STARTS)


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: an apostrophe before a formula."""
    return _TEXT_PREFIX + cell if starts_formula(cell) else cell


def restored(cell: str) -> str:
    """A cell `neutralised` wrote, as it was (any other cell unchanged)."""
    unprefixed = cell.removeprefix(_TEXT_PREFIX)
    return unprefixed if unprefixed != cell and starts_formula(unprefixed) else cell


def refuse_formula_term(term: str, where: str = "glossary") -> None:
    """`InputError` for a glossary term a spreadsheet would run: term protection pastes the
    target into MT output verbatim, and from there it reaches every export."""
    if starts_formula(term):
        raise InputError(
            f"{where}: term {term!r} starts with {term[0]!r}, which a spreadsheet runs as a "
            "formula",
            hint="a glossary term is words, not a formula",
        )
