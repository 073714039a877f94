"""Benchmark: render one translated article and a folder of many, in seconds and resident
memory, with the seed article copied into a fresh store and given MT-like targets (no model).

Baselines from the same run: reading the same documents' segments from the store, and
rendering them into memory without files, so the ratios show what the writers and the atomic
file writes (fsync of file and folder) each add. Never run from tests.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from workbench.bench import emit
from workbench.export.render import FORMATS, load_article, render, render_to_path
from workbench.ingest.stage import ingest_prepared, prepare
from workbench.ingest.textio import read_source
from workbench.records import NewTranslation, Origin
from workbench.store import Store


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _fill(store: Store, article: Path, documents: int) -> list[int]:
    """`documents` copies of `article`, each a distinct file, every segment given a target."""
    prepared = prepare(read_source(str(article)))
    ids = []
    for number in range(documents):
        source = replace(prepared.source, name=f"article-{number:05d}.txt", sha256=f"{number:064x}")
        document = ingest_prepared(store, replace(prepared, source=source)).document
        store.reviews.record_translations(
            [
                NewTranslation(segment.id, "[en] " + segment.source, Origin.MT, score=-0.1)
                for segment in store.documents.untranslated_segments(document.id)
            ]
        )
        ids.append(document.id)
    return ids


def main(argv: list[str]) -> int:
    """Run the render benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="workbench.bench render", description=__doc__)
    parser.add_argument("--article", type=Path, default=Path("seeds/004_a5e45da3f1913b04.txt"))
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--format", default="html", choices=FORMATS)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with Store.open(root / "bench.db") as store:
            started = time.perf_counter()
            ids = _fill(store, args.article, args.documents)
            fill_s = time.perf_counter() - started

            started = time.perf_counter()
            for document_id in ids:
                for _ in store.article.segments(document_id, with_flags=True):
                    pass
            read_s = time.perf_counter() - started

            started = time.perf_counter()
            for document_id in ids:
                render(load_article(store, document_id), args.format, io.BytesIO())
            memory_s = time.perf_counter() - started

            (root / "one").mkdir()
            started = time.perf_counter()
            render_to_path(store, ids[:1], args.format, root / "one", into_folder=True)
            one_s = time.perf_counter() - started

            (root / "many").mkdir()
            rss_start = _rss_mb()
            tenth = max(1, len(ids) // 10)
            started = time.perf_counter()
            render_to_path(store, ids[:tenth], args.format, root / "many")
            rss_tenth = _rss_mb()
            render_to_path(store, ids[tenth:], args.format, root / "many")
            many_s = time.perf_counter() - started
            rss_end = _rss_mb()
            written = len(list((root / "many").iterdir()))
    result = {
        "format": args.format,
        "documents": args.documents,
        "segments_per_document": len(prepare(read_source(str(args.article))).segments),
        "fill_seconds": round(fill_s, 2),
        "one_document_ms": round(one_s * 1000, 1),
        "all_documents_seconds": round(many_s, 2),
        "documents_written": written,
        "read_only_baseline_seconds": round(read_s, 2),
        "in_memory_render_seconds": round(memory_s, 2),
        "render_vs_read_ratio": round(many_s / read_s, 2) if read_s else None,
        "files_vs_in_memory_ratio": round(many_s / memory_s, 2) if memory_s else None,
        "rss_mb": {"start": round(rss_start, 1), "after_10pct": round(rss_tenth, 1),
                   "end": round(rss_end, 1)},
    }  # fmt: skip
    return emit(result, args.json)
