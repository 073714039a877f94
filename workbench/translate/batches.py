"""Batches across documents: untranslated segments read in bounded windows, token-sorted, committed.

Reads and writes go through the `Store` only; nothing here translates. The driver in
`workbench.translate.stage` (and a distributed one) puts `machine.translate_batch` between the
two ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from workbench.records import NewTranslation, Segment
from workbench.store import Store

# Segments read (and sorted) at a time: enough for thousands of short articles to fill
# batches of similar length, small enough that the window's memory stays a few MB.
WINDOW_SEGMENTS = 4096
# Distinct sources whose MT output is kept for reuse within a run (a few tens of MB at most).
MEMO_ENTRIES = 100_000

Suggestion = tuple[int, str, str, float]  # segment id, memory source, memory target, score


@dataclass(frozen=True, slots=True)
class SegmentBatch:
    """Untranslated segments for one model call, shortest first; identical sources adjacent."""

    window: int  # which read window the batch came from; batches of one window share no source
    segments: tuple[Segment, ...]
    tokens: int  # model pieces of its distinct sources


def untranslated_batches(
    store: Store,
    document_ids: Iterable[int],
    *,
    count_tokens: Callable[[str], int],
    batch_tokens: int,
    window_segments: int = WINDOW_SEGMENTS,
    answered: Callable[[list[Segment]], list[Segment]] = list,
) -> Iterator[SegmentBatch]:
    """The documents' untranslated segments as token-budgeted batches across documents.

    Documents are read in order until a window holds `window_segments` segments; `answered`
    takes out what needs no MT (memory matches, committed by the caller) before anything is
    counted, so a window the memory answers never loads a tokenizer. The rest is sorted by
    length and cut where the distinct sources' pieces would pass `batch_tokens` (a batch has
    one source at least). A source repeated inside a window is never split across batches.
    Reading is lazy, so memory holds one window plus the batches in flight.
    """
    window: list[Segment] = []
    number = 0
    for document_id in document_ids:
        window += store.documents.untranslated_segments(document_id)
        if len(window) >= window_segments:
            yield from _cut(number, answered(window), count_tokens, batch_tokens)
            window, number = [], number + 1
    if window:
        yield from _cut(number, answered(window), count_tokens, batch_tokens)


def commit_batch(
    store: Store,
    translations: Sequence[NewTranslation],
    *,
    suggestions: Sequence[Suggestion] = (),
    actor: str = "workbench",
) -> int:
    """Record one translated batch (and its memory suggestions); returns targets recorded.

    Suggestions go first: a kill between the two leaves the segments untranslated, and the
    resumed run records their suggestions again.
    """
    if suggestions:
        store.memory.record_suggestions(suggestions)
    return store.reviews.record_translations(translations, actor=actor) if translations else 0


class RepeatMemo:
    """MT outputs of this run by source text, so a repeated source reaches the model once.

    Bounded: the oldest sources are forgotten past `MEMO_ENTRIES`.
    """

    def __init__(self, entries: int = MEMO_ENTRIES) -> None:
        self._entries = entries
        self._known: dict[str, NewTranslation] = {}

    def split(self, segments: Sequence[Segment]) -> tuple[list[NewTranslation], list[Segment]]:
        """Targets for segments whose source is known, and the segments still to translate."""
        known: list[NewTranslation] = []
        unknown: list[Segment] = []
        for segment in segments:
            seen = self._known.get(segment.source)
            if seen is None:
                unknown.append(segment)
            else:
                known.append(replace(seen, segment_id=segment.id))
        return known, unknown

    def remember(self, segments: Sequence[Segment], translations: Sequence[NewTranslation]) -> None:
        """Keep the translations (one per segment, same order) of a translated batch."""
        for segment, translation in zip(segments, translations, strict=True):
            self._known[segment.source] = translation
        while len(self._known) > self._entries:
            del self._known[next(iter(self._known))]


def _cut(
    number: int,
    window: list[Segment],
    count_tokens: Callable[[str], int],
    batch_tokens: int,
) -> Iterator[SegmentBatch]:
    lengths = {source: count_tokens(source) for source in {s.source for s in window}}
    ordered = sorted(window, key=lambda s: (lengths[s.source], s.source, s.id))
    batch: list[Segment] = []
    tokens = 0
    for source, group in groupby(ordered, key=lambda s: s.source):
        if batch and tokens + lengths[source] > batch_tokens:
            yield SegmentBatch(number, tuple(batch), tokens)
            batch, tokens = [], 0
        batch += group
        tokens += lengths[source]
    if batch:
        yield SegmentBatch(number, tuple(batch), tokens)
