"""Interactive completion: latency from pause to ghost text, and keystrokes saved (KSMR).

`latency`: the Transformer-base fixture (`--variant base`, built here) on the editor's engine
(one CPU thread on a 2-core machine; the report says how many),
sources of 10, 25 and 50 pieces. Each request is what the editor's worker runs once typing
pauses (`review.completion.complete`: the store's memory and glossary read, then the engine's
forced decode), on the model's translation cut at a random character, mid-word included; p50
and p95 per length. The pause itself (`PAUSE_S`) comes before and is not counted.

`prefix`: what a request's decode costs by how much is typed. On 25-piece sources, one free
piece decoded after 0, 10 and 20 pieces of the model's own translation forced as the prefix
(CTranslate2 decodes a forced prefix a step at a time), and the whole rest after 10; median ms.

`ksmr`: a simulated translator types each reference translation. Before each key it reads the
completion for what it has typed: when the completion is the whole rest of the reference it
presses shift+tab (one key); when its next word is the reference's next word, tab (one key);
otherwise it types the next character. KSMR = keys / characters of the references. With
`WORKBENCH_REAL_PACKAGE=pkg.argosmodel` and `--tatoeba pairs.tsv` (English TAB Swedish, the
English the reference) a real package is measured. On the fixture (references: its own output,
every third word changed, unless `--tatoeba` gives others) the run checks the mechanics: each
completion continues exactly the typed text, and at every word boundary where the model's
greedy next piece starts a word, it is the model's forced continuation of the typed words.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.review.completion import CompletionTarget, complete
from workbench.store import Store
from workbench.translate.complete import Completer, next_word
from workbench.translate.engine import Engine, default_intra_threads, get_engine
from workbench.translate.fixture import build_fixture_package
from workbench.translate.fixture_corpus import SWEDISH
from workbench.translate.masking import mask
from workbench.translate.packages import find_installed, install_from_file

LENGTHS = (10, 25, 50)


def main(argv: list[str]) -> int:
    """Run one of the two measurements."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench complete", description=__doc__)
    parser.add_argument("mode", choices=("latency", "prefix", "ksmr"))
    parser.add_argument("--requests", type=int, default=40, help="latency requests per length")
    parser.add_argument(
        "--tatoeba", type=Path, help="ksmr: pairs.tsv (en<TAB>sv<TAB>…), English the reference"
    )
    parser.add_argument("--limit", type=int, default=30, help="ksmr: sentences measured")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-complete-") as work:
        folder = Path(work)
        if args.mode == "latency":
            result = latency(folder, args.requests, random.Random(args.seed))
        elif args.mode == "prefix":
            result = prefix_cost(folder, args.requests)
        else:
            result = ksmr(folder, args.tatoeba, args.limit)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0


def _package(folder: Path, variant: str) -> Path:
    """A models folder with the real package (`WORKBENCH_REAL_PACKAGE`) or a fixture variant."""

    real = os.environ.get("WORKBENCH_REAL_PACKAGE")
    archive = (
        Path(real) if real else build_fixture_package(folder / "p.argosmodel", variant=variant)
    )
    install_from_file(archive, folder / "models")
    return folder / "models"


def _store(folder: Path) -> Path:

    path = folder / "bench.db"
    with Store.open(path):
        pass  # an empty store: the requests read its (empty) memory and glossary as the app does
    return path


def latency(folder: Path, requests: int, rng: random.Random) -> dict[str, object]:
    """p50/p95 ms of one completion request per source length, on the engine the editor loads
    (`get_engine` with its defaults: all cores but one, so one thread on a 2-core machine)."""

    models = _package(folder, "base")
    # The requests below load the same engine through `get_engine`'s cache.
    engine = get_engine(find_installed(models, "sv", "en"))
    store = _store(folder)
    lines = SWEDISH.splitlines()
    result: dict[str, object] = {
        "model": engine.model_id,
        "threads": default_intra_threads(),
        "requests_per_length": requests,
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    for length in LENGTHS:
        times = []
        for _ in range(requests):
            start = rng.randrange(len(lines))
            pieces = engine.tokenize(" ".join(lines[start:] + lines[:start]))[:length]
            source = engine.decode(pieces)
            [translation] = engine.translate([source])
            typed = translation.text[: rng.randrange(len(translation.text))]
            # Through `get_engine`'s cache with the same options: this is the loaded engine.
            target = CompletionTarget(store, models, source, "sv", "en")
            began = time.perf_counter()
            complete(target, typed)
            times.append((time.perf_counter() - began) * 1000)
        ordered = sorted(times)
        result[f"{length}_tokens_ms"] = {
            "p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        }
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    return result


def prefix_cost(folder: Path, sources: int) -> dict[str, object]:
    """Median ms of one decode by forced-prefix length, on the engine the editor uses."""
    engine = get_engine(find_installed(_package(folder, "base"), "sv", "en"))
    lines = SWEDISH.splitlines()
    cases = []
    for start in range(sources):
        pieces = engine.tokenize(" ".join(lines[start % len(lines) :] + lines[:start]))[:25]
        source = engine.decode(pieces)
        [translation] = engine.translate([source])
        cases.append((source, engine.tokenize(translation.text)))
    result: dict[str, object] = {"sources": len(cases), "source_pieces": 25}
    for typed, steps in ((0, 1), (10, 1), (20, 1), (10, None)):
        times = []
        for source, target in cases:
            began = time.perf_counter()
            engine.continuations(source, target[:typed], steps=steps)
            times.append((time.perf_counter() - began) * 1000)
        label = "whole rest" if steps is None else f"{steps} piece"
        result[f"{typed} typed, {label} (ms)"] = round(statistics.median(times), 1)
    return result


def ksmr(folder: Path, pairs: Path | None, limit: int) -> dict[str, object]:
    """Keys a translator presses per reference character, accepting completions that fit."""

    models = _package(folder, "marker")
    engine = get_engine(find_installed(models, "sv", "en"))
    completer = Completer(engine, "sv")
    real = bool(os.environ.get("WORKBENCH_REAL_PACKAGE"))
    if pairs is not None:
        rows = [line.split("\t") for line in pairs.read_text(encoding="utf-8").splitlines()]
        found = [(row[1], row[0]) for row in rows if len(row) >= 2 and row[0].strip()]
        # Spread over the file, which runs from the shortest sentences to the longest.
        sentences = found[:: max(1, len(found) // limit)]
    else:
        sources = [line for line in SWEDISH.splitlines() if line.strip()]
        # The model's output with every third word changed (upper-cased): the translator
        # types those, and accepts the model's words around them.
        references = [
            " ".join(w.upper() if i % 3 == 1 else w for i, w in enumerate(r.text.split(" ")))
            for r in engine.translate(sources)
        ]
        sentences = list(zip(sources, references, strict=True))
    sentences = sentences[:limit]
    keys = characters = accepted_words = checked = 0
    for source, reference in sentences:
        check = None if real or mask(source, lang="sv").spans else _forced(engine, source)
        pressed, words, compared = _type(completer, source, reference, check)
        keys += pressed
        accepted_words += words
        checked += compared
        characters += len(reference)
    return {
        "package": engine.model_id,
        "sentences": len(sentences),
        "characters": characters,
        "keys": keys,
        "ksmr": round(keys / characters, 3),
        "keystrokes_saved": f"{1 - keys / characters:.0%}",
        "words_accepted": accepted_words,
        "forced_continuations_checked": checked,
    }


def _forced(engine: Engine, source: str) -> Callable[[str], str | None]:
    """The model's greedy continuation of typed whole words, decoded directly from the engine;
    None where it would glue onto the typed word (the completion then starts a new word)."""

    def forced(typed: str) -> str | None:
        prefix = engine.tokenize(typed.rstrip()) if typed.strip() else []
        [(continuation, _)] = engine.continuations(source, prefix)
        if prefix and continuation and not continuation[0].startswith("\u2581"):
            return None
        text = engine.decode(prefix + continuation)[len(engine.decode(prefix)) :]
        return text[1:] if prefix and text.startswith(" ") else text

    return forced


def _type(
    completer: Completer,
    source: str,
    reference: str,
    forced: Callable[[str], str | None] | None,
) -> tuple[int, int, int]:
    """Keys pressed to type `reference`, words accepted, forced continuations compared."""

    typed = ""
    keys = words = compared = 0
    while typed != reference:
        completion = completer.complete(source, typed)
        if completion.typed != typed:
            raise AssertionError(f"a completion for {completion.typed!r}, not {typed!r}")
        expected = forced(typed) if forced and (not typed or typed.endswith(" ")) else None
        if expected is not None:
            if completion.text != expected:
                raise AssertionError(f"not the forced continuation after {typed!r}")
            compared += 1
        rest = reference[len(typed) :]
        keys += 1
        if completion.text and completion.text == rest:
            typed = reference  # shift+tab
            continue
        word = next_word(completion.text)
        if word and rest.startswith(word):
            typed += word  # tab
            words += 1
        else:
            typed += rest[0]
    return keys, words, compared
