"""`translate --cluster local`: a real local Ray instance with the fixture model.

Each test starts a small Ray instance (2 CPUs, the smallest object store) and the run shuts it
down; the driver is the only writer of the store, so kills never double or lose a version.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT, run_cli
from tests.test_resume import _article
from workbench.records import Origin
from workbench.store import Store

needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="the cluster extra is not installed"
)


def _articles(folder: Path, count: int, seed: int = 15) -> Path:
    folder.mkdir()
    rng = random.Random(seed)
    for number in range(count):
        (folder / f"article_{number:02}.txt").write_text(_article(rng, number), "utf-8")
    return folder


def _targets(store_path: Path) -> dict[tuple[str, int, int], tuple[str | None, list[Origin]]]:
    """Every translatable segment's target and version origins, keyed by file and position."""
    with Store.open(store_path) as store:
        return {
            (summary.document.path.rsplit("/", 1)[-1], s.paragraph, s.index): (
                s.target,
                [v.origin for v in store.reviews.history(s.id)],
            )
            for summary in store.documents.summaries()
            for s in store.documents.segments(summary.document.id, translatable_only=True)
        }


def _assert_one_mt_version_each(store_path: Path, documents: int) -> None:
    with Store.open(store_path) as store:
        assert len(store.documents.summaries()) == documents
        assert store.check() == []
    for (name, _, _), (target, origins) in _targets(store_path).items():
        assert origins == [Origin.MT], name
        assert target is not None and target.startswith("[en] ")


@pytest.mark.slow
@needs_ray
def test_cluster_run_equals_in_process_run(
    tmp_path: Path, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    articles = _articles(tmp_path / "articles", 6)
    in_process = tmp_path / "in_process.db"
    on_ray = tmp_path / "on_ray.db"
    env = {"WORKBENCH_MODELS": str(models)}

    local = run_cli("translate", str(articles), env={**env, "WORKBENCH_STORE": str(in_process)})
    assert local.returncode == 0, local.stderr
    ray_run = run_cli(
        "translate",
        str(articles),
        "--cluster",
        "local",
        "--actors",
        "2",
        "--json",
        env={**env, "WORKBENCH_STORE": str(on_ray)},
        timeout=600,
    )
    assert ray_run.returncode == 0, ray_run.stderr

    expected = _targets(in_process)
    assert len(expected) > 100
    assert _targets(on_ray) == expected
    again = run_cli(
        "translate",
        str(articles),
        "--cluster",
        "local",
        env={**env, "WORKBENCH_STORE": str(on_ray)},
    )
    assert again.returncode == 0, again.stderr
    assert "nothing to translate" in again.stderr


@pytest.mark.slow
@needs_ray
def test_driver_killed_mid_run_then_rerun_leaves_one_version_each(
    tmp_path: Path, store_path: Path, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    articles = _articles(tmp_path / "articles", 40)
    env = {**os.environ, "WORKBENCH_STORE": str(store_path), "WORKBENCH_MODELS": str(models)}
    ingested = run_cli("ingest", str(articles), env=env)
    assert ingested.returncode == 0, ingested.stderr
    with Store.open(store_path) as store:
        document_ids = [str(s.document.id) for s in store.documents.summaries()]
        total = sum(s.translatable for s in store.documents.summaries())

    # Its own session, so the local Ray instance it starts can be cleaned up with it.
    driver = subprocess.Popen(
        [sys.executable, "-m", "workbench", "translate", *document_ids, "--cluster", "local"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        translated = 0
        while driver.poll() is None and translated == 0:
            time.sleep(0.05)
            with Store.open(store_path) as store:
                translated = sum(s.translated for s in store.documents.summaries())
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
    finally:
        try:
            os.killpg(driver.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert 0 < translated < total, "the driver was not killed mid-run"

    rerun = run_cli("translate", *document_ids, "--cluster", "local", env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    _assert_one_mt_version_each(store_path, 40)


@pytest.mark.slow
@needs_ray
def test_killed_worker_batch_is_retried(
    tmp_path: Path, store_path: Path, install_model: Callable[[str], Path]
) -> None:
    from workbench.pipeline import prepare_inputs, run
    from workbench.translate.cluster import translate_on_cluster

    models = install_model("marker")
    articles = _articles(tmp_path / "articles", 12)
    killed: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        if not killed:
            killed.append(_kill_one_actor())

    with Store.open(store_path) as store:
        document_ids = [
            r.ingest.document.id for r in run(store, prepare_inputs([str(articles)]), None)
        ]
        results = translate_on_cluster(
            store,
            document_ids,
            models,
            address="local",
            actors=2,
            in_flight=6,
            on_progress=kill_a_worker,
        )
    assert killed and killed[0] > 0
    assert sum(r.machine for r in results) > 0
    _assert_one_mt_version_each(store_path, 12)


def _kill_one_actor() -> int:
    """SIGKILL one process Ray titled after the Translator actor; returns its pid."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"ray::Translator"):
            os.kill(int(entry.name), signal.SIGKILL)
            return int(entry.name)
    return 0


def test_without_ray_cluster_is_one_line_error(tmp_path: Path, store_path: Path) -> None:
    articles = _articles(tmp_path / "articles", 1)
    # `import ray` fails as it does when the extra is not installed.
    code = (
        "import sys; sys.modules['ray'] = None; sys.argv[0] = 'workbench'; "
        "from workbench.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "translate", str(articles), "--cluster", "local"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "WORKBENCH_STORE": str(store_path)},
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "workbench: error: --cluster needs Ray: pip install 'workbench[cluster]'"
    ]
    assert not store_path.exists()
