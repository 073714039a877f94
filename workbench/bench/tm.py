"""Benchmark: 1,000 lookups against a 100,000-entry translation memory, with recall.

The baseline, measured in the same run on a sample of queries, is exhaustive rapidfuzz scoring
of every entry; the sample also gives the index's recall against it. Never run from tests.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from workbench.bench import emit
from workbench.textkeys import normalise
from workbench.translate.memory import TranslationMemory

_SYLLABLES = "ka la ma ni so ter en ar or lig het ning stad bil hus dag ver fö rå gå sk tr".split()


def _synthetic_words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(count)]


def _read_pairs_file(path: Path) -> list[tuple[str, str]]:
    """(sv, en) from a Tatoeba-style `en<TAB>sv<TAB>…` file; a line without a tab is one
    sentence standing for both sides (any one-sentence-per-line text, for long sentences)."""
    pairs = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 2 and cells[0].strip() and cells[1].strip():
                pairs.append((cells[1], cells[0]))
            elif len(cells) == 1 and cells[0].strip():
                pairs.append((cells[0].strip(), cells[0].strip()))
    return pairs


def _build_entries(
    rng: random.Random, seed_pairs: list[tuple[str, str]], size: int
) -> list[tuple[str, str]]:
    """`size` distinct entries: the seed pairs, then variants of them (words swapped, joins)."""
    words = [word for source, _ in seed_pairs for word in source.split()] or _synthetic_words(
        rng, 5000
    )
    entries = {normalise(source): (source, target) for source, target in seed_pairs[:size]}
    while len(entries) < size:
        if seed_pairs and rng.random() < 0.7:
            source_words = rng.choice(seed_pairs)[0].split()
            if rng.random() < 0.5:
                for _ in range(rng.randint(1, 3)):
                    source_words[rng.randrange(len(source_words))] = rng.choice(words)
            else:
                source_words += rng.choice(seed_pairs)[0].split()
        else:
            source_words = [rng.choice(words) for _ in range(rng.randint(4, 20))]
        source = " ".join(source_words)
        entries.setdefault(normalise(source), (source, f"target of: {source}"))
    return list(entries.values())


def _edit(rng: random.Random, sentence: str, words: list[str]) -> str:
    """A plausible revision: one word replaced, or word endings changed as inflection does."""
    tokens = sentence.split()
    if rng.random() < 0.5:
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    else:
        index = rng.randrange(len(tokens))
        tokens[index] = tokens[index][:-2] + rng.choice(["er", "ar", "en", "et", "a"])
    return " ".join(tokens)


def _queries(rng: random.Random, entries: list[tuple[str, str]], count: int) -> list[str]:
    """A quarter exact (recased), half edited copies, a quarter unrelated sentences."""
    words = [word for source, _ in entries[:20000] for word in source.split()]
    queries = []
    for index in range(count):
        source = rng.choice(entries)[0]
        kind = index % 4
        if kind == 0:
            queries.append(source.upper() if rng.random() < 0.3 else source)
        elif kind == 3:
            queries.append(" ".join(rng.choice(words) for _ in range(rng.randint(4, 16))))
        else:
            queries.append(_edit(rng, source, words))
    return queries


def main(argv: list[str]) -> int:
    """Run the TM benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="workbench.bench tm", description=__doc__)
    parser.add_argument(
        "--pairs", type=Path, help="seed text: Tatoeba-style en<TAB>sv TSV, or one sentence a line"
    )
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--threshold", type=float, default=75.0)
    parser.add_argument("--sample", type=int, default=100, help="queries scored exhaustively")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    seed_pairs = _read_pairs_file(args.pairs) if args.pairs else []
    entries = _build_entries(rng, seed_pairs, args.entries)
    queries = _queries(rng, entries, args.queries)

    started = time.perf_counter()
    memory = TranslationMemory(entries)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    lookups = memory.lookup_many(queries, threshold=args.threshold)
    lookup_s = time.perf_counter() - started

    sample = list(range(0, len(queries), max(1, len(queries) // max(1, args.sample))))
    keys = [normalise(source) for source, _ in entries]
    missed = expected = 0
    started = time.perf_counter()
    for index in sample:
        found = process.extract(
            normalise(queries[index]),
            keys,
            scorer=fuzz.ratio,
            limit=3,
            score_cutoff=args.threshold,
        )
        lookup = lookups[index]
        got = [100.0] if lookup.exact else [match.score for match in lookup.fuzzy]
        want = [round(score, 1) for _, score, _ in found][: 1 if lookup.exact else 3]
        expected += len(want)
        missed += sum(
            1 for rank, score in enumerate(want) if rank >= len(got) or got[rank] != score
        )
    baseline_s = (time.perf_counter() - started) / max(1, len(sample)) * len(queries)

    result = {
        "entries": len(memory),
        "queries": len(queries),
        "threshold": args.threshold,
        "build_s": round(build_s, 3),
        "lookup_s": round(lookup_s, 3),
        "exact_hits": sum(1 for lookup in lookups if lookup.exact),
        "fuzzy_hits": sum(1 for lookup in lookups if not lookup.exact and lookup.fuzzy),
        "no_match": sum(1 for lookup in lookups if not lookup.exact and not lookup.fuzzy),
        "recall_sample_queries": len(sample),
        "recall_expected_matches": expected,
        "recall_missed_matches": missed,
        "baseline_exhaustive_s_estimated": round(baseline_s, 3),
        "speedup_vs_exhaustive": round(baseline_s / lookup_s, 1) if lookup_s else None,
        "data": str(args.pairs) if args.pairs else "synthetic",
    }
    return emit(result, args.json)
