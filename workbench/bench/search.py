"""Search benchmark: Unicode case folding (`casefold()` in SQL) against ASCII-only `lower()`.

Builds a store of N segments (the TUI benchmark's generator), then times the segment-screen
search and the store-wide concordance. Not a test; ratios are against `lower()` measured in
the same run. With `--cli-store PATH` it measures instead the peak memory of `workbench search`
(table, `--json`, `--limit 100`) on an existing store, such as one `bench scale --store` built.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.bench.scale import timed_command
from workbench.bench.tui import build_store
from workbench.store import Store

# The generator's sentences are Swedish: "vägen" needs folding beyond ASCII to match "VÄGEN".
PHRASE = "VÄGEN"
REPEATS = 5


def _median_seconds(run: Callable[[], Any]) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def measure(store: Store, document_id: int) -> dict[str, Any]:
    """Median seconds and hit counts of the three searches."""
    baseline, ascii_hits = _median_seconds(
        lambda: store.conn.execute(
            "SELECT count(*) FROM segments s LEFT JOIN translations t "
            "ON t.id = s.current_translation_id WHERE s.document_id = ? "
            "AND s.merged_into IS NULL "
            "AND (instr(lower(s.source), lower(?)) OR instr(lower(t.text), lower(?)))",
            (document_id, PHRASE, PHRASE),
        ).fetchone()[0]
    )
    folded, folded_hits = _median_seconds(
        lambda: len(store.documents.segment_ids(document_id, search=PHRASE))
    )
    concordance, concordance_hits = _median_seconds(
        lambda: len(list(store.search.concordance(PHRASE)))
    )
    return {
        "phrase": PHRASE,
        "lower_s": baseline,
        "lower_hits": ascii_hits,
        "casefold_s": folded,
        "casefold_hits": folded_hits,
        "casefold_ratio": folded / baseline,
        "concordance_s": concordance,
        "concordance_hits": concordance_hits,
    }


def main(argv: list[str]) -> int:
    """Build a store, time the searches, print a table or JSON."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench search")
    parser.add_argument("--segments", type=int, default=50_000, help="segments in the store")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--cli-store", type=Path, help="peak memory of `workbench search` on this store instead"
    )
    parser.add_argument(
        "--phrase", action="append", help="phrase for --cli-store (repeatable) [default: och, e]"
    )
    args = parser.parse_args(argv)
    if args.cli_store:
        for phrase in args.phrase or ["och", "e"]:
            for options in ([], ["--json"], ["--limit", "100"]):
                command = ["search", phrase, *options]
                figures = timed_command(args.cli_store, *command)
                print(json.dumps({"command": " ".join(command), **figures}), flush=True)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search.db"
        document_id = build_store(path, args.segments)
        with Store.open(path) as store:
            result = {"segments": args.segments, **measure(store, document_id)}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"segments         {result['segments']:,}; phrase {PHRASE!r}")
    print(f"lower() (ASCII)  {result['lower_s'] * 1000:7.1f} ms  {result['lower_hits']} hits")
    print(
        f"casefold()       {result['casefold_s'] * 1000:7.1f} ms  {result['casefold_hits']} hits"
        f"  ({result['casefold_ratio']:.1f}× lower())"
    )
    print(
        f"concordance      {result['concordance_s'] * 1000:7.1f} ms  "
        f"{result['concordance_hits']} hits"
    )
    return 0
