"""The translation memory: normalised exact matches, fast fuzzy matches and word diffs.

Pure and in memory: the store persists pairs, this module only matches against them.
The key functions (`normalise`, language tags) serve the store, the import readers and the
review app too, so numpy and rapidfuzz load only when a memory is built or searched or a diff
drawn: the memory-index edge of the rule in `workbench.cli`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from workbench.textkeys import normalise

if TYPE_CHECKING:
    import numpy as np

DiffOp = Literal["equal", "insert", "delete"]

_DIFF_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# A candidate must share this fraction of the query's distinct trigrams. A heuristic, not a
# bound: `workbench.bench tm` measures its recall against exhaustive scoring (over 99 % of the
# matches at 75 % on short and on long sentences).
_MIN_SHARED_TRIGRAMS = 0.4
# The commonest of the query's trigrams, this fraction of the required count, are not counted
# and the requirement drops by as many: the same candidates or more, at far less counting.
_SKIP_COMMON_FRACTION = 0.5
# Where most of a large memory passes the trigram filter (highly repetitive text), only the
# entries sharing the most trigrams are scored, which bounds a lookup's cost.
_MAX_CANDIDATES = 2000
# Trigrams are hashed into this many buckets (a prime near 2**24), so a posting's sort key,
# bucket × entries + entry, fits an int64 for any memory size that fits in RAM.
_TRIGRAM_BUCKETS = 16_777_213


@dataclass(frozen=True, slots=True)
class TMMatch:
    """A memory entry that matches a query, with its similarity in percent (100 = exact)."""

    source: str
    target: str
    score: float


@dataclass(frozen=True, slots=True)
class TMLookup:
    """The answer for one text: an exact match, or else the fuzzy matches, best first."""

    text: str
    exact: TMMatch | None
    fuzzy: tuple[TMMatch, ...]


class TranslationMemory:
    """An immutable memory built from (source, target) pairs; the last pair for a key wins.

    Fuzzy scores are rapidfuzz's `fuzz.ratio` (normalised Indel similarity, 0–100) between
    normalised texts. Candidates come from a character-trigram index restricted to the lengths
    that can reach the threshold, so a lookup scores a small fraction of the entries.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        import numpy as np

        by_key: dict[str, tuple[str, str]] = {}
        for source, target in pairs:
            key = normalise(source)
            if key:
                by_key[key] = (source, target)
        self._by_key = by_key
        # Sorted by length, so the lengths a threshold allows are one contiguous entry range.
        keys = sorted(by_key, key=len)
        self._keys = np.array(keys, dtype=object)
        self._lengths = [len(key) for key in keys]
        self._postings = _trigram_postings(keys)

    def __len__(self) -> int:
        return len(self._keys)

    def exact(self, text: str) -> str | None:
        """The target of the entry whose normalised source equals `text`'s, if any."""
        entry = self._by_key.get(normalise(text))
        return None if entry is None else entry[1]

    def fuzzy(self, text: str, threshold: float = 75.0, limit: int = 3) -> list[TMMatch]:
        """Up to `limit` entries scoring at least `threshold` against `text`, best first."""
        return self._fuzzy_by_key(normalise(text), threshold, limit)

    def lookup_many(
        self, texts: Sequence[str], threshold: float = 75.0, limit: int = 3
    ) -> list[TMLookup]:
        """Look up each text: the exact match when there is one, otherwise fuzzy matches."""
        lookups = []
        for text in texts:
            key = normalise(text)
            entry = self._by_key.get(key)
            if entry is not None:
                lookups.append(TMLookup(text, TMMatch(*entry, score=100.0), ()))
            else:
                fuzzy = self._fuzzy_by_key(key, threshold, limit)
                lookups.append(TMLookup(text, None, tuple(fuzzy)))
        return lookups

    def _fuzzy_by_key(self, key: str, threshold: float, limit: int) -> list[TMMatch]:
        from rapidfuzz import fuzz, process

        if not key or limit <= 0:
            return []
        found = process.extract(
            key,
            self._candidates(key, threshold),
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=threshold,
        )
        return [
            TMMatch(*self._by_key[candidate], score=round(score, 1))
            for candidate, score, _ in found
        ]

    def _candidates(self, key: str, threshold: float) -> list[str]:
        import numpy as np

        # ratio = 2·LCS / (len_a + len_b) ≤ 2·min / (len_a + len_b) bounds the other length.
        share = min(max(threshold, 1.0), 100.0) / 100.0
        low = bisect.bisect_left(self._lengths, math.ceil(len(key) * share / (2 - share)))
        high = bisect.bisect_right(self._lengths, math.floor(len(key) * (2 - share) / share))
        buckets = _trigram_buckets(key)
        needed = max(1, int(_MIN_SHARED_TRIGRAMS * len(buckets)))
        skipped = int(needed * _SKIP_COMMON_FRACTION)
        needed -= skipped
        if high <= low:
            return []
        bases = np.array(sorted(buckets), dtype=np.int64) * len(self._keys)
        starts = np.searchsorted(self._postings, bases + low)
        ends = np.searchsorted(self._postings, bases + high)
        # The commonest trigrams in the length window are the ones skipped.
        rarest_first = np.argsort(ends - starts, kind="stable")[: len(buckets) - skipped]
        postings = self._postings
        windows = [
            postings[start:end] - (base + low)
            for base, start, end in zip(
                bases[rarest_first].tolist(),
                starts[rarest_first].tolist(),
                ends[rarest_first].tolist(),
                strict=True,
            )
        ]
        shared = np.bincount(np.concatenate(windows), minlength=high - low)
        candidates = np.flatnonzero(shared >= needed)
        if len(candidates) > _MAX_CANDIDATES:
            most_shared = np.argpartition(-shared[candidates], _MAX_CANDIDATES)
            candidates = np.sort(candidates[most_shared[:_MAX_CANDIDATES]])
        return self._keys[candidates + low].tolist()


def _trigram_buckets(key: str) -> set[int]:
    """The buckets of the distinct trigrams of " key " (three 21-bit code points, hashed)."""
    points = [32, *map(ord, key), 32]
    return {
        (points[i] << 42 | points[i + 1] << 21 | points[i + 2]) % _TRIGRAM_BUCKETS
        for i in range(len(points) - 2)
    }


def _trigram_postings(keys: list[str]) -> np.ndarray:
    """`bucket * len(keys) + entry` for each distinct (trigram bucket, entry), sorted.

    One sorted int64 array, built by numpy in one pass: one `searchsorted` finds the entries of
    any trigram within any entry range. Two trigrams sharing a bucket only make the filter let
    more candidates through, never fewer.
    """
    import numpy as np

    # NUL separates keys; `normalise` removes it from text, so no trigram spans two keys.
    joined = "\0".join(f" {key} " for key in keys)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    points = points.astype(np.uint64)
    codes = points[:-2] << np.uint64(42) | points[1:-1] << np.uint64(21) | points[2:]
    entry_of_position = np.repeat(
        np.arange(len(keys), dtype=np.int64), [len(key) + 3 for key in keys]
    )[: len(codes)]
    inside = (points[:-2] != 0) & (points[1:-1] != 0) & (points[2:] != 0)
    buckets = (codes[inside] % np.uint64(_TRIGRAM_BUCKETS)).astype(np.int64)
    postings = np.sort(buckets * len(keys) + entry_of_position[inside])
    distinct = np.ones(len(postings), dtype=bool)
    distinct[1:] = postings[1:] != postings[:-1]
    return postings[distinct]


def diff(a: str, b: str) -> list[tuple[DiffOp, str]]:
    """Word-level edit from `a` to `b` as (op, text) runs a UI can colour.

    Joining the "equal" and "delete" texts gives `a`; "equal" and "insert" give `b`. Each
    changed stretch comes out as one delete then one insert, so "du där" → "ni här" reads as a
    single replacement rather than word-by-word fragments around the space.
    """
    from rapidfuzz.distance import Indel

    a_tokens, b_tokens = _DIFF_TOKEN.findall(a), _DIFF_TOKEN.findall(b)
    runs: list[tuple[DiffOp, str]] = []
    # Indel (insertions and deletions only) never reports "replace".
    for opcode in Indel.opcodes(a_tokens, b_tokens):
        source_text = "".join(a_tokens[opcode.src_start : opcode.src_end])
        if opcode.tag == "insert":
            runs.append(("insert", "".join(b_tokens[opcode.dest_start : opcode.dest_end])))
        elif opcode.tag == "delete":
            runs.append(("delete", source_text))
        else:
            runs.append(("equal", source_text))
    return _group_changes(runs)


def _group_changes(runs: list[tuple[DiffOp, str]]) -> list[tuple[DiffOp, str]]:
    grouped: list[tuple[DiffOp, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def close_change() -> None:
        if deleted:
            grouped.append(("delete", "".join(deleted)))
        if inserted:
            grouped.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (op, text) in enumerate(runs):
        inside_change = bool(deleted or inserted) and index + 1 < len(runs)
        if op == "equal" and inside_change and text.isspace() and runs[index + 1][0] != "equal":
            # Whitespace alone between two changes belongs to the change on both sides.
            deleted.append(text)
            inserted.append(text)
        elif op == "equal":
            close_change()
            grouped.append((op, text))
        else:
            (deleted if op == "delete" else inserted).append(text)
    close_change()
    return grouped
