"""Benchmark: the workbench's MT engine stage against raw CTranslate2 and argostranslate.

Every engine gets the same sentences (the stored segments of one document) with the same intra
and inter threads: raw CTranslate2 and the workbench engine as one list, argostranslate as the
paragraphs they came from, which it splits and batches itself, as argos users call it. The full
`translate` stage (masking, QA, store) runs too, and its overhead over the engine is reported on
its own. Each run is its own process, so each peak RSS is its own. Never run from tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from workbench.bench import argos, emit, work_folder

ENGINES = ("raw_ct2", "engine", "workbench", "argos_tuned", "argos_default")
PER_SENTENCE = "argos_per_sentence"
_START_ENV = "WORKBENCH_BENCH_T0"
_CHILD_CODE = "import sys; from workbench.bench.mt import main; sys.exit(main(sys.argv[1:]))"
_MIN_WORDS = 6  # Tatoeba is mostly short chat; keep sentences closer to an article's


def main(argv: list[str]) -> int:
    """`python -m workbench.bench mt --sentences PATH [--limit N] [--json]`."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench mt", description=__doc__)
    parser.add_argument(
        "--sentences",
        type=Path,
        help="Tatoeba-style TSV (en<TAB>sv<TAB>…: the Swedish column is used) or an article",
    )
    parser.add_argument("--limit", type=int, default=200, help="sentences taken from a TSV")
    parser.add_argument(
        "--rounds", type=int, default=2, help="runs per engine, order alternating; best counts"
    )
    parser.add_argument("--package", type=Path, help="a prebuilt base .argosmodel to reuse")
    parser.add_argument("--work", type=Path, help="keep the store, models and logs here")
    parser.add_argument("--intra-threads", type=int, help="default: the engine's own choice")
    parser.add_argument("--jobs", type=int, default=1, help="batches in parallel (inter_threads)")
    parser.add_argument("--batch-tokens", type=int)
    parser.add_argument("--skip-argos", action="store_true", help="only workbench vs raw")
    parser.add_argument(
        "--per-sentence",
        action="store_true",
        help="also time argostranslate called once per sentence (not how argos is meant to run)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--child", choices=ENGINES[:3], help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        print(json.dumps(_CHILDREN[args.child](spec)))
        return 0
    if args.sentences is None:
        parser.error("--sentences is required")
    with work_folder(args.work, "mt") as work:
        report = _benchmark(args, work)
    return emit(report, args.json, _print_table)


def _benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from workbench.translate.engine import DEFAULT_BATCH_TOKENS, default_intra_threads
    from workbench.translate.fixture import build_fixture_package
    from workbench.translate.packages import install_from_file

    started = time.perf_counter()
    archive = args.package or build_fixture_package(work / "base.argosmodel", variant="base")
    build_s = None if args.package else time.perf_counter() - started
    package = install_from_file(archive, work / "models")
    document_id, paragraphs = _ingest(args.sentences, args.limit, work)
    sources = [sentence for paragraph in paragraphs for sentence in paragraph]
    spec = {
        "package": str(package.path),
        "models": str(work / "models"),
        "document_id": document_id,
        "sentences": sources,
        "paragraphs": paragraphs,
        "intra_threads": args.intra_threads or default_intra_threads(),
        "inter_threads": args.jobs,
        "batch_tokens": args.batch_tokens or DEFAULT_BATCH_TOKENS,
    }
    load_before = os.getloadavg()[0]
    engines = [e for e in ENGINES if not (args.skip_argos and e.startswith("argos"))]
    if args.per_sentence and not args.skip_argos:
        engines.append(PER_SENTENCE)
    runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    for round_number in range(args.rounds):
        # Alternating the order spreads the drift of a shared machine over every engine.
        for engine in engines if round_number % 2 == 0 else engines[::-1]:
            _log(f"round {round_number + 1}, {engine}: {len(sources)} segments …")
            if engine.startswith("argos"):
                result = _run_argos(engine, spec, work)
            else:
                store = work / f"store-{engine}-{round_number}.db"
                shutil.copyfile(work / "pristine.db", store)
                spec_path = work / f"spec-{engine}-{round_number}.json"
                spec_path.write_text(json.dumps({**spec, "store": str(store)}), encoding="utf-8")
                result = _run_child(engine, spec_path, work)
                if engine == "workbench":
                    result["outputs"] = _stored_targets(store, document_id)
            runs[engine].append(result)
            _log(f"round {round_number + 1}, {engine}: {result['sentences_per_s']:.2f} segments/s")
    return _report(spec, runs, build_s, load_before)


def _ingest(sentences_path: Path, limit: int, work: Path) -> tuple[int, list[list[str]]]:
    """Store the benchmark document; return its id and its translatable sources by paragraph."""
    from workbench.pipeline import prepare_inputs, run
    from workbench.store import Store

    document = work / "bench-document.txt"
    document.write_text(_document_text(sentences_path, limit), encoding="utf-8")
    prepared = prepare_inputs([str(document)], source_lang="sv")
    with Store.open(work / "ingested.db") as store:
        [ingested] = run(store, prepared, None)
        document_id = ingested.document.id
        paragraphs: dict[int, list[str]] = {}
        for segment in store.documents.segments(document_id, translatable_only=True):
            paragraphs.setdefault(segment.paragraph, []).append(segment.source)
        store.backup(work / "pristine.db")
    return document_id, list(paragraphs.values())


def _document_text(path: Path, limit: int) -> str:
    text = path.read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    if not rows or not all(len(row) >= 2 for row in rows):
        return text
    swedish = [row[1].strip() for row in rows if len(row[1].split()) >= _MIN_WORDS]
    chosen = sorted(random.Random(0).sample(range(len(swedish)), min(limit, len(swedish))))
    sentences = [swedish[i] for i in chosen]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs) + "\n"


def _run_argos(engine: str, spec: dict[str, Any], work: Path) -> dict[str, Any]:
    """argostranslate with the others' threads: paragraphs (default or tuned) or sentences."""
    tuned = engine == "argos_tuned"
    env = argos.prepare(
        work / "argos",
        Path(spec["package"]),
        intra_threads=spec["intra_threads"],
        inter_threads=spec["inter_threads"],
        batch_tokens=spec["batch_tokens"] if tuned else None,
        compute_type="int8" if tuned else None,
    )
    per_sentence = engine == PER_SENTENCE
    texts = spec["sentences"] if per_sentence else [" ".join(p) for p in spec["paragraphs"]]
    result = argos.run(env, texts)
    result["segments"] = len(spec["sentences"])
    result["sentences_per_s"] = len(spec["sentences"]) / result["seconds"]
    return result


def _run_child(engine: str, spec_path: Path, work: Path) -> Any:
    env = dict(os.environ)
    log = work / f"{engine}.log"
    env[_START_ENV] = repr(time.time())
    with log.open("w", encoding="utf-8") as stderr:
        completed = subprocess.run(
            [sys.executable, "-c", _CHILD_CODE, "--child", engine, "--spec", str(spec_path)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
            check=False,
        )
    if completed.returncode != 0:
        tail = log.read_text(encoding="utf-8")[-2000:]
        raise RuntimeError(f"{engine} benchmark process failed:\n{tail}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _stored_targets(store_path: Path, document_id: int) -> list[str]:
    from workbench.store import Store

    with Store.open(store_path) as store:
        return [
            s.target or "" for s in store.documents.segments(document_id, translatable_only=True)
        ]


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child_raw_ct2(spec: dict[str, Any]) -> dict[str, Any]:
    """The limit: sentencepiece and one `translate_batch` over all sentences, same options."""
    import ctranslate2
    import sentencepiece as spm

    from workbench.translate.engine import DEFAULT_BEAM_SIZE, LENGTH_PENALTY, decoding_limit

    package = Path(spec["package"])
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package / "model"),
        device="cpu",
        compute_type="int8",
        inter_threads=spec["inter_threads"],
        intra_threads=spec["intra_threads"],
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    pieces = [tokenizer.encode(text, out_type=str) for text in spec["sentences"]]
    results = translator.translate_batch(
        pieces,
        max_batch_size=spec["batch_tokens"],
        batch_type="tokens",
        beam_size=DEFAULT_BEAM_SIZE,
        num_hypotheses=1,
        length_penalty=LENGTH_PENALTY,
        max_input_length=0,
        max_decoding_length=decoding_limit(max(map(len, pieces))),
        replace_unknowns=True,
        return_scores=True,
    )
    outputs = [tokenizer.decode_pieces(result.hypotheses[0]) for result in results]
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    return _measured(len(pieces), seconds, cpu_s, outputs)


def _child_engine(spec: dict[str, Any]) -> dict[str, Any]:
    """The workbench's engine stage alone (`Engine.translate`) on the same sentences."""
    from workbench.translate.engine import Engine
    from workbench.translate.packages import find_installed

    engine = Engine.load(
        find_installed(Path(spec["models"]), "sv", "en"),
        device="cpu",
        intra_threads=spec["intra_threads"],
        inter_threads=spec["inter_threads"],
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    results = engine.translate(spec["sentences"], batch_tokens=spec["batch_tokens"])
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    return _measured(len(results), seconds, cpu_s, [r.text for r in results])


def _child_workbench(spec: dict[str, Any]) -> dict[str, Any]:
    """`workbench translate DOC`'s code path (masking, engine, QA, store), timed from process
    start; the model's loading is left out of `seconds`."""
    process_start = float(os.environ[_START_ENV])
    import workbench.cli  # noqa: F401  # the command's own import cost counts towards start-up
    from workbench.store import Store
    from workbench.translate.engine import get_engine
    from workbench.translate.stage import EngineProvider, translate_documents

    marks: dict[str, float] = {}  # wall seconds from process start, or of engine loading

    class TimedEngine:
        """Notes when the first batch goes into the model and when it comes back."""

        def __init__(self, engine: Any) -> None:
            self._engine = engine
            self.model_id = engine.model_id
            self.signature = engine.signature
            self.tokenize = engine.tokenize

        def translate(self, texts: list[str], **options: Any) -> Any:
            marks.setdefault("first_batch", time.time() - process_start)
            results = self._engine.translate(texts, **options)
            marks.setdefault("first_batch_done", time.time() - process_start)
            return results

    class TimedProvider(EngineProvider):
        def get(self) -> Any:
            if "load" not in marks:
                loading, cpu_loading = time.perf_counter(), time.process_time()
                self._timed = TimedEngine(
                    get_engine(
                        self.package(),
                        device="cpu",
                        inter_threads=self.jobs,
                        intra_threads=spec["intra_threads"],
                    )
                )
                marks["load"] = time.perf_counter() - loading
                marks["load_cpu"] = time.process_time() - cpu_loading
            return self._timed

    provider = TimedProvider(Path(spec["models"]), "sv", "en", jobs=spec["inter_threads"])
    with Store.open(spec["store"]) as store:
        started, cpu_started = time.perf_counter(), time.process_time()
        [result] = translate_documents(store, [spec["document_id"]], provider)
        seconds = time.perf_counter() - started - marks["load"]
        cpu_s = time.process_time() - cpu_started - marks["load_cpu"]
    measured = _measured(result.machine, seconds, cpu_s, [])
    measured.update(
        load_s=round(marks["load"], 3),
        start_to_first_batch_s=round(marks["first_batch"], 3),
        start_to_first_batch_done_s=round(marks["first_batch_done"], 3),
    )
    return measured


def _measured(count: int, seconds: float, cpu_s: float, outputs: list[str]) -> dict[str, Any]:
    return {
        "segments": count,
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu_s, 3),
        "sentences_per_s": count / seconds if seconds else 0.0,
        "peak_rss_mb": _peak_rss_mb(),
        "outputs": outputs,
    }


_CHILDREN = {
    "raw_ct2": _child_raw_ct2,
    "engine": _child_engine,
    "workbench": _child_workbench,
}


def _report(
    spec: dict[str, Any], runs: dict[str, list[dict[str, Any]]], build_s: float | None, load: float
) -> dict[str, Any]:
    best = {
        name: max(results, key=lambda r: r["sentences_per_s"]) for name, results in runs.items()
    }
    rate = {name: result["sentences_per_s"] for name, result in best.items()}
    cpu = {name: min(r["cpu_s"] for r in results) for name, results in runs.items()}

    def ratio(name: str, of: str = "engine") -> float | None:
        return round(rate[of] / rate[name], 3) if rate.get(name) else None

    def cpu_ratio(name: str) -> float | None:
        return round(cpu[name] / cpu["engine"], 3) if name in cpu else None

    sources: list[str] = spec["sentences"]
    outputs = {name: result["outputs"] for name, result in best.items()}
    engine, raw = outputs["engine"], outputs["raw_ct2"]
    # argos got paragraphs: the same inputs if its splitter cut them into our segments.
    argos_runs = [name for name in best if name.startswith("argos")]
    split_differing = {
        name: sum(
            split != expected
            for split, expected in zip(
                best[name]["sentences"],
                [[s] for s in sources] if name == PER_SENTENCE else spec["paragraphs"],
                strict=True,
            )
        )
        for name in argos_runs
    }
    paragraph_outputs, position = [], 0
    for paragraph in spec["paragraphs"]:
        paragraph_outputs.append(" ".join(engine[position : position + len(paragraph)]))
        position += len(paragraph)
    argos = outputs.get("argos_default")
    engine_s, pipeline_s = best["engine"]["seconds"], best["workbench"]["seconds"]
    return {
        "segments": len(sources),
        "paragraphs": len(spec["paragraphs"]),
        "threads": {"intra": spec["intra_threads"], "inter": spec["inter_threads"]},
        "intra_threads": spec["intra_threads"],
        "inter_threads": spec["inter_threads"],
        "batch_tokens": spec["batch_tokens"],
        "rounds": len(runs["engine"]),
        "fixture_build_s": None if build_s is None else round(build_s, 2),
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
        "engines": {
            name: {
                **{k: v for k, v in best[name].items() if k not in ("outputs", "sentences")},
                "all_sentences_per_s": [round(r["sentences_per_s"], 3) for r in results],
            }
            for name, results in runs.items()
        },
        "peak_rss_mb": {
            name: max(r["peak_rss_mb"] for r in results) for name, results in runs.items()
        },
        "inputs_identical": not any(split_differing.values()),
        "argos_split_differing": split_differing,
        "fraction_of_raw_ct2": ratio("raw_ct2"),
        "speedup_vs_argos_default": ratio("argos_default"),
        "speedup_vs_argos_tuned": ratio("argos_tuned"),
        "speedup_vs_argos_per_sentence": ratio(PER_SENTENCE),
        "cpu_fraction_of_raw_ct2": cpu_ratio("raw_ct2"),
        "cpu_speedup_vs_argos_default": cpu_ratio("argos_default"),
        "cpu_speedup_vs_argos_tuned": cpu_ratio("argos_tuned"),
        "pipeline": {
            "seconds": pipeline_s,
            "overhead_s": round(pipeline_s - engine_s, 3),
            "overhead_fraction_of_engine": round((pipeline_s - engine_s) / engine_s, 3),
            "fraction_of_raw_ct2": ratio("raw_ct2", of="workbench"),
            "outputs_differing_from_engine": sum(
                a != b for a, b in zip(best["workbench"]["outputs"], engine, strict=True)
            ),
        },
        "outputs_identical": engine == raw,
        "outputs_differing": sum(a != b for a, b in zip(engine, raw, strict=True)),
        "argos_outputs_identical": None if argos is None else argos == paragraph_outputs,
        "argos_outputs_differing": None
        if argos is None
        else sum(a != b for a, b in zip(argos, paragraph_outputs, strict=True)),
        "start_to_first_batch_s": min(r["start_to_first_batch_s"] for r in runs["workbench"]),
    }


def _print_table(report: dict[str, Any]) -> None:
    threads = report["threads"]
    print(
        f"{report['segments']} segments in {report['paragraphs']} paragraphs, "
        f"intra_threads={threads['intra']}, inter_threads={threads['inter']} for every engine, "
        f"batch_tokens={report['batch_tokens']}, load average {report['load_average']}"
    )
    print(f"{'engine':<20}{'segments/s':>12}{'seconds':>10}{'CPU s':>10}{'peak RSS MB':>13}")
    for name, result in report["engines"].items():
        print(
            f"{name:<20}{result['sentences_per_s']:>12.2f}{result['seconds']:>10.1f}"
            f"{result['cpu_s']:>10.1f}{report['peak_rss_mb'][name]:>13.0f}"
        )
    for key in (
        "inputs_identical",
        "fraction_of_raw_ct2",
        "speedup_vs_argos_default",
        "speedup_vs_argos_tuned",
        "speedup_vs_argos_per_sentence",
        "pipeline",
        "outputs_identical",
        "argos_outputs_identical",
        "start_to_first_batch_s",
    ):
        print(f"{key}: {report[key]}")


def _log(message: str) -> None:
    print(f"bench mt: {message}", file=sys.stderr, flush=True)
