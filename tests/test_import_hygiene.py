"""Cheap start-up: the CLI's help and listing paths never import heavy libraries, torch never.

The rule these hold is written once, in the `workbench.cli` docstring: heavy imports wait at
the edges, every other module imports at its top.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tests.support import ROOT, run_python
from tests.tui.helpers import build_review_store
from workbench.cli.commands import COMMANDS

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

# Where an import may sit inside a function (the edges in the `workbench.cli` docstring):
# module → the modules it may import there ("*": any).
EDGES: dict[str, set[str]] = {
    **{f"workbench/cli/{p.name}": {"*"} for p in (ROOT / "workbench" / "cli").glob("*.py")},
    "workbench/translate/engine.py": {"ctranslate2", "sentencepiece"},
    "workbench/translate/device.py": {"ctranslate2"},
    "workbench/translate/packages/installed.py": {"ctranslate2", "sentencepiece"},
    "workbench/translate/packages/folder.py": {"fcntl"},
    # Format readers build on the modules that pick them.
    "workbench/ingest/textio.py": {
        "workbench.ingest.htmltext",
        "workbench.ingest.coded",
        "workbench.ingest.docx_text",
        "workbench.ingest.odt_text",
        "workbench.ingest.srt_text",
    },
    "workbench/export/read.py": {
        "workbench.export.read_tmx",
        "workbench.export.read_tsv",
        "workbench.export.read_xliff",
    },
    "workbench/measures.py": {"sacrebleu", "rapidfuzz.distance"},
    "workbench/translate/memory.py": {"numpy", "rapidfuzz", "rapidfuzz.distance"},
    "workbench/translate/cluster.py": {"ray"},
    # ctranslate2.specs imports torch unless it is hidden around that one import.
    "workbench/translate/fixture.py": {"ctranslate2.specs"},
    # The store is opened by every listing command; what it still imports late is its own.
    "workbench/store/transaction.py": {"sqlite_utils"},
    # The review app's start: screens and actions load what only they need when they run.
    "workbench/review/app.py": {"workbench.review.screens.segments"},
    "workbench/review/screens/documents.py": {
        "workbench.review.screens.segments",
        "workbench.review.screens.stats",
        "workbench.review.screens.corrections",
        "workbench.review.screens.alignment",
        "workbench.review.actions",
    },
    "workbench/review/actions.py": {"workbench.quality.checks", "workbench.quality.spelling"},
    "workbench/review/screens/segments.py": {"workbench.quality.spelling"},
    "workbench/review/widgets/segment_detail.py": {"workbench.quality.spelling"},
    "workbench/review/widgets/target_editor.py": {
        "workbench.quality.spelling",
        "workbench.translate.complete",
    },
    # The completion worker loads the engine (and the glossary's lxml) with the first request.
    "workbench/review/completion.py": {
        "workbench.translate.complete",
        "workbench.quality.checks",
        "workbench.translate.engine",
        "workbench.translate.packages",
    },
    "workbench/review/screens/lookup.py": {"workbench.lookup"},
    "workbench/translate/repetitions.py": {"workbench.quality.checks"},
    # Benchmarks time their own imports and start-up, or compare with optional libraries.
    "workbench/bench/argos.py": {"*"},
    "workbench/bench/mt.py": {"*"},
    "workbench/bench/spelling.py": {"spellchecker", "enchant"},
    "workbench/bench/cluster.py": {"ray"},
}


# Loaded by a review screen or action when it runs (the stats plot, the corrections miner, QA and
# spelling), never by the review app's start.
REVIEW_LATER = ["lxml", "langdetect", "spylls", "rapidfuzz", "plotext", "textual_plotext"]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = run_python(probe)
    return set(json.loads(out.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    """The heavy libraries among `modules`, by top-level name."""
    return sorted({h for m in modules for h in HEAVY if m == h or m.startswith(h + ".")})


def _cli_env(tmp_path: Path) -> str:
    return (
        "import os, sys\n"
        f"os.environ['WORKBENCH_STORE'] = {str(tmp_path / 's.db')!r}\n"
        f"os.environ['WORKBENCH_MODELS'] = {str(tmp_path / 'm')!r}\n"
        "from workbench.cli import app\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["documents", "--json"],
        ["models", "list"],
        ["stats", "--json"],
        ["tm", "list"],
        ["glossary", "list"],
        ["users", "list"],
    ],
)
def test_listing_commands_import_nothing_heavy(argv: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = _cli_env(tmp_path) + (
        f"try:\n    app({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
    )
    assert _heavy(_modules_after(code)) == []


def test_every_commands_help_imports_nothing_heavy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # One interpreter walks the whole command tree; modules only accumulate, so a command whose
    # help loads a heavy library is named by the first path that shows it.
    code = _cli_env(tmp_path) + (
        "import json, typer\n"
        f"HEAVY = {HEAVY!r}\n"
        "def paths(command, prefix):\n"
        "    yield prefix\n"
        "    for name, sub in getattr(command, 'commands', {}).items():\n"
        "        yield from paths(sub, [*prefix, name])\n"
        "found = {}\n"
        "for path in paths(typer.main.get_command(app), []):\n"
        "    try:\n"
        "        app([*path, '--help'], standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    found[' '.join(path)] = sorted(\n"
        "        {h for m in sys.modules for h in HEAVY if m == h or m.startswith(h + '.')})\n"
        "print(json.dumps(found))\n"
    )
    found = json.loads(run_python(code).strip().splitlines()[-1])
    assert {"", "review", "translate", "models install", "export", "serve"} <= set(found)
    assert {path: heavy for path, heavy in found.items() if heavy} == {}


def test_workbench_review_loads_its_own_command_only_and_no_pydantic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The command line parses, runs its callback and the command up to the app's start (here a
    # document that is not there stops it); then the app's own module.
    built = build_review_store(tmp_path / "review.db")
    argv = ["--store", str(built.path), "review", "--reviewer", "anna", "999999"]
    code = (
        "from workbench.cli import app\n"
        f"try:\n    app({argv!r})\nexcept SystemExit as exit:\n    assert exit.code == 2\n"
        "import workbench.review.app\n"
    )
    modules = _modules_after(code)
    others = {f"workbench.cli.{module}" for module, _ in COMMANDS.values()} - {
        "workbench.cli.review"
    }
    assert "workbench.cli.review" in modules
    assert sorted(others & modules) == []
    assert sorted(m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")) == []


def test_core_never_imports_front_ends_or_torch() -> None:
    loaded = _modules_after(
        "import workbench.store, workbench.ingest.stage, workbench.translate.stage,"
        " workbench.pipeline"
    )
    assert not {"typer", "rich", "textual", "torch", "workbench.cli"} & loaded


def _later(modules: set[str]) -> list[str]:
    return sorted({h for m in modules for h in REVIEW_LATER if m == h or m.startswith(h + ".")})


def test_importing_the_review_app_loads_no_screens_or_checks_libraries() -> None:
    modules = _modules_after("import workbench.review.app")
    assert _later(modules) == []
    # The segment screen (its editor, detail pane, actions) waits for a document to open.
    assert "workbench.review.screens.segments" not in modules


# Run in a fresh interpreter, so the app imports the segment screen itself (the TUI helpers
# would import it first).
_REVIEW_START = """
import asyncio

from workbench.review.app import ReviewApp


async def settle(pilot):
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not len(pilot.app.workers):
            return


def rows_counted(app):
    if type(app.screen).__name__ != "DocumentsScreen":
        return False
    table = app.screen.query_one("#documents")
    return table.row_count > 0 and table.summary_at(0) is not None


async def start(path, document_id, keys):
    app = ReviewApp(path, "anna", document_id)
    async with app.run_test(size=(120, 40)) as pilot:
        if document_id is None:
            # `enter` as soon as the rows are drawn, while the segment screen may be loading.
            while not rows_counted(app):
                await pilot.pause()
            await pilot.press("enter")
        for key in keys:
            await settle(pilot)
            await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == "SegmentScreen", app.screen
"""


def test_the_review_apps_first_screens_load_the_checks_once_drawn_and_no_other_screens(
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    # The documents screen, then a document opened from it and the cursor moved (rows, detail
    # pane, history with flags); and the app started on that document. Once their rows are
    # drawn, each loads QA and spelling in the background (no save waits for them), and
    # nothing the statistics or corrections screens need.
    built = build_review_store(tmp_path / "review.db")
    for document_id in (None, built.article_id):
        code = _REVIEW_START + f"asyncio.run(start({str(built.path)!r}, {document_id}, ['j']))\n"
        later = set(_later(_modules_after(code + _DICTIONARIES_LOADED)))
        assert {"langdetect", "spylls"} <= later
        assert not {"rapidfuzz", "plotext", "textual_plotext"} & later


# The spelling dictionaries are in memory (the probe fails otherwise).
_DICTIONARIES_LOADED = """
from workbench.quality import spelling
assert len(spelling._loaded) == 2, spelling._loaded
"""


def _function_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import statement inside a function body."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name) for alias in child.names)
            elif in_function and isinstance(child, ast.ImportFrom):
                found.append((child.lineno, "." * child.level + (child.module or "")))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(source), False)
    return found


def test_imports_wait_only_at_the_edges() -> None:
    late = [
        f"{name}:{line} imports {module}"
        for path in sorted((ROOT / "workbench").rglob("*.py"))
        for name in [path.relative_to(ROOT).as_posix()]
        for line, module in _function_imports(path.read_text(encoding="utf-8"))
        if not ({"*", module} & EDGES.get(name, set()))
    ]
    assert late == [], "import these at the module top, or name the edge in workbench.cli"
