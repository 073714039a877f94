"""Values read without pydantic come out as Typer's own reading gives them, errors included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer._coercion import build_runtime_param

from workbench.cli import app
from workbench.cli.values import PlainValue


def _read(runtime: Any, param: Any, command: Any, value: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=typer.Context(command))
    except typer.BadParameter as exc:
        return "error", exc.format_message()


def _params(*path: str) -> dict[str, tuple[Any, Any]]:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return {param.name: (command, param) for param in command.params}


CASES = [
    (("review",), "document", ["7", "007", " 7", "+7", "-1", "abc", "1_000", "٣", "", 7]),
    (("review",), "reviewer", ["anna", "", " x ", "ü"]),
    (("review",), "store", ["s.db", "", "-", "sub", "sub/f.txt", "nowhere/x.db"]),
    (("tm", "import"), "file", ["sub/f.txt", "sub", "nowhere.tmx"]),
]


@pytest.mark.parametrize(("path", "name", "values"), CASES)
def test_plain_values_read_as_typer_reads_them(
    path: tuple[str, ...], name: str, values: list[Any], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.txt").write_text("x")
    command, param = _params(*path)[name]
    assert isinstance(param.get_runtime_param(), PlainValue)
    typer_own = build_runtime_param(param.type_descriptor)
    for value in values:
        assert _read(param.get_runtime_param(), param, command, value) == _read(
            typer_own, param, command, value
        ), value
