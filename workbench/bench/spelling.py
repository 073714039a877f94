"""Benchmark: spelling recall on planted misspellings, false flags on clean Tatoeba English, speed.

`python -m workbench.bench spelling --tatoeba PATH [--json]`. Every candidate lexicon runs behind
the same tokenising and trust rules (`workbench.quality.spelling`); the Swedish column is the
source, so names shared with it are trusted as in the product. The data file is read, never copied.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.bench import emit
from workbench.bench.qa import _read_tatoeba
from workbench.quality.spelling import (
    WORD,
    Lexicon,
    dictionary_dir,
    find_misspellings,
    hunspell_lexicon,
)

_MIN_PLANT_LETTERS = 4


def main(argv: list[str]) -> int:
    """Run the spelling benchmark and print a table, or one JSON object with --json."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench spelling", description=__doc__)
    parser.add_argument("--tatoeba", type=Path, required=True, help="pairs.tsv (en<TAB>sv<TAB>…)")
    parser.add_argument("--sample", type=int, default=2000, help="sentences to evaluate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    pairs = [p for p in _read_tatoeba(args.tatoeba) if len(p[1].split()) >= 4]
    rng.shuffle(pairs)
    pairs = pairs[: args.sample]
    planted = [_plant(target, rng) for _, target in pairs]
    results = {}
    for name, load in _CANDIDATES.items():
        try:
            results[name] = _evaluate(load, pairs, planted)
        except ImportError as exc:
            results[name] = {"skipped": f"not installed: {exc.name}"}
    report = {"sentences": len(pairs), "planted": sum(p is not None for p in planted), **results}
    return emit(report, args.json, _print_table)


def _plant(sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    """One random edit (delete, insert, replace, swap) in a lower-case word of 4+ letters."""
    words = [
        m
        for m in WORD.finditer(sentence)
        if len(m.group()) >= _MIN_PLANT_LETTERS and m.group().islower()
    ]
    if not words:
        return None
    match = rng.choice(words)
    word = match.group()
    at = rng.randrange(1, len(word) - 1)
    letter = rng.choice(string.ascii_lowercase)
    edits = [
        word[:at] + word[at + 1 :],
        word[:at] + letter + word[at:],
        word[:at] + letter + word[at + 1 :],
        word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :],
    ]
    changed = [e for e in edits if e != word]
    misspelt = rng.choice(changed)
    text = sentence[: match.start()] + misspelt + sentence[match.end() :]
    return text, match.start(), match.start() + len(misspelt)


def _evaluate(
    load: Callable[[], Lexicon],
    pairs: list[tuple[str, str]],
    planted: list[tuple[str, int, int] | None],
) -> dict[str, Any]:
    started = time.perf_counter()
    lexicon = load()
    lexicon("warm")  # spylls parses its files on the first lookup
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    flagged_clean = sum(
        bool(find_misspellings(source, target, lexicon=lexicon)) for source, target in pairs
    )
    clean_seconds = time.perf_counter() - started
    caught = 0
    for (source, _), plant in zip(pairs, planted, strict=True):
        if plant is None:
            continue
        text, start, end = plant
        found = find_misspellings(source, text, lexicon=lexicon)
        caught += any(m.start == start and m.end == end for m in found)
    total = sum(p is not None for p in planted)
    return {
        "recall": round(caught / total, 4),
        "false_flag_rate": round(flagged_clean / len(pairs), 4),
        "ms_per_segment": round(clean_seconds / len(pairs) * 1000, 3),
        "load_seconds": round(load_seconds, 2),
    }


def _pyspellchecker() -> Lexicon:
    from spellchecker import SpellChecker

    checker = SpellChecker()
    return lambda word: (word.lower() in checker, word.lower() in checker)


def _pyenchant() -> Lexicon:
    import enchant

    us, gb = enchant.Dict("en_US"), enchant.Dict("en_GB")
    return lambda word: (us.check(word), gb.check(word))


_CANDIDATES: dict[str, Callable[[], Lexicon]] = {
    f"spylls+hunspell ({dictionary_dir()})": hunspell_lexicon,
    "pyspellchecker": _pyspellchecker,
    "pyenchant": _pyenchant,
}


def _print_table(report: dict[str, Any]) -> None:
    print(f"{report['sentences']} sentences, {report['planted']} with a planted misspelling")
    print(f"{'lexicon':<44} {'recall':>7} {'false flags':>11} {'ms/segment':>10} {'load s':>7}")
    for name, row in report.items():
        if not isinstance(row, dict):
            continue
        if "skipped" in row:
            print(f"{name:<44} {row['skipped']}")
            continue
        print(
            f"{name:<44} {row['recall']:>7.1%} {row['false_flag_rate']:>11.1%} "
            f"{row['ms_per_segment']:>10.3f} {row['load_seconds']:>7.2f}"
        )
    sys.stdout.flush()
