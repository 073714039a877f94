"""Benchmark: many short articles batched across documents against one document at a time.

Generates `--docs` short news articles (a shared dateline and photo credit, as archives repeat
them), stores them once, then times `translate_documents` — the call `workbench translate DIR`
makes after ingesting — in four modes, each in its own process on a copy of the store: batches
across documents or per document, repeated sources reused or not. Never run from tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from workbench.bench import emit, work_folder
from workbench.pipeline import prepare_inputs, run
from workbench.store import Store
from workbench.translate.fixture import build_fixture_package
from workbench.translate.packages import install_from_file
from workbench.translate.stage import EngineProvider, translate_documents

MODES = ("cross", "per_document", "cross_no_reuse", "per_document_no_reuse")
_CHILD_CODE = "import sys; from workbench.bench.batch import main; sys.exit(main(sys.argv[1:]))"
_PLACES = ["Uppsala", "Kiruna", "Visby", "Malmö", "Umeå", "Falun", "Lund", "Luleå", "Borås"]
_THINGS = ["skolor", "broar", "vägar", "sjukhus", "bibliotek", "hamnar", "parker", "bussar"]
_VERBS = ["bygga", "reparera", "planera", "utvidga", "modernisera", "stänga", "öppna"]
_CREDITS = ["Foto: Anna Andersson/TT", "Foto: Erik Berg/TT", "Text: TT"]


def main(argv: list[str]) -> int:
    """`python -m workbench.bench batch [--docs N] [--rounds N] [--jobs N] [--json]`."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench batch", description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="short articles to generate")
    parser.add_argument("--rounds", type=int, default=2, help="runs per mode, order alternating")
    parser.add_argument("--jobs", type=int, default=1, help="batches in parallel (--jobs)")
    parser.add_argument(
        "--package",
        type=Path,
        help="an .argosmodel to use [default: the small copy fixture, so batching shows]",
    )
    parser.add_argument("--work", type=Path, help="keep the articles, stores and logs here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(json.loads(args.child.read_text(encoding="utf-8")))))
        return 0
    with work_folder(args.work, "batch") as work:
        report = _benchmark(args, work)
    return emit(report, args.json, _print)


def _benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    archive = args.package or build_fixture_package(work / "copy.argosmodel", variant="copy")
    install_from_file(archive, work / "models")
    articles = work / "articles"
    articles.mkdir(exist_ok=True)
    rng = random.Random(2026)
    for number in range(args.docs):
        (articles / f"{number:05}.txt").write_text(_article(rng, number), encoding="utf-8")
    _log(f"storing {args.docs} articles …")
    with Store.open(work / "pristine.db") as store:
        documents = [
            r.document.id
            for r in run(store, prepare_inputs([str(articles)], source_lang="sv"), None)
        ]
        segments = sum(len(store.documents.untranslated_segments(i)) for i in documents)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    for round_number in range(args.rounds):
        for mode in MODES if round_number % 2 == 0 else MODES[::-1]:
            store_path = work / f"store-{mode}-{round_number}.db"
            shutil.copyfile(work / "pristine.db", store_path)
            spec = work / f"spec-{mode}.json"
            spec.write_text(
                json.dumps(
                    {
                        "store": str(store_path),
                        "models": str(work / "models"),
                        "documents": documents,
                        "mode": mode,
                        "jobs": args.jobs,
                    }
                ),
                encoding="utf-8",
            )
            completed = subprocess.run(
                [sys.executable, "-c", _CHILD_CODE, "--child", str(spec)],
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0:
                raise RuntimeError(f"{mode} failed:\n{completed.stderr[-3000:]}")
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            runs[mode].append(result)
            _log(f"round {round_number + 1}, {mode}: {result['segments_per_s']:.1f} segments/s")
    best = {mode: max(r["segments_per_s"] for r in results) for mode, results in runs.items()}
    # On a shared machine CPU seconds drift less than wall seconds; both are reported.
    cpu = {mode: min(r["cpu_s"] for r in results) for mode, results in runs.items()}
    return {
        "documents": args.docs,
        "segments": segments,
        "jobs": args.jobs,
        "rounds": args.rounds,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "runs": runs,
        "segments_per_s": {mode: round(rate, 2) for mode, rate in best.items()},
        "cross_vs_per_document": round(best["cross"] / best["per_document"], 3),
        "cross_vs_per_document_no_reuse": round(
            best["cross_no_reuse"] / best["per_document_no_reuse"], 3
        ),
        "reuse_vs_no_reuse_cross": round(best["cross"] / best["cross_no_reuse"], 3),
        "cpu_cross_vs_per_document": round(cpu["per_document"] / cpu["cross"], 3),
        "cpu_cross_vs_per_document_no_reuse": round(
            cpu["per_document_no_reuse"] / cpu["cross_no_reuse"], 3
        ),
        "cpu_reuse_vs_no_reuse_cross": round(cpu["cross_no_reuse"] / cpu["cross"], 3),
    }


def _article(rng: random.Random, number: int) -> str:
    sentences = [
        f"Kommunen i {rng.choice(_PLACES)} vill {rng.choice(_VERBS)} {rng.randint(2, 90)} "
        f"{rng.choice(_THINGS)} före år {rng.randint(2026, 2035)}."
        for _ in range(rng.randint(1, 3))
    ]
    return (
        f"{rng.choice(_PLACES).upper()} (TT)\n\n"
        f"{' '.join(sentences)} Beslutet togs i kväll, nummer {number}.\n\n"
        f"{rng.choice(_CREDITS)}\n"
    )


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """One mode on its own store copy: seconds of `translate_documents`, model inputs."""

    class CountingEngine:
        """The engine, counting the texts that reach it."""

        def __init__(self, engine: Any) -> None:
            self._engine = engine
            self.model_id, self.signature = engine.model_id, engine.signature
            self.tokenize = engine.tokenize
            self.inputs: list[int] = []

        def translate(self, texts: list[str], **options: Any) -> Any:
            self.inputs.append(len(texts))
            return self._engine.translate(texts, **options)

    class CountingProvider(EngineProvider):
        def get(self) -> Any:
            if not hasattr(self, "counting"):
                self.counting = CountingEngine(super().get())
            return self.counting

    provider = CountingProvider(Path(spec["models"]), "sv", "en", jobs=spec["jobs"])
    inputs = provider.get().inputs  # the model loads before the clock starts, in every mode
    reuse = not spec["mode"].endswith("no_reuse")
    with Store.open(spec["store"]) as store:
        started, cpu_started = time.perf_counter(), time.process_time()
        if spec["mode"].startswith("cross"):
            results = translate_documents(store, spec["documents"], provider, reuse_repeats=reuse)
        else:
            results = [
                result
                for document in spec["documents"]
                for result in translate_documents(store, [document], provider, reuse_repeats=reuse)
            ]
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    translated = sum(r.machine for r in results)
    return {
        "segments": translated,
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu_s, 3),
        "segments_per_s": translated / seconds,
        "model_calls": len(inputs),
        "model_inputs": sum(inputs),
    }


def _print(report: dict[str, Any]) -> None:
    print(
        f"{report['documents']} articles, {report['segments']} segments, --jobs {report['jobs']}, "
        f"load average {report['load_average']}"
    )
    print(f"{'mode':<24}{'segments/s':>12}{'CPU s':>8}{'model calls':>13}{'model inputs':>14}")
    for mode, results in report["runs"].items():
        last = results[-1]
        print(
            f"{mode:<24}{report['segments_per_s'][mode]:>12.1f}"
            f"{min(r['cpu_s'] for r in results):>8.1f}"
            f"{last['model_calls']:>13}{last['model_inputs']:>14}"
        )
    for key in report:
        if key.startswith(("cross_", "reuse_", "cpu_")):
            print(f"{key}: {report[key]}")


def _log(message: str) -> None:
    print(f"bench batch: {message}", file=sys.stderr, flush=True)
