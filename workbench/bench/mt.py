"""Benchmark: the workbench's MT stage against raw CTranslate2 and argostranslate.

All engines translate the same stored segments with the Transformer-base fixture, each in its
own process so each peak RSS is its own. Takes minutes on 2 cores; never run from tests.
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
import tempfile
import time
from pathlib import Path
from typing import Any

ENGINES = ("raw_ct2", "workbench", "argos_tuned", "argos_default")
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
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        print(json.dumps(_CHILDREN[args.child](spec)))
        return 0
    if args.sentences is None:
        parser.error("--sentences is required")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        report = _benchmark(args, args.work)
    else:
        with tempfile.TemporaryDirectory(prefix="workbench-bench-mt-") as work:
            report = _benchmark(args, Path(work))
    if args.json:
        print(json.dumps(report))
    else:
        _print_table(report)
    return 0


def _benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from workbench.fixture import build_fixture_package
    from workbench.mt.engine import DEFAULT_BATCH_TOKENS, default_intra_threads
    from workbench.mt.packages import install_from_file

    started = time.perf_counter()
    archive = args.package or build_fixture_package(work / "base.argosmodel", variant="base")
    build_s = None if args.package else time.perf_counter() - started
    package = install_from_file(archive, work / "models")
    document_id, sources = _ingest(args.sentences, args.limit, work)
    spec = {
        "package": str(package.path),
        "models": str(work / "models"),
        "document_id": document_id,
        "sentences": sources,
        "intra_threads": args.intra_threads or default_intra_threads(),
        "inter_threads": args.jobs,
        "batch_tokens": args.batch_tokens or DEFAULT_BATCH_TOKENS,
    }
    load_before = os.getloadavg()[0]
    engines = [e for e in ENGINES if not (args.skip_argos and e.startswith("argos"))]
    runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    for round_number in range(args.rounds):
        # Alternating the order spreads the drift of a shared machine over every engine.
        for engine in engines if round_number % 2 == 0 else engines[::-1]:
            store = work / f"store-{engine}-{round_number}.db"
            shutil.copyfile(work / "pristine.db", store)
            spec_path = work / f"spec-{engine}-{round_number}.json"
            spec_path.write_text(json.dumps({**spec, "store": str(store)}), encoding="utf-8")
            _log(f"round {round_number + 1}, {engine}: {len(sources)} segments …")
            result = _run_child(engine, spec_path, work, _argos_env(engine, work, package.path))
            if engine == "workbench":
                result["outputs"] = _stored_targets(store, document_id)
            runs[engine].append(result)
            _log(f"round {round_number + 1}, {engine}: {result['sentences_per_s']:.2f} segments/s")
    return _report(spec, runs, build_s, load_before)


def _ingest(sentences_path: Path, limit: int, work: Path) -> tuple[int, list[str]]:
    """Store the benchmark document; return its id and its translatable sources."""
    from workbench.pipeline import prepare_inputs, run
    from workbench.store import Store

    document = work / "bench-document.txt"
    document.write_text(_document_text(sentences_path, limit), encoding="utf-8")
    prepared = prepare_inputs([str(document)], source_lang="sv")
    with Store.open(work / "ingested.db") as store:
        [ingested] = run(store, prepared, None)
        document_id = ingested.ingest.document.id
        sources = [s.source for s in store.segments(document_id, translatable_only=True)]
        store.backup(work / "pristine.db")
    return document_id, sources


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


def _argos_env(engine: str, work: Path, package_dir: Path) -> dict[str, str]:
    """Argos's folders inside `work` (its settings module writes under $HOME on import)."""
    if not engine.startswith("argos"):
        return {}
    root = work / "argos"
    packages = root / "packages"
    if not packages.exists():
        shutil.copytree(package_dir, packages / package_dir.name)
        # With a cached multilingual model present argos never tries to download one; the
        # package's own blank spaCy pipeline (made by the child) does the sentence splitting.
        (root / "cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
    env = {
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "ARGOS_PACKAGES_DIR": str(packages),
        "ARGOS_CHUNK_TYPE": "SPACY",
    }
    if engine == "argos_tuned":
        env["ARGOS_INTRA_THREADS"] = "1"
    return env


def _run_child(engine: str, spec_path: Path, work: Path, extra_env: dict[str, str]) -> Any:
    env = {**os.environ, **extra_env}
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
        return [s.target or "" for s in store.segments(document_id, translatable_only=True)]


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child_raw_ct2(spec: dict[str, Any]) -> dict[str, Any]:
    """The limit: one `translate_batch` over the pre-tokenised segments, same options."""
    import ctranslate2
    import sentencepiece as spm

    from workbench.mt.engine import DEFAULT_BEAM_SIZE, LENGTH_PENALTY, decoding_limit

    package = Path(spec["package"])
    tokenizer = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package / "model"),
        device="cpu",
        compute_type="int8",
        inter_threads=spec["inter_threads"],
        intra_threads=spec["intra_threads"],
    )
    pieces = [tokenizer.encode(text, out_type=str) for text in spec["sentences"]]
    started, cpu_started = time.perf_counter(), time.process_time()
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
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    outputs = [tokenizer.decode_pieces(result.hypotheses[0]) for result in results]
    return _measured(len(pieces), seconds, cpu_s, outputs)


def _child_workbench(spec: dict[str, Any]) -> dict[str, Any]:
    """`workbench translate DOC`'s code path: store → engine → store, timed from process start."""
    process_start = float(os.environ[_START_ENV])
    import workbench.cli  # noqa: F401  # the command's own import cost counts towards start-up
    from workbench.mt.engine import get_engine
    from workbench.mt.packages import find_installed
    from workbench.store import Store
    from workbench.translate import EngineProvider, translate_document

    marks: dict[str, float] = {}  # wall seconds from process start, or of engine loading

    class TimedEngine:
        """Notes when the first batch goes into the model and when it comes back."""

        def __init__(self, engine: Any) -> None:
            self._engine = engine
            self.model_id = engine.model_id
            self.signature = engine.signature

        def translate(self, texts: list[str], **options: Any) -> Any:
            marks.setdefault("first_batch", time.time() - process_start)
            results = self._engine.translate(texts, **options)
            marks.setdefault("first_batch_done", time.time() - process_start)
            return results

    class TimedProvider(EngineProvider):
        def get(self) -> Any:
            loading, cpu_loading = time.perf_counter(), time.process_time()
            package = find_installed(self.models_dir, self.source_lang, self.target_lang)
            engine = get_engine(
                package, inter_threads=self.jobs, intra_threads=spec["intra_threads"]
            )
            marks.setdefault("load", time.perf_counter() - loading)
            marks.setdefault("load_cpu", time.process_time() - cpu_loading)
            return TimedEngine(engine)

    provider = TimedProvider(Path(spec["models"]), "sv", "en", jobs=spec["inter_threads"])
    with Store.open(spec["store"]) as store:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = translate_document(store, spec["document_id"], provider)
        seconds = time.perf_counter() - started - marks["load"]
        cpu_s = time.process_time() - cpu_started - marks["load_cpu"]
    measured = _measured(result.machine, seconds, cpu_s, [])
    measured.update(
        load_s=round(marks["load"], 3),
        start_to_first_batch_s=round(marks["first_batch"], 3),
        start_to_first_batch_done_s=round(marks["first_batch_done"], 3),
    )
    return measured


def _child_argos(spec: dict[str, Any]) -> dict[str, Any]:
    """argostranslate on the same package, one segment per call (one target per segment)."""
    started = time.perf_counter()
    import argostranslate.translate as argos_translate

    import_s = time.perf_counter() - started
    import spacy

    package = Path(os.environ["ARGOS_PACKAGES_DIR"]) / Path(spec["package"]).name
    if not (package / "spacy").exists():
        spacy.blank("xx").to_disk(package / "spacy")
    translation = argos_translate.get_translation_from_codes("sv", "en")
    translation.translate("Hej.")  # loads the model, as Engine.load does for the others
    started, cpu_started = time.perf_counter(), time.process_time()
    outputs = [translation.translate(text) for text in spec["sentences"]]
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    measured = _measured(len(outputs), seconds, cpu_s, outputs)
    measured["import_s"] = round(import_s, 3)
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
    "workbench": _child_workbench,
    "argos_tuned": _child_argos,
    "argos_default": _child_argos,
}


def _report(
    spec: dict[str, Any], runs: dict[str, list[dict[str, Any]]], build_s: float | None, load: float
) -> dict[str, Any]:
    best = {
        name: max(results, key=lambda r: r["sentences_per_s"]) for name, results in runs.items()
    }
    rate = {name: result["sentences_per_s"] for name, result in best.items()}
    cpu = {name: min(r["cpu_s"] for r in results) for name, results in runs.items()}

    def ratio(name: str) -> float | None:
        return round(rate["workbench"] / rate[name], 3) if rate.get(name) else None

    def cpu_ratio(name: str) -> float | None:
        return round(cpu[name] / cpu["workbench"], 3) if name in cpu else None

    outputs = {name: result["outputs"] for name, result in best.items()}
    argos = outputs.get("argos_default")
    workbench = outputs["workbench"]
    return {
        "segments": len(spec["sentences"]),
        "intra_threads": spec["intra_threads"],
        "inter_threads": spec["inter_threads"],
        "batch_tokens": spec["batch_tokens"],
        "rounds": len(runs["workbench"]),
        "fixture_build_s": None if build_s is None else round(build_s, 2),
        "load_average": [round(load, 2), round(os.getloadavg()[0], 2)],
        "engines": {
            name: {
                **{key: value for key, value in best[name].items() if key != "outputs"},
                "all_sentences_per_s": [round(r["sentences_per_s"], 3) for r in results],
            }
            for name, results in runs.items()
        },
        "peak_rss_mb": {
            name: max(r["peak_rss_mb"] for r in results) for name, results in runs.items()
        },
        "fraction_of_raw_ct2": ratio("raw_ct2"),
        "speedup_vs_argos_default": ratio("argos_default"),
        "speedup_vs_argos_tuned": ratio("argos_tuned"),
        "cpu_fraction_of_raw_ct2": cpu_ratio("raw_ct2"),
        "cpu_speedup_vs_argos_default": cpu_ratio("argos_default"),
        "cpu_speedup_vs_argos_tuned": cpu_ratio("argos_tuned"),
        "outputs_identical": workbench == outputs["raw_ct2"],
        "outputs_differing": sum(
            a != b for a, b in zip(workbench, outputs["raw_ct2"], strict=True)
        ),
        "argos_outputs_identical": None if argos is None else workbench == argos,
        "argos_outputs_differing": None
        if argos is None
        else sum(a != b for a, b in zip(workbench, argos, strict=True)),
        "start_to_first_batch_s": min(r["start_to_first_batch_s"] for r in runs["workbench"]),
    }


def _print_table(report: dict[str, Any]) -> None:
    print(
        f"{report['segments']} segments, intra_threads={report['intra_threads']}, "
        f"inter_threads={report['inter_threads']}, batch_tokens={report['batch_tokens']}, "
        f"load average {report['load_average']}"
    )
    print(f"{'engine':<15}{'segments/s':>12}{'seconds':>10}{'CPU s':>10}{'peak RSS MB':>13}")
    for name, result in report["engines"].items():
        print(
            f"{name:<15}{result['sentences_per_s']:>12.2f}{result['seconds']:>10.1f}"
            f"{result['cpu_s']:>10.1f}{report['peak_rss_mb'][name]:>13.0f}"
        )
    for key in (
        "fraction_of_raw_ct2",
        "speedup_vs_argos_default",
        "speedup_vs_argos_tuned",
        "cpu_fraction_of_raw_ct2",
        "cpu_speedup_vs_argos_default",
        "cpu_speedup_vs_argos_tuned",
        "outputs_identical",
        "argos_outputs_identical",
        "start_to_first_batch_s",
    ):
        print(f"{key}: {report[key]}")


def _log(message: str) -> None:
    print(f"bench mt: {message}", file=sys.stderr, flush=True)
