"""Benchmark of the sentence aligner: bead P/R/F1 and time on documents with a known gold.

Builds sv–en documents from Tatoeba pairs (seeded) and scores the Text+Berg de–fr test set the
way Vecalign's score.py does; the data stays outside the repository and comes in by path.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from workbench.align.aligner import AlignedBead, Alignment, align_sentences
from workbench.align.dictionary import DICTIONARY_DIR

BeadIndices = tuple[tuple[int, ...], tuple[int, ...]]

# How often each edit happens at a sentence pair when building a Tatoeba document.
_EDIT_RATES = {
    "1-0": 0.02,
    "0-1": 0.02,
    "2-1": 0.05,
    "1-2": 0.05,
    "2-2": 0.015,
    "3-1": 0.01,
    "1-3": 0.01,
}
_TEXTBERG_TEST_FILES = [f"test{n}" for n in range(7)]
_TEXTBERG_DEV_FILES = ["dev"]


@dataclass(frozen=True, slots=True)
class Variant:
    """The aligner with some of its features switched off: parameters, and dictionaries or not."""

    name: str
    params: dict[str, float]
    dictionaries: bool = True


_NO_GLUE = {"glue_lower": 0.0, "glue_colon": 0.0}
# The aligner before content-dependent omissions, runs of omissions, glue, 2-2 crossing, merge
# orphans and dictionaries.
TODAY = Variant(
    "today",
    {
        "gap_discount": 0.0,
        "source_gap_discount": 0.0,
        "skip_evidence": 0.0,
        "crossing": 0.0,
        "orphan": 0.0,
        **_NO_GLUE,
    },
    dictionaries=False,
)
WORKBENCH = Variant("workbench", {})
# Each feature switched off in turn.
ABLATIONS = [
    Variant("-omission runs", {"gap_discount": 0.0, "source_gap_discount": 0.0}),
    Variant("-source runs", {"source_gap_discount": 0.0}),
    Variant("-omission evidence", {"skip_evidence": 0.0}),
    Variant("-fragment glue", _NO_GLUE),
    Variant("-2-2 crossing", {"crossing": 0.0}),
    Variant("-merge orphans", {"orphan": 0.0}),
    Variant("-dictionary", {}, False),
]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """Two sentence lists and the gold beads between them."""

    source: list[str]
    target: list[str]
    gold: list[BeadIndices]


def read_tatoeba(path: Path) -> list[tuple[str, str]]:
    """(Swedish, English) pairs from a manythings-style TSV, duplicates dropped, file order."""
    seen: set[tuple[str, str]] = set()
    pairs = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
                continue
            pair = (fields[1].strip(), fields[0].strip())
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
    return pairs


def _join(first: str, second: str, rng: random.Random) -> str:
    # Translators merge sentences either by simple juxtaposition or with a comma.
    if rng.random() < 0.5 and first[-1:] in ".!":
        return f"{first[:-1]}, {second[:1].lower()}{second[1:]}"
    return f"{first} {second}"


def build_document(pairs: list[tuple[str, str]], size: int, rng: random.Random) -> GoldDocument:
    """A source/target document of about `size` sentences a side with drops and merges."""
    chosen = rng.sample(pairs, min(len(pairs), int(size * 1.25)))
    source: list[str] = []
    target: list[str] = []
    gold: list[BeadIndices] = []
    k = 0
    while len(source) < size and k + 3 <= len(chosen):
        roll = rng.random()
        edit = "1-1"
        for name, rate in _EDIT_RATES.items():
            if roll < rate:
                edit = name
                break
            roll -= rate
        used = {"1-1": 1, "1-0": 1, "0-1": 1, "2-1": 2, "1-2": 2, "2-2": 2, "3-1": 3, "1-3": 3}[
            edit
        ]
        group = chosen[k : k + used]
        k += used
        svs = [sv for sv, _ in group]
        ens = [en for _, en in group]
        if edit == "1-0":
            ens = []
        elif edit == "0-1":
            svs = []
        elif edit in ("2-1", "3-1"):
            merged = ens[0]
            for extra in ens[1:]:
                merged = _join(merged, extra, rng)
            ens = [merged]
        elif edit in ("1-2", "1-3"):
            merged = svs[0]
            for extra in svs[1:]:
                merged = _join(merged, extra, rng)
            svs = [merged]
        elif edit == "2-2":
            ens.reverse()
        gold.append(
            (
                tuple(range(len(source), len(source) + len(svs))),
                tuple(range(len(target), len(target) + len(ens))),
            )
        )
        source.extend(svs)
        target.extend(ens)
    return GoldDocument(source, target, gold)


def _bead_of(bead: AlignedBead) -> BeadIndices:
    return (bead.source, bead.target)


def bead_scores(
    gold: list[BeadIndices], predicted: list[BeadIndices]
) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 over all beads and per bead type."""
    gold_set, predicted_set = set(gold), set(predicted)

    def kind(bead: BeadIndices) -> str:
        return f"{len(bead[0])}-{len(bead[1])}"

    kinds = sorted({kind(b) for b in gold} | {kind(b) for b in predicted})
    report = {"all": _prf(len(gold_set & predicted_set), len(predicted_set), len(gold_set))}
    for name in kinds:
        g = {b for b in gold_set if kind(b) == name}
        p = {b for b in predicted_set if kind(b) == name}
        report[name] = _prf(len(g & p), len(p), len(g))
        report[name]["gold"] = len(g)
    return report


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _lax_counts(gold: list[BeadIndices], test: list[BeadIndices]) -> tuple[int, int, int, int]:
    """Vecalign's strict/lax true and false positives of `test` against `gold`."""
    test_set = {(s, t) for s, t in test if s or t}
    gold_set = {(s, t) for s, t in gold if s or t}
    gold_targets: dict[int, set[int]] = {}
    for s, t in gold_set:
        for s_id in s:
            gold_targets.setdefault(s_id, set()).update(t)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        linked = set().union(*(gold_targets.get(s_id, set()) for s_id in s)) if s else set()
        if linked & set(t):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def vecalign_scores(
    golds: list[list[BeadIndices]], tests: list[list[BeadIndices]]
) -> dict[str, float]:
    """Strict and lax P/R/F1 pooled over documents, as Vecalign's score.py computes them."""
    precision_counts = [0, 0, 0, 0]
    recall_counts = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for k, v in enumerate(_lax_counts(gold, test)):
            precision_counts[k] += v
        # Recall is precision with omissions removed and the roles swapped.
        pairs_test = [(s, t) for s, t in test if s and t]
        pairs_gold = [(s, t) for s, t in gold if s and t]
        for k, v in enumerate(_lax_counts(pairs_test, pairs_gold)):
            recall_counts[k] += v

    def ratio(hit: int, miss: int) -> float:
        return hit / (hit + miss) if hit + miss else 0.0

    result = {
        "precision_strict": ratio(precision_counts[0], precision_counts[1]),
        "precision_lax": ratio(precision_counts[2], precision_counts[3]),
        "recall_strict": ratio(recall_counts[0], recall_counts[1]),
        "recall_lax": ratio(recall_counts[2], recall_counts[3]),
    }
    for mode in ("strict", "lax"):
        p, r = result[f"precision_{mode}"], result[f"recall_{mode}"]
        result[f"f1_{mode}"] = 2 * p * r / (p + r) if p + r else 0.0
    return result


def read_textberg(directory: Path, name: str) -> GoldDocument:
    """One Text+Berg document: German and French sentences and the gold beads."""
    source = (directory / f"{name}.de").read_text(encoding="utf-8").splitlines()
    target = (directory / f"{name}.fr").read_text(encoding="utf-8").splitlines()
    gold = []
    for line in (directory / f"{name}.defr").read_text(encoding="utf-8").splitlines():
        left, right = line.split(":")
        gold.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return GoldDocument(source, target, gold)


def _timed(
    document: GoldDocument, source_lang: str, target_lang: str, variant: Variant = WORKBENCH
) -> tuple[Alignment, float, float]:
    """The alignment, wall seconds and CPU seconds (the latter shrugs off a busy machine)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    alignment = align_sentences(
        document.source,
        document.target,
        source_lang=source_lang,
        target_lang=target_lang,
        dictionaries=DICTIONARY_DIR if variant.dictionaries else None,
        params=variant.params,
    )
    return alignment, time.perf_counter() - started, time.process_time() - cpu_started


def run_tatoeba(
    path: Path, sizes: list[int], seed: int, variants: list[Variant]
) -> dict[str, object]:
    """Bead scores and time for one seeded sv–en document per size, per variant."""
    pairs = read_tatoeba(path)
    results: dict[str, object] = {}
    for size in sizes:
        document = build_document(pairs, size, random.Random(f"{seed}:{size}"))
        for variant in variants:
            results[f"{variant.name} {size}"] = _tatoeba_result(document, variant)
    return results


def _tatoeba_result(document: GoldDocument, variant: Variant) -> dict[str, object]:
    alignment, seconds, cpu_seconds = _timed(document, "sv", "en", variant)
    predicted = [_bead_of(bead) for bead in alignment.beads]
    return {
        "variant": variant.name,
        "source_sentences": len(document.source),
        "target_sentences": len(document.target),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "gold_types": dict(Counter(f"{len(s)}-{len(t)}" for s, t in document.gold)),
        "scores": bead_scores(document.gold, predicted),
        "looks_parallel": alignment.looks_parallel,
    }


def run_textberg(
    directory: Path, names: list[str], variant: Variant = WORKBENCH
) -> dict[str, object]:
    """Vecalign strict/lax scores pooled and per file, and total time, over the named files."""
    golds, tests = [], []
    per_file = {}
    seconds = cpu_seconds = 0.0
    for name in names:
        document = read_textberg(directory, name)
        alignment, elapsed, cpu_elapsed = _timed(document, "de", "fr", variant)
        seconds += elapsed
        cpu_seconds += cpu_elapsed
        golds.append(document.gold)
        tests.append([_bead_of(bead) for bead in alignment.beads])
        per_file[name] = {
            key: round(value, 4) for key, value in vecalign_scores(golds[-1:], tests[-1:]).items()
        }
    return {
        "variant": variant.name,
        "files": names,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "per_file": per_file,
        **vecalign_scores(golds, tests),
    }


def main(argv: list[str]) -> int:
    """Run the aligner benchmark; `--json` prints one JSON object on stdout."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench align", description=__doc__)
    parser.add_argument("--tatoeba", type=Path, help="Tatoeba pairs.tsv (en, sv, attribution)")
    parser.add_argument("--textberg", type=Path, help="Text+Berg folder (testN.de/.fr/.defr)")
    parser.add_argument("--sizes", default="1000,10000", help="sentences a side, comma-separated")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--ablation", action="store_true", help="also run with each new feature switched off"
    )
    args = parser.parse_args(argv)
    if args.tatoeba is None and args.textberg is None:
        parser.error("give --tatoeba PATH and/or --textberg DIR")
    variants = [TODAY, WORKBENCH] + (ABLATIONS if args.ablation else [])
    report: dict[str, object] = {}
    if args.tatoeba is not None:
        sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
        report["tatoeba"] = run_tatoeba(args.tatoeba, sizes, args.seed, [TODAY, WORKBENCH])
    if args.textberg is not None:
        report["textberg"] = [
            {
                "test": run_textberg(args.textberg, _TEXTBERG_TEST_FILES, variant),
                "dev": run_textberg(args.textberg, _TEXTBERG_DEV_FILES, variant),
            }
            for variant in variants
        ]
    if args.json:
        print(json.dumps(report, indent=None))
    else:
        print(_render(report))
    return 0


def _render(report: dict[str, object]) -> str:
    lines = []
    tatoeba = report.get("tatoeba", {})
    assert isinstance(tatoeba, dict)
    for result in tatoeba.values():
        scores = result["scores"]
        lines.append(
            f"tatoeba sv-en {result['variant']} "
            f"{result['source_sentences']}x{result['target_sentences']}: "
            f"{result['seconds']:.2f} s ({result['cpu_seconds']:.2f} s CPU), "
            f"F1 {scores['all']['f1']:.4f} "
            f"(P {scores['all']['precision']:.4f} R {scores['all']['recall']:.4f})"
        )
        for kind, prf in scores.items():
            if kind != "all":
                lines.append(
                    f"  {kind:>4}: gold {prf['gold']:>5}  P {prf['precision']:.3f}  "
                    f"R {prf['recall']:.3f}  F1 {prf['f1']:.3f}"
                )
    textberg = report.get("textberg", [])
    assert isinstance(textberg, list)
    for halves in textberg:
        for half, result in halves.items():
            per_file = " ".join(f"{k} {v['f1_strict']:.3f}" for k, v in result["per_file"].items())
            lines.append(
                f"textberg de-fr {result['variant']:<19} {half:<4} "
                f"({len(result['files'])} files, {result['cpu_seconds']:.2f} s CPU): "
                f"strict P {result['precision_strict']:.3f} R {result['recall_strict']:.3f} "
                f"F1 {result['f1_strict']:.3f}; lax P {result['precision_lax']:.3f} "
                f"R {result['recall_lax']:.3f} F1 {result['f1_lax']:.3f}"
                + (f"  [{per_file}]" if half == "test" else "")
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
