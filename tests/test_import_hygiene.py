"""Cheap start-up: the CLI's listing paths never import heavy libraries, torch never."""

from __future__ import annotations

import json

import pytest

from tests.support import run_python

HEAVY = [
    "textual",
    "ctranslate2",
    "sentencepiece",
    "langdetect",
    "lxml",
    "translate",
    "torch",
    "stanza",
    "argostranslate",
    "numpy",
    "sqlite_utils",
    "trafilatura",
]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = run_python(probe)
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["documents", "--json"], ["models", "list"]])
def test_listing_commands_import_nothing_heavy(argv: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import os, sys\n"
        f"os.environ['WORKBENCH_STORE'] = {str(tmp_path / 's.db')!r}\n"
        f"os.environ['WORKBENCH_MODELS'] = {str(tmp_path / 'm')!r}\n"
        "from workbench.cli import app\n"
        f"try:\n    app({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


def test_core_never_imports_front_ends_or_torch() -> None:
    loaded = _modules_after(
        "import workbench.store, workbench.ingest, workbench.translate, workbench.pipeline"
    )
    assert not {"typer", "rich", "textual", "torch", "workbench.cli"} & loaded
