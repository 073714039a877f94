"""Benchmark: reviewer edit rate on later documents without and with learned corrections.

`python -m workbench.bench learn --tatoeba PATH [--json]`. A stream of documents (Swedish Tatoeba
sentences) goes through real MT (the fixture copy model, which leaves Swedish words in place, a
systematic mistake). A simulated reviewer translates a fixed set of common words, consistently
up to `--consistency`. After the first `--train` documents, one copy of the store accepts every
mined candidate as a post-edit rule and one does not; both translate the remaining documents and
the words the reviewer would still have to edit are counted (word-level HTER against the
reviewer's target). The data file is read, never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from workbench.bench.qa import _read_tatoeba
from workbench.records import NewSegment, SegmentKind
from workbench.store import Store
from workbench.translate.fixture import build_fixture_package
from workbench.translate.learn import accept, mine
from workbench.translate.packages import install_from_file
from workbench.translate.stage import EngineProvider, translate_document

# The simulated reviewer's fixed corrections: common Swedish words the copy model leaves as is.
REVIEWER_WORDS = {
    "och": "and",
    "är": "is",
    "jag": "I",
    "inte": "not",
    "det": "it",
    "har": "has",
    "på": "on",
    "med": "with",
    "till": "to",
    "för": "for",
    "var": "was",
    "kan": "can",
    "att": "to",
    "du": "you",
    "han": "he",
    "hon": "she",
    "vi": "we",
    "min": "my",
}
_WORD = re.compile(r"\w+")


def main(argv: list[str]) -> int:
    """Run the learning benchmark and print a summary, or one JSON object with --json."""
    parser = argparse.ArgumentParser(prog="python -m workbench.bench learn", description=__doc__)
    parser.add_argument("--tatoeba", type=Path, required=True, help="pairs.tsv (en<TAB>sv<TAB>…)")
    parser.add_argument("--documents", type=int, default=20, help="documents in the stream")
    parser.add_argument("--sentences", type=int, default=20, help="sentences per document")
    parser.add_argument("--train", type=int, default=5, help="documents reviewed before learning")
    parser.add_argument("--min-count", type=int, default=2, help="`learn --min-count`")
    parser.add_argument(
        "--consistency", type=float, default=0.9, help="chance the reviewer fixes each occurrence"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    sources = [sv for sv, _ in _read_tatoeba(args.tatoeba)]
    rng.shuffle(sources)
    per = args.sentences
    documents = [sources[i * per : (i + 1) * per] for i in range(args.documents)]
    with tempfile.TemporaryDirectory(prefix="workbench-bench-learn-") as work:
        report = _run(Path(work), documents, args, rng)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['later_documents']} later documents, {report['later_segments']} segments; "
            f"{report['rules_accepted']} rules learned from {args.train} documents "
            f"(consistency {args.consistency})"
        )
        for name in ("without_learning", "with_learning"):
            row = report[name]
            print(
                f"{name:<17} HTER {row['hter']:.3f}  edited words/segment "
                f"{row['edits_per_segment']:.2f}  segments needing no edit {row['untouched']:.1%}"
            )
    return 0


def _run(
    work: Path, documents: list[list[str]], args: argparse.Namespace, rng: random.Random
) -> dict[str, Any]:
    models = work / "models"
    install_from_file(build_fixture_package(work / "copy.argosmodel", variant="copy"), models)
    engines = EngineProvider(models, "sv", "en")
    with Store.open(work / "plain.db") as plain:
        for number, sentences in enumerate(documents[: args.train]):
            document_id = _add(plain, number, sentences)
            translate_document(plain, document_id, engines)
            _review(plain, document_id, rng, args.consistency)
        plain.backup(work / "learning.db")
        later = documents[args.train :]
        plain_targets = _translate_later(plain, later, args.train, engines)
    with Store.open(work / "learning.db") as learning:
        candidates = mine(learning, min_count=args.min_count)
        for candidate in candidates:
            accept(learning, candidate.id, "bench")
        learned_targets = _translate_later(learning, later, args.train, engines)
    # The reviewer's target comes from the raw MT, so a wrong rule costs edits too.
    wanted = [reviewer_target(t) for t in plain_targets]
    without, with_rules = _edit_rate(plain_targets, wanted), _edit_rate(learned_targets, wanted)
    return {
        "later_documents": len(later),
        "later_segments": sum(len(d) for d in later),
        "rules_accepted": len(candidates),
        "rules": [
            f"{c.before} → {c.after} (made {c.count}, not made {c.missed})" for c in candidates
        ],
        "without_learning": without,
        "with_learning": with_rules,
    }


def _add(store: Store, number: int, sentences: list[str]) -> int:
    document, _ = store.documents.add(
        path=f"doc{number}.txt",
        title=f"doc {number}",
        sha256=f"{number:064x}",
        source_lang="sv",
        target_lang="en",
        segments=[
            NewSegment(i, 0, text, "", SegmentKind.BODY, "sv", 1.0, True)
            for i, text in enumerate(sentences)
        ],
    )
    return document.id


def reviewer_target(mt: str, rng: random.Random | None = None, consistency: float = 1.0) -> str:
    """The simulated reviewer's target: each listed word translated (capital kept)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        english = REVIEWER_WORDS.get(word.lower())
        if english is None or (rng is not None and rng.random() >= consistency):
            return word
        return english[0].upper() + english[1:] if word[0].isupper() else english

    return _WORD.sub(fix, mt)


def _review(store: Store, document_id: int, rng: random.Random, consistency: float) -> None:
    for segment in store.documents.segments(document_id, translatable_only=True):
        corrected = reviewer_target(segment.target or "", rng, consistency)
        if corrected != segment.target:
            store.reviews.save_edit(segment.id, corrected, "reviewer", segment.translation_id)
        store.reviews.approve(segment.id, "reviewer")


def _translate_later(
    store: Store, later: list[list[str]], first_number: int, engines: EngineProvider
) -> list[str]:
    """The MT targets (after any post-edit rules) of the later documents, in order."""
    targets = []
    for offset, sentences in enumerate(later):
        document_id = _add(store, first_number + offset, sentences)
        translate_document(store, document_id, engines)
        targets += [
            s.target or "" for s in store.documents.segments(document_id, translatable_only=True)
        ]
    return targets


def _edit_rate(targets: list[str], wanted: list[str]) -> dict[str, float]:
    """Word edits from each MT target to the reviewer's target (word-level HTER)."""
    distances = [
        Levenshtein.distance(t.split(), w.split()) for t, w in zip(targets, wanted, strict=True)
    ]
    words = sum(len(w.split()) for w in wanted)
    return {
        "hter": round(sum(distances) / max(words, 1), 4),
        "edits_per_segment": round(sum(distances) / max(len(wanted), 1), 3),
        "untouched": round(sum(d == 0 for d in distances) / max(len(wanted), 1), 4),
    }
