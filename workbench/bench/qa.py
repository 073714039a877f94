"""Benchmark: QA recall on planted errors and false flags on clean Tatoeba pairs; mask survival.

`python -m workbench.bench qa --tatoeba PATH [--json]`. The data file is read, never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.bench import emit
from workbench.quality.anchors import find_anchors
from workbench.quality.length import learn_length_band
from workbench.quality.pair import LengthBand, QaCode
from workbench.quality.qa import check_pair
from workbench.records import Flag
from workbench.translate.engine import Engine
from workbench.translate.fixture import build_fixture_package
from workbench.translate.glossary import GlossaryTerm, contains_term_target, find_terms
from workbench.translate.masking import Masked, mask, unmask
from workbench.translate.packages import install_from_file

_WORD = re.compile(r"[^\W\d_]+")
# Co-occurrence glossary: words seen in at least this many training pairs, Dice at least this.
_GLOSSARY_MIN_PAIRS = 15
_GLOSSARY_MIN_DICE = 0.75
_GLOSSARY_MIN_LETTERS = 4

Pair = tuple[str, str]
Planter = Callable[[str, str, random.Random], Pair | None]


@dataclass(frozen=True, slots=True)
class _Context:
    terms: tuple[GlossaryTerm, ...]
    band: LengthBand
    other_targets: Sequence[str]


def main(argv: list[str]) -> int:
    """Run the QA and masking benchmark and print a table, or one JSON object with --json."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench qa", description=__doc__)
    parser.add_argument("--tatoeba", type=Path, required=True, help="pairs.tsv (en<TAB>sv<TAB>…)")
    parser.add_argument("--sample", type=int, default=2000, help="pairs to evaluate (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--no-copy-model",
        action="store_true",
        help="skip translating masked sentences through the fixture copy model",
    )
    args = parser.parse_args(argv)

    pairs = _read_tatoeba(args.tatoeba)
    rng = random.Random(args.seed)
    rng.shuffle(pairs)
    # Band and glossary are learned on one half and evaluated on the other, as for new text.
    half = len(pairs) // 2
    train, held_out = pairs[:half], pairs[half:]
    evaluated = held_out[: args.sample]
    context = _Context(
        terms=_cooccurrence_glossary(train),
        band=learn_length_band(train),
        other_targets=[target for _, target in train],
    )
    result = {
        "pairs_read": len(pairs),
        "pairs_evaluated": len(evaluated),
        "glossary_terms": len(context.terms),
        "length_band": [round(context.band.low, 3), round(context.band.high, 3)],
        "checks": _evaluate_checks(evaluated, context, rng),
        "masking": _evaluate_masking([source for source, _ in held_out], context.terms, rng),
    }
    if not args.no_copy_model:
        masked = [
            m
            for m in (
                mask(s, lang="sv", terms=context.terms, protect_names=True) for s, _ in held_out
            )
            if m.spans
        ]
        result["copy_model"] = _copy_model_survival(masked[: args.sample])
    return emit(result, args.json, _print_table)


def _read_tatoeba(path: Path) -> list[Pair]:
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            columns = line.rstrip("\n").split("\t")
            if len(columns) >= 2 and columns[0].strip() and columns[1].strip():
                pairs.append((columns[1], columns[0]))  # the file is English first
    return pairs


def _cooccurrence_glossary(pairs: Sequence[Pair]) -> tuple[GlossaryTerm, ...]:
    """Word pairs that co-occur far more than chance (Dice), standing in for a client glossary."""
    source_counts: Counter[str] = Counter()
    target_counts: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for source, target in pairs:
        source_words = {w for w in _WORD.findall(source.casefold()) if len(w) >= 4}
        target_words = {w for w in _WORD.findall(target.casefold()) if len(w) >= 3}
        source_counts.update(source_words)
        target_counts.update(target_words)
        joint.update((s, t) for s in source_words for t in target_words)
    best: dict[str, tuple[float, str]] = {}
    for (source_word, target_word), count in joint.items():
        if source_counts[source_word] < _GLOSSARY_MIN_PAIRS:
            continue
        dice = 2 * count / (source_counts[source_word] + target_counts[target_word])
        if dice >= _GLOSSARY_MIN_DICE and dice > best.get(source_word, (0.0, ""))[0]:
            best[source_word] = (dice, target_word)
    return tuple(GlossaryTerm(word, target) for word, (_, target) in sorted(best.items()))


def _evaluate_checks(
    pairs: Sequence[Pair], context: _Context, rng: random.Random
) -> dict[str, dict[str, float | int]]:
    clean_flags: Counter[str] = Counter()
    for source, target in pairs:
        clean_flags.update({flag.code for flag in _check(source, target, context)})
    report: dict[str, dict[str, float | int]] = {}
    for code in QaCode:
        planted = hits = 0
        for planter in _planters(context)[code]:
            for source, target in pairs:
                variant = planter(source, target, rng)
                if variant is None:
                    continue
                planted += 1
                hits += code in {flag.code for flag in _check(*variant, context)}
        report[code.value] = {
            "planted": planted,
            "recall": round(hits / planted, 4) if planted else 0.0,
            "false_flags": clean_flags[code],
            "false_flag_rate": round(clean_flags[code] / len(pairs), 4) if pairs else 0.0,
        }
    return report


def _check(source: str, target: str, context: _Context) -> list[Flag]:
    return check_pair(source, target, terms=context.terms, length_band=context.band)


def _planters(context: _Context) -> dict[QaCode, list[Planter]]:
    def add_url(source: str, target: str, rng: random.Random) -> Pair:
        url = f"https://www.site{rng.randrange(1000)}.se/sida/{rng.randrange(100)}"
        return _insert_both(source, target, f"({url})")

    def add_email(source: str, target: str, rng: random.Random) -> Pair:
        email = f"kontakt{rng.randrange(1000)}@firma{rng.randrange(100)}.se"
        return _insert_both(source, target, f"({email})")

    def drop_last(inserter: Callable[[str, str, random.Random], Pair]) -> Planter:
        def plant(source: str, target: str, rng: random.Random) -> Pair:
            source, target = inserter(source, target, rng)
            return source, re.sub(r" \([^()]*\)$", "", target.rstrip()) + target[
                len(target.rstrip()) :
            ]

        return plant

    def alter_last(inserter: Callable[[str, str, random.Random], Pair]) -> Planter:
        def plant(source: str, target: str, rng: random.Random) -> Pair:
            source, target = inserter(source, target, rng)
            cut = target.rindex(")")
            return source, target[: cut - 1] + _other_char(target[cut - 1], rng) + target[cut:]

        return plant

    def swap_glossary_word(source: str, target: str, rng: random.Random) -> Pair | None:
        used = [
            m.term
            for m in find_terms(source, context.terms)
            if contains_term_target(target, m.term)
        ]
        if not used:
            return None
        term = rng.choice(used)
        replaced = re.sub(
            rf"(?<!\w){re.escape(term.target)}\w*", "thing", target, flags=re.IGNORECASE
        )
        return source, replaced

    def append_other(source: str, target: str, rng: random.Random) -> Pair:
        extra = " ".join(rng.choice(context.other_targets) for _ in range(2))
        return source, f"{target.rstrip()} {extra}"

    return {
        QaCode.EMPTY_TARGET: [lambda s, t, r: (s, ""), lambda s, t, r: (s, " ")],
        QaCode.NUMBER_MISMATCH: [_change_number, _add_source_number],
        QaCode.URL_MISMATCH: [drop_last(add_url), alter_last(add_url)],
        QaCode.EMAIL_MISMATCH: [drop_last(add_email), alter_last(add_email)],
        QaCode.UNTRANSLATED: [lambda s, t, r: (s, s), _near_copy],
        QaCode.GLOSSARY_MISSING: [swap_glossary_word],
        QaCode.LENGTH_RATIO: [_truncate, append_other],
        QaCode.REPETITION: [_duplicate_phrase, _loop_word],
        QaCode.WHITESPACE_MISMATCH: [lambda s, t, r: (s, t + " "), lambda s, t, r: (s, " " + t)],
        QaCode.PUNCTUATION_MISMATCH: [_change_final_punctuation],
        QaCode.UNBALANCED_BRACKETS: [lambda s, t, r: _insert_mark(s, t, r, rng_choice="()[]")],
        QaCode.UNBALANCED_QUOTES: [lambda s, t, r: _insert_mark(s, t, r, rng_choice='"“”')],
    }


def _insert_both(source: str, target: str, addition: str) -> Pair:
    return f"{source.rstrip()} {addition}", f"{target.rstrip()} {addition}"


def _other_char(char: str, rng: random.Random) -> str:
    pool = "0123456789" if char.isdigit() else "abcdefghijklmnopqrstuvwxyz"
    return rng.choice([c for c in pool if c != char.lower()])


def _change_number(source: str, target: str, rng: random.Random) -> Pair | None:
    numbers = [a for a in find_anchors(target, "en") if a.kind == "number"]
    if not numbers:
        return None
    anchor = rng.choice(numbers)
    digits = [i for i in range(anchor.start, anchor.end) if target[i].isdigit()]
    index = rng.choice(digits)
    return source, target[:index] + _other_char(target[index], rng) + target[index + 1 :]


def _add_source_number(source: str, target: str, rng: random.Random) -> Pair:
    """The MT dropped a number: one appears in the source that the target does not have."""
    value = rng.choice(
        [
            str(rng.randrange(2, 2000)),
            f"{rng.randrange(1, 100)},{rng.randrange(1, 10)}",
            f"{rng.randrange(1, 100)} {rng.randrange(100, 1000)}",
            f"{rng.randrange(1, 50)}–{rng.randrange(50, 100)}",
        ]
    )
    words = source.split(" ")
    index = rng.randrange(len(words) + 1)
    return " ".join([*words[:index], value, *words[index:]]), target


def _near_copy(source: str, target: str, rng: random.Random) -> Pair | None:
    """The MT left the sentence in Swedish, dropping one word of it."""
    words = source.split(" ")
    if len(words) < 5:
        return None
    del words[rng.randrange(len(words))]
    return source, " ".join(words)


def _truncate(source: str, target: str, rng: random.Random) -> Pair | None:
    words = target.split()
    if len(words) < 4:
        return None
    return source, " ".join(words[: max(1, len(words) // 4)])


def _duplicate_phrase(source: str, target: str, rng: random.Random) -> Pair | None:
    words = target.split(" ")
    if len(words) < 2:
        return None
    size = rng.randrange(2, min(4, len(words)) + 1)
    start = rng.randrange(len(words) - size + 1)
    phrase = words[start : start + size]
    return source, " ".join([*words[: start + size], *phrase, *words[start + size :]])


def _loop_word(source: str, target: str, rng: random.Random) -> Pair | None:
    words = re.findall(r"\w+", target)
    if not words:
        return None
    word = words[-1]
    return source, f"{target.rstrip()} {' '.join([word] * 3)}"


def _change_final_punctuation(source: str, target: str, rng: random.Random) -> Pair:
    body = target.rstrip()
    stripped = body.rstrip(".!?…:;,")
    current = body[len(stripped) :]
    choices = [mark for mark in (".", "?", "!", "") if mark != current]
    return source, stripped + rng.choice(choices)


def _insert_mark(source: str, target: str, rng: random.Random, *, rng_choice: str) -> Pair:
    words = target.split(" ")
    index = rng.randrange(len(words))
    mark = rng.choice(rng_choice)
    words[index] = mark + words[index] if mark in '([“"' else words[index] + mark
    return source, " ".join(words)


def _evaluate_masking(
    sources: Sequence[str], terms: Sequence[GlossaryTerm], rng: random.Random
) -> dict[str, Any]:
    masked_sentences = restored = silent_losses = caught_losses = 0
    kinds: Counter[str] = Counter()
    for source in sources:
        masked = mask(source, lang="sv", terms=terms, protect_names=True)
        if not masked.spans:
            continue
        masked_sentences += 1
        kinds.update(span.kind.value for span in masked.spans)
        # Case may differ: a glossary target opening a sentence is capitalised on the way back.
        round_trip = unmask(masked.text, masked) or ""
        restored += round_trip.casefold() == _expected(source, masked).casefold()
        for damaged in _damaged_copies(masked, rng):
            if unmask(damaged, masked) is None:
                caught_losses += 1
            else:
                silent_losses += 1
    return {
        "sentences": len(sources),
        "sentences_masked": masked_sentences,
        "spans": sum(kinds.values()),
        "spans_by_kind": dict(sorted(kinds.items())),
        "copy_round_trips": restored,
        "copy_round_trip_rate": round(restored / masked_sentences, 4) if masked_sentences else 0.0,
        "damaged_outputs_caught": caught_losses,
        "silent_losses": silent_losses,
    }


def _copy_model_survival(masked: Sequence[Masked]) -> dict[str, int]:
    """Translate masked sentences with the fixture copy model through the real engine."""
    with tempfile.TemporaryDirectory(prefix="workbench-bench-qa-") as work:
        archive = build_fixture_package(Path(work) / "copy.argosmodel", variant="copy")
        engine = Engine.load(install_from_file(archive, Path(work) / "models"))
        outputs = engine.translate([m.text for m in masked])
    restored = refused = silent = 0
    for item, output in zip(masked, outputs, strict=True):
        back = unmask(output.text, item)
        if back is None:
            refused += 1
            continue
        restored += 1
        # Case is compared loosely: a glossary target opening a sentence is capitalised.
        wanted = Counter(span.replacement.casefold() for span in item.spans)
        silent += any(back.casefold().count(text) < n for text, n in wanted.items())
    return {
        "sentences": len(masked),
        "spans": sum(len(m.spans) for m in masked),
        "restored": restored,
        "refused_and_flagged": refused,
        "silent_losses": silent,
    }


def _expected(source: str, masked: Masked) -> str:
    pieces, cursor = [], 0
    for span in masked.spans:
        pieces += [source[cursor : span.start], span.replacement]
        cursor = span.end
    return "".join([*pieces, source[cursor:]])


def _damaged_copies(masked: Masked, rng: random.Random) -> list[str]:
    """An MT output that dropped, doubled or garbled one placeholder."""
    span = rng.choice(masked.spans)
    text, placeholder = masked.text, span.placeholder
    return [
        text.replace(placeholder, "", 1),
        text.replace(placeholder, f"{placeholder} {placeholder}", 1),
        text.replace(placeholder, placeholder[0] + placeholder[2:], 1),
    ]


def _print_table(result: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(
        f"pairs evaluated: {result['pairs_evaluated']} of {result['pairs_read']}; "
        f"glossary terms: {result['glossary_terms']}; length band: {result['length_band']}\n"
    )
    out.write(f"{'check':<22}{'planted':>8}{'recall':>9}{'false flags':>13}{'rate':>8}\n")
    for code, row in result["checks"].items():
        out.write(
            f"{code:<22}{row['planted']:>8}{row['recall']:>9.1%}"
            f"{row['false_flags']:>13}{row['false_flag_rate']:>8.2%}\n"
        )
    out.write("masking: " + json.dumps(result["masking"]) + "\n")
    if "copy_model" in result:
        out.write("fixture copy model: " + json.dumps(result["copy_model"]) + "\n")
