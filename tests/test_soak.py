"""Many processes, one store: a live reviewer saves and approves while every other command runs.

The reviewer is the real review app (tests/soak.py, Textual pilot) in its own process, holding
its store connection open from start to quit. Beside it, two loops of processes run every
reading and writing command, and a second app process browses the same document. Every save
and approval the app reported must be in the store, none may fail, the WAL must never vanish
under the live app, and `store check` must be clean.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT, SWEDISH_SEED, run_cli
from workbench.store import Store

REVIEW_SECONDS = 40


def _commands(tmp: Path, document_id: int) -> list[Callable[[int], list[str]]]:
    """Every reading and writing command, as argument lists for round `n`."""
    doc = str(document_id)
    return [
        lambda n: ["documents", "--json"],
        lambda n: ["segments", doc, "--json"],
        lambda n: ["segments", doc, "--history"],
        lambda n: ["search", "Soak", "--json"],
        lambda n: ["render", doc, "-o", str(tmp / f"article{n}.txt")],
        lambda n: [
            "export",
            "--format",
            "tmx",
            "-o",
            str(tmp / f"corpus{n}.tmx"),
            "--status",
            "all",
        ],
        lambda n: ["stats"],
        lambda n: ["qa", doc],
        lambda n: ["store", "check"],
        lambda n: ["store", "backup", str(tmp / f"backup{n}.db")],
        lambda n: ["tm", "import", str(tmp / "memory.tsv")],
        lambda n: ["glossary", "import", str(tmp / "terms.csv")],
        lambda n: ["glossary", "add", f"soakterm{n}", f"soak term {n}"],
        lambda n: ["translate", str(_new_article(tmp, n))],
    ]


def _new_article(tmp: Path, n: int) -> Path:
    path = tmp / f"nyhet{n}.txt"
    path.write_text(
        f"Nyhet nummer {n}\n\nKommunen bygger en ny skola i centrum. "
        f"Den ska vara klar om {n + 2} år, säger kommunalrådet.\n",
        encoding="utf-8",
    )
    return path


def _loop(
    commands: list[tuple[int, Callable[[int], list[str]]]],
    rounds: itertools.count[int],
    stop: threading.Event,
    failures: list[str],
    ran: list[int],
) -> None:
    for number, command in itertools.cycle(commands):
        if stop.is_set():
            return
        args = command(next(rounds))
        result = run_cli(*args, timeout=120)
        ran.append(number)
        if result.returncode != 0:
            failures.append(f"{' '.join(args)}: exit {result.returncode}: {result.stderr[-500:]}")


def _app_process(
    store_path: Path, document_id: int, report: Path, *options: str
) -> subprocess.Popen[str]:
    """The review app in its own process (tests/soak.py), reporting to `report`."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.soak", str(store_path), str(document_id),
         str(REVIEW_SECONDS), str(report), *options],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_a_live_reviewer_loses_nothing_while_every_command_runs(
    store_path: Path, tmp_path: Path, install_model: Callable[[str], Path]
) -> None:
    install_model("marker")
    translated = run_cli("translate", str(SWEDISH_SEED))
    assert translated.returncode == 0, translated.stderr
    with Store.open(store_path) as store:
        document_id = store.documents.list_all()[0].id
    (tmp_path / "memory.tsv").write_text("Hej världen.\tHello world.\n", encoding="utf-8")
    (tmp_path / "terms.csv").write_text("source,target\nkommun,municipality\n", encoding="utf-8")

    report = tmp_path / "reviewer.json"
    reviewer = _app_process(store_path, document_id, report)
    browser = _app_process(store_path, document_id, tmp_path / "browser.json", "--browse")
    stop, failures, ran = threading.Event(), [], []
    rounds = itertools.count()
    commands = list(enumerate(_commands(tmp_path, document_id)))
    loops = [
        threading.Thread(target=_loop, args=(order, rounds, stop, failures, ran))
        for order in (commands, commands[::-1])
    ]
    started = time.monotonic()
    for loop in loops:
        loop.start()
    _, reviewer_err = reviewer.communicate(timeout=REVIEW_SECONDS + 240)
    _, browser_err = browser.communicate(timeout=120)
    stop.set()
    for loop in loops:
        loop.join()
    minutes = (time.monotonic() - started) / 60

    assert reviewer.returncode == 0, reviewer_err[-3000:]
    assert browser.returncode == 0, browser_err[-3000:]
    result = json.loads(report.read_text())
    saved = {int(k): v for k, v in result["saved"].items()}
    approved = {int(k): v for k, v in result["approved"].items()}
    print(
        f"soak: {len(ran)} command processes + 2 app processes, {result['rounds']} saves "
        f"and approvals in {minutes:.1f} min"
    )
    assert result["failures"] == []
    assert failures == []
    assert result["wal_vanished"] == 0
    assert result["rounds"] >= 3
    assert len(set(ran)) == len(commands), "every command ran at least once"
    with Store.open(store_path) as store:
        assert store.check() == []
        for segment_id, text in saved.items():
            segment = store.documents.segment(segment_id)
            assert segment.target == text
            assert (segment.status == "approved") == approved[segment_id]
    checked = run_cli("store", "check")
    assert checked.returncode == 0, checked.stderr
