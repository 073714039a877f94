"""Dispatch `python -m workbench.bench NAME [args]` to `workbench.bench.NAME.main(args)`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    "mt",
    "batch",
    "align",
    "tui",
    "launch",
    "first_save",
    "export",
    "tm",
    "qa",
    "spelling",
    "spelling_cost",
    "learn",
    "search",
    "render",
    "scale",
    "cluster",
    "serve",
    "complete",
)


def main(argv: list[str]) -> int:
    """Run one benchmark by name."""
    if not argv or argv[0] not in BENCHMARKS:
        print(
            f"usage: python -m workbench.bench {{{','.join(BENCHMARKS)}}} [options]",
            file=sys.stderr,
        )
        return 2
    module = importlib.import_module(f"workbench.bench.{argv[0]}")
    return int(module.main(argv[1:]))


sys.exit(main(sys.argv[1:]))
