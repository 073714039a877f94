"""A batch translation killed with SIGKILL at random moments resumes without doubles or gaps."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT, run_cli
from workbench.records import Origin
from workbench.store import Store

PLACES = ["Lai Chau", "Uppsala", "Kiruna", "Visby", "Malmö", "Umeå", "Falun", "Lund"]
THINGS = ["skolor", "broar", "vägar", "sjukhus", "bibliotek", "hamnar", "parker", "fabriker"]
VERBS = ["bygga", "reparera", "planera", "utvidga", "modernisera", "stänga", "öppna"]


def _article(rng: random.Random, number: int) -> str:
    paragraphs = [f"Nyheter från kommunen nummer {number}"]
    for _ in range(6):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentences.append(
                f"Kommunen i {rng.choice(PLACES)} har beslutat att {rng.choice(VERBS)} "
                f"{rng.randint(2, 90)} nya {rng.choice(THINGS)} "
                f"under år {rng.randint(2020, 2030)}, "
                f"och invånarna är mycket nöjda med det."
            )
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.slow
def test_kill_minus_nine_then_resume(
    tmp_path: Path, store_path: Path, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    articles = tmp_path / "articles"
    articles.mkdir()
    rng = random.Random(1234)
    for number in range(40):
        (articles / f"article_{number:02}.txt").write_text(_article(rng, number), "utf-8")
    env = {**os.environ, "WORKBENCH_STORE": str(store_path), "WORKBENCH_MODELS": str(models)}

    kills = 0
    for _ in range(8):
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", "translate", str(articles)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.8, 3.0))
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
    finished = run_cli("translate", str(articles), env=env, timeout=600)
    assert finished.returncode == 0, finished.stderr

    with Store.open(store_path) as store:
        summaries = store.documents()
        assert len(summaries) == 40, "a document was stored twice or not at all"
        checked = 0
        for summary in summaries:
            for segment in store.segments(summary.document.id, translatable_only=True):
                versions = store.history(segment.id)
                assert [v.origin for v in versions] == [Origin.MT], segment.id
                assert segment.target == "[en] " + segment.source
                checked += 1
        assert store.check() == []
    again = run_cli("translate", str(articles), env=env, timeout=600)
    assert again.returncode == 0
    assert "nothing to translate" in again.stderr
    print(f"\nresume: {kills} kills, {checked} segments checked, 0 doubled, 0 missing")
