"""The distributed path's overhead and a projection of its ceiling.

In the same run, on copies of one generated store: the in-process stage with `--jobs N` and
`translate --cluster local` with N actors (Ray start-up timed apart). Then the driver's own
cost per segment — reading untranslated segments and committing results, the work no actor
can take over — which bounds a cluster of any size at 1 / cost segments per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.bench.scale_store import article, fixture_package, sentence_pool
from workbench.records import NewTranslation, Origin
from workbench.store import Store
from workbench.translate.batches import commit_batch, untranslated_batches
from workbench.translate.cluster import translate_on_cluster
from workbench.translate.engine import DEFAULT_BATCH_TOKENS
from workbench.translate.stage import EngineProvider, translate_document


def build_untranslated(path: Path, documents: int, seed: int = 15) -> int:
    """Generated articles, ingested but not translated; returns the translatable count."""
    rng = random.Random(seed)
    pool = sentence_pool(random.Random(seed))
    with Store.open(path) as store:
        for number in range(documents):
            store.documents.add(
                path=f"bench/{number:05d}.txt",
                title=f"Article {number}",
                sha256=f"cluster-bench-{number}",
                source_lang="sv",
                target_lang="en",
                segments=article(rng, pool),
            )
        return sum(s.translatable for s in store.documents.summaries())


def in_process(path: Path, models: Path, jobs: int) -> float:
    """Seconds for the in-process stage over every document (engine load included)."""
    started = time.perf_counter()
    with Store.open(path) as store:
        provider = EngineProvider(models, "sv", "en", jobs=jobs)
        for summary in store.documents.summaries():
            translate_document(store, summary.document.id, provider)
    return time.perf_counter() - started


def on_cluster(path: Path, models: Path, actors: int, total: int) -> dict[str, float]:
    """Seconds for `translate_on_cluster` (local Ray), and how much of it was Ray start-up."""
    import ray

    first_commit: list[tuple[float, int]] = []
    started = time.perf_counter()
    with Store.open(path) as store:
        ids = [s.document.id for s in store.documents.summaries()]
        original_init = ray.init
        ready: list[float] = []

        def timed_init(*args: Any, **kwargs: Any) -> Any:
            context = original_init(*args, **kwargs)
            ready.append(time.perf_counter())
            return context

        def stamp_first_commit(done: int, total: int) -> None:
            if not first_commit:
                first_commit.append((time.perf_counter(), done))

        ray.init = timed_init
        try:
            translate_on_cluster(
                store,
                ids,
                models,
                address="local",
                actors=actors,
                on_progress=stamp_first_commit,
            )
        finally:
            ray.init = original_init
    ended = time.perf_counter()
    return {
        "total_s": ended - started,
        "ray_start_s": ready[0] - started,
        # Steady state: actors up and loaded, the first batch already in.
        "steady_seg_per_s": (total - first_commit[0][1]) / (ended - first_commit[0][0]),
    }


def driver_cost(path: Path) -> dict[str, float]:
    """Seconds per segment the driver spends reading work out and committing results."""
    with Store.open(path) as store:
        ids = [s.document.id for s in store.documents.summaries()]
        started = time.perf_counter()
        batches = list(
            untranslated_batches(
                store,
                ids,
                # What the cluster driver sorts by: it never loads a tokenizer.
                count_tokens=lambda text: len(text.split()) + 1,
                batch_tokens=DEFAULT_BATCH_TOKENS,
            )
        )
        read = time.perf_counter() - started
        segments = sum(len(b.segments) for b in batches)
        started = time.perf_counter()
        for batch in batches:
            commit_batch(
                store,
                [
                    NewTranslation(s.id, "[en] " + s.source, Origin.MT, score=-0.1)
                    for s in batch.segments
                ],
            )
        commit = time.perf_counter() - started
    return {"read_s_per_segment": read / segments, "commit_s_per_segment": commit / segments}


def main(argv: list[str]) -> int:
    """Run the comparison on the fixture model; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench cluster", description=__doc__)
    parser.add_argument("--docs", type=int, default=150, help="generated articles")
    parser.add_argument("--workers", type=int, default=2, help="--jobs and --actors")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        models = fixture_package(scratch)
        base = scratch / "base.db"
        segments = build_untranslated(base, args.docs)
        copies = {}
        for name in ("jobs", "cluster", "driver"):
            copies[name] = scratch / f"{name}.db"
            shutil.copy(base, copies[name])
        local_s = in_process(copies["jobs"], models, args.workers)
        cluster = on_cluster(copies["cluster"], models, args.workers, segments)
        driver = driver_cost(copies["driver"])
    per_segment = driver["read_s_per_segment"] + driver["commit_s_per_segment"]
    translating_s = cluster["total_s"] - cluster["ray_start_s"]
    per_actor = cluster["steady_seg_per_s"] / args.workers
    result = {
        "segments": segments,
        "workers": args.workers,
        "load_avg_1m": os.getloadavg()[0],
        "in_process_jobs_s": round(local_s, 2),
        "in_process_seg_per_s": round(segments / local_s, 1),
        "cluster_total_s": round(cluster["total_s"], 2),
        "cluster_ray_start_s": round(cluster["ray_start_s"], 2),
        "cluster_seg_per_s_after_start": round(segments / translating_s, 1),
        "cluster_steady_seg_per_s": round(cluster["steady_seg_per_s"], 1),
        "cluster_over_in_process_time": round(cluster["total_s"] / local_s, 2),
        "cluster_over_in_process_time_after_start": round(translating_s / local_s, 2),
        "per_actor_seg_per_s": round(per_actor, 1),
        "driver_ms_per_segment": round(per_segment * 1000, 3),
        "single_writer_ceiling_seg_per_s": round(1 / per_segment),
        "actors_until_writer_bound": round(1 / per_segment / per_actor),
    }
    print(json.dumps(result, indent=None if args.json else 2))
    return 0
