"""Plain option values (text, whole numbers, paths) read without pydantic.

Typer 0.29 checks every non-flag value through a pydantic adapter it builds on first use,
which imports pydantic (about a tenth of a second) even where the value is a name or a path.
`read_plainly` gives such parameters a reader that does what that adapter does for the common
spellings and hands anything else (a sign, spaces, a bound, a choice) to Typer's own, so its
messages stay the same. It relies on Typer's coercion internals, hence the pin in
pyproject.toml; tests/test_import_hygiene.py checks that `workbench review` stays without
pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A flag's bool and text as given, ASCII digits as an int, a path checked as Typer does."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        if kind is bool and isinstance(value, bool):
            return value
        if kind is str and isinstance(value, str):
            return value
        if kind is int and isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        if kind is int and type(value) is int:
            return value
        if kind is Path and isinstance(value, str | Path) and str(value):
            return coerce_cli_path(
                Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx
            )
        descriptor = param.type_descriptor
        return build_runtime_param(descriptor)._coerce_value(value, param=param, ctx=ctx)


def _plain(param: Any) -> bool:
    if not isinstance(param, _TyperParameter) or param.multiple or param.nargs != 1:
        return False
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return False
    if descriptor.annotation is int:
        return info.min is None and info.max is None
    if descriptor.annotation is Path:
        return not info.path_type
    return descriptor.annotation in (str, bool)


def read_plainly(command: Any) -> Any:
    """Give `command`'s plain parameters, and those of the commands under it, `PlainValue`.

    Its `--help` option is made now to have one too (Click makes it on first parse).
    """
    context = typer.Context(command, **(command.context_settings or {}))
    for param in [*command.params, command.get_help_option(context)]:
        if _plain(param):
            descriptor = param.type_descriptor
            param._runtime_param = PlainValue(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
    for sub in getattr(command, "commands", {}).values():
        read_plainly(sub)
    return command
