"""Corrections the workbench learns: recurring word substitutions from MT to approved targets.

Mining reads the store's history (first MT version → approved version of each segment); an
accepted candidate becomes a post-edit rule (`translate.postedit`) or a glossary term, and a
rejected one is never proposed again. Nothing here prints or knows about the CLI.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from workbench.errors import InputError
from workbench.store import Store

# Longest change, in words per side, that still reads as one substitution rather than a rewrite.
MAX_WORDS = 3
DEFAULT_MIN_COUNT = 2
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A substitution reviewers made repeatedly, with its evidence.

    `missed` counts approved segments whose MT had `before` and whose approved target kept it:
    places the change was possible but not made.
    """

    id: str
    before: str
    after: str
    segment_ids: tuple[int, ...]
    missed: int
    source_term: str | None  # a source word found in every evidence segment, for a glossary

    @property
    def count(self) -> int:
        """Segments where the change was made."""
        return len(self.segment_ids)


def candidate_id(before: str, after: str) -> str:
    """A stable short id for a substitution, the same in every run and store."""
    return hashlib.sha1(f"{before}\t{after}".encode()).hexdigest()[:8]


def mine(
    store: Store,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    source_lang: str = "sv",
    target_lang: str = "en",
) -> list[Candidate]:
    """Undecided substitutions made in at least `min_count` segments, most frequent first."""
    if min_count < 1:
        raise InputError("--min-count must be at least 1")
    pairs = {p.segment_id: p for p in store.learning.reviewed_pairs(source_lang, target_lang)}
    made: dict[tuple[str, str], list[int]] = defaultdict(list)
    # Which pairs' MT holds a word, and in how many sources a word occurs: each candidate then
    # looks only at the pairs that could show it, not at the whole history.
    by_mt_word: dict[str, list[int]] = defaultdict(list)
    source_words = {i: {w.lower() for w in _WORD.findall(p.source)} for i, p in pairs.items()}
    source_frequency = Counter(w for words in source_words.values() for w in words)
    for segment_id, pair in pairs.items():
        for change in sorted(set(substitutions(pair.mt, pair.approved))):
            made[change].append(segment_id)
        for word in set(_WORD.findall(pair.mt)):
            by_mt_word[word].append(segment_id)
    decided = store.learning.decisions()
    found = []
    for (before, after), segment_ids in made.items():
        key = candidate_id(before, after)
        if len(segment_ids) < min_count or key in decided:
            continue
        evidence = set(segment_ids)
        missed = sum(
            1
            for i in by_mt_word[_WORD.findall(before)[0]]
            if i not in evidence and _has(pairs[i].mt, before) and _has(pairs[i].approved, before)
        )
        common = set.intersection(*(source_words[i] for i in evidence))
        # The source word in every evidence segment that occurs least outside them.
        source_term = min(sorted(common), key=source_frequency.__getitem__, default=None)
        found.append(Candidate(key, before, after, tuple(segment_ids), missed, source_term))
    found.sort(key=lambda c: (-c.count, c.missed, c.before))
    return found


def substitutions(mt: str, approved: str) -> list[tuple[str, str]]:
    """Word-level replacements (up to `MAX_WORDS` words a side) that turn `mt` into `approved`."""
    a = list(_WORD.finditer(mt))
    b = list(_WORD.finditer(approved))
    changes = []
    for op in Levenshtein.opcodes([m.group() for m in a], [m.group() for m in b]):
        if op.tag != "replace":
            continue
        widths = (op.src_end - op.src_start, op.dest_end - op.dest_start)
        if max(widths) > MAX_WORDS:
            continue
        if widths[0] == widths[1]:
            # Neighbouring one-word fixes ("Jag är" → "I am") are separate substitutions.
            changes += [
                (a[op.src_start + i].group(), b[op.dest_start + i].group())
                for i in range(widths[0])
            ]
            continue
        before = mt[a[op.src_start].start() : a[op.src_end - 1].end()]
        after = approved[b[op.dest_start].start() : b[op.dest_end - 1].end()]
        changes.append((before, after))
    return changes


def accept(
    store: Store,
    candidate_ref: str,
    author: str,
    *,
    as_glossary: bool = False,
    source_lang: str = "sv",
    target_lang: str = "en",
) -> Candidate:
    """Turn a candidate into a post-edit rule (default) or a glossary term; returns it."""
    candidate = _find(store, candidate_ref, source_lang, target_lang)
    if as_glossary:
        if candidate.source_term is None:
            raise InputError(
                f"candidate {candidate.id} has no source word common to all its segments",
                hint="accept it as a post-edit rule instead",
            )
        store.learning.decide(
            candidate.id,
            "glossary",
            author,
            glossary=(
                candidate.source_term,
                candidate.after,
                f"learned {candidate.id}",
                source_lang,
                target_lang,
            ),
        )
    else:
        store.learning.decide(
            candidate.id,
            "rule",
            author,
            rule=(candidate.before, candidate.after, source_lang, target_lang),
        )
    return candidate


def reject(
    store: Store,
    candidate_ref: str,
    author: str,
    *,
    source_lang: str = "sv",
    target_lang: str = "en",
) -> Candidate:
    """Record that a candidate is wrong, so it is not proposed again."""
    candidate = _find(store, candidate_ref, source_lang, target_lang)
    store.learning.decide(candidate.id, "rejected", author)
    return candidate


def _find(store: Store, candidate_ref: str, source_lang: str, target_lang: str) -> Candidate:
    for candidate in mine(store, min_count=1, source_lang=source_lang, target_lang=target_lang):
        if candidate.id == candidate_ref:
            return candidate
    raise InputError(
        f"no open candidate {candidate_ref!r}", hint="see `workbench learn --min-count 1`"
    )


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
