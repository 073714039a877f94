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


def _short_article(rng: random.Random, number: int) -> str:
    """A few lines with the dateline and credit a news archive repeats in every article."""
    return (
        f"Uppsala (TT) {number}\n\n"
        f"Kommunen i {rng.choice(PLACES)} vill {rng.choice(VERBS)} {rng.randint(2, 90)} "
        f"{rng.choice(THINGS)} nummer {number}.\n\n"
        "Foto: Anna Andersson\n"
    )


def _kill_repeatedly(
    command: list[str], env: dict[str, str], rng: random.Random, rounds: int
) -> int:
    """Start `command` `rounds` times, SIGKILL each run at a random moment; count the kills."""
    kills = 0
    for _ in range(rounds):
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", *command],
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
    return kills


def _translated(store_path: Path) -> int:
    with Store.open(store_path) as store:
        return sum(summary.translated for summary in store.documents.summaries())


def _kill_after_progress(
    command: list[str], env: dict[str, str], rng: random.Random, store_path: Path
) -> int:
    """Start `command`, SIGKILL it soon after its next commit of targets; 1 if it was killed."""
    before = _translated(store_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while process.poll() is None and _translated(store_path) == before:
        time.sleep(0.2)
    time.sleep(rng.uniform(0.0, 0.3))
    killed = process.poll() is None
    if killed:
        process.kill()
    process.wait()
    return int(killed)


def _assert_each_segment_translated_once(store_path: Path, documents: int) -> int:
    with Store.open(store_path) as store:
        summaries = store.documents.summaries()
        assert len(summaries) == documents, "a document was stored twice or not at all"
        checked = 0
        for summary in summaries:
            for segment in store.documents.segments(summary.document.id, translatable_only=True):
                versions = store.reviews.history(segment.id)
                assert [v.origin for v in versions] == [Origin.MT], segment.id
                assert segment.target == "[en] " + segment.source
                checked += 1
        assert store.check() == []
    return checked


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

    kills = _kill_repeatedly(["translate", str(articles)], env, rng, 8)
    finished = run_cli("translate", str(articles), env=env, timeout=600)
    assert finished.returncode == 0, finished.stderr
    checked = _assert_each_segment_translated_once(store_path, 40)
    again = run_cli("translate", str(articles), env=env, timeout=600)
    assert again.returncode == 0
    assert "nothing to translate" in again.stderr
    print(f"\nresume: {kills} kills, {checked} segments checked, 0 doubled, 0 missing")


@pytest.mark.slow
def test_cross_document_batches_resume_after_kill_minus_nine(
    tmp_path: Path, store_path: Path, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    articles = tmp_path / "articles"
    articles.mkdir()
    rng = random.Random(99)
    count = 150
    for number in range(count):
        (articles / f"short_{number:03}.txt").write_text(_short_article(rng, number), "utf-8")
    env = {**os.environ, "WORKBENCH_STORE": str(store_path), "WORKBENCH_MODELS": str(models)}
    command = ["translate", str(articles), "--jobs", "2", "--source-lang", "sv"]

    Store.open(store_path).close()  # the poller below must never race the schema's creation
    kills = 0
    for _ in range(3):
        kills += _kill_after_progress(command, env, rng, store_path)
    partly = _translated(store_path)
    assert kills and partly, "no run was killed while translating"
    finished = run_cli(*command, env=env, timeout=600)
    assert finished.returncode == 0, finished.stderr
    checked = _assert_each_segment_translated_once(store_path, count)
    print(
        f"\ncross-document resume: {kills} kills, {partly} segments done before the last "
        f"run, {checked} checked, 0 doubled, 0 missing"
    )
