"""Benchmark: what spelling adds to `workbench run` and `workbench qa DOC`, in one run.

`python -m workbench.bench spelling_cost [--runs N] [--json]`. Each command runs as a fresh
process on the seed article with the fixture model (`[en] ` + source), once with the packaged
dictionaries (or `WORKBENCH_HUNSPELL`'s) and once with spelling off (`WORKBENCH_HUNSPELL` at an
empty folder), with the compiled caches warm; the first run, which compiles them, is
reported apart. The two modes alternate, in an order that flips from round to round. Wall and
CPU seconds (medians; CPU time shifts less on a busy machine) and peak resident memory per
process. Also the first spelling + QA check in a fresh process, as the first save in the
review app waits for it.
Never run from tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.bench import emit
from workbench.translate.fixture import build_fixture_package
from workbench.translate.packages import install_from_file

_SEED = Path("seeds/004_a5e45da3f1913b04.txt")
_FIRST_CHECK = """
import time
from workbench.quality.qa import check_pair
from workbench.quality.spelling import check_spelling, dictionaries_installed
started = time.perf_counter()
source, target = "Katten sover i soffan.", "The cat sleeeps on the sofa."
check_pair(source, target) + (check_spelling(source, target) if dictionaries_installed() else [])
print(time.perf_counter() - started)
"""


def main(argv: list[str]) -> int:
    """Run the benchmark; a table, or one JSON object with --json."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench spelling_cost")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command and mode")
    parser.add_argument("--article", type=Path, default=_SEED)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as folder:
        root = Path(folder)
        (root / "no-dictionaries").mkdir()
        install_from_file(
            build_fixture_package(root / "fixture.argosmodel", variant="marker"), root / "models"
        )
        base = {
            **os.environ,
            "WORKBENCH_MODELS": str(root / "models"),
            "WORKBENCH_OUT": str(root / "out"),
            "WORKBENCH_CACHE": str(root / "cache"),
        }
        modes = {
            "spelling": base,
            "no spelling": {**base, "WORKBENCH_HUNSPELL": str(root / "no-dictionaries")},
        }
        article = str(args.article.resolve())
        cold = _timed(
            _cli("run", article, "--yes"), {**base, "WORKBENCH_STORE": str(root / "cold.db")}
        )
        report: dict[str, Any] = {"cold run (compiles the caches)": _median([cold])}
        samples: dict[str, dict[str, list[tuple[float, float, float]]]] = {
            command: {mode: [] for mode in modes} for command in ("run", "qa 1", "first check")
        }
        for number in range(args.runs):
            # The order alternates (ABBA…): whichever ran second in a round was seen slower
            # on a busy machine, which a fixed order adds to one mode's figures every round.
            order = list(modes.items())
            for mode, env in order if number % 2 == 0 else reversed(order):
                store = root / f"{mode.replace(' ', '-')}-{number}.db"
                env = {**env, "WORKBENCH_STORE": str(store)}
                samples["run"][mode].append(_timed(_cli("run", article, "--yes"), env))
                samples["qa 1"][mode].append(_timed(_cli("qa", "1"), env))
                first = subprocess.run(
                    [sys.executable, "-c", _FIRST_CHECK],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                seconds = float(first.stdout)
                samples["first check"][mode].append((seconds, seconds, 0.0))
        for command, by_mode in samples.items():
            medians = {mode: _median(runs) for mode, runs in by_mode.items()}
            report[command] = {
                **medians,
                "ratio": round(medians["spelling"]["s"] / medians["no spelling"]["s"], 2),
                "cpu ratio": round(
                    medians["spelling"]["cpu s"] / medians["no spelling"]["cpu s"], 2
                ),
            }
    return emit(report, args.json)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "workbench", *args]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one process that must succeed."""
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {errors.read()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _median(runs: list[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "s": round(statistics.median(s for s, _, _ in runs), 3),
        "cpu s": round(statistics.median(cpu for _, cpu, _ in runs), 3),
        "MB": round(statistics.median(mb for _, _, mb in runs), 1),
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
