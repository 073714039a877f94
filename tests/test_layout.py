"""The package's shape: no import cycles, layer contracts without exceptions, small modules.

import-linter (run by CI) checks the contracts themselves; these tests check what it cannot: that
no module takes part in a cycle, that no contract names an exception, and that the one contract
scoped by listing modules lists them all.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_no_module_takes_part_in_an_import_cycle() -> None:
    # Imports inside functions and for type hints count: a late import or an annotation still
    # makes the two modules one unit.
    graph = grimp.build_graph("workbench")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c", "d"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_contract_names_an_exception() -> None:
    assert [c["name"] for c in _contracts() if c.get("ignore_imports")] == []


def test_the_argostranslate_contract_covers_all_but_the_benchmarks() -> None:
    (contract,) = [c for c in _contracts() if "argostranslate" in c.get("forbidden_modules", [])]
    top_level = {
        f"workbench.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert set(contract["source_modules"]) == top_level - {"workbench.bench"}


# Modules allowed past `MAX_LINES`, each with the one concern that holds it together.
ONE_CONCERN = {
    "workbench/store/documents.py": "the part that owns the documents and segments tables",
    "workbench/ingest/boilerplate.py": "telling boilerplate paragraphs from the article",
    "workbench/bench/mt.py": "the MT throughput benchmark against raw CTranslate2 and argos",
}
MAX_LINES = 400


def test_modules_stay_small_unless_they_hold_one_named_concern() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {path for path in long if path not in ONE_CONCERN} == set(), long
