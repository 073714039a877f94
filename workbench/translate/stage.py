"""Stage 3: give every translatable segment a target — memory first, then batched MT.

Untranslated segments of many documents go through the engine in token-sorted batches across
documents (`translate.batches`), each batch committed on its own, so a killed run resumes
where it stopped and a segment that already has a target is never translated again. A source
repeated in one run reaches the model once. A run with nothing for the model (all done, or
answered by the memory) never loads the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from workbench.quality.checks import check_target, glossary_for, spelling_options
from workbench.records import NewTranslation, Origin, Segment
from workbench.store import Store
from workbench.translate.batches import (
    WINDOW_SEGMENTS,
    RepeatMemo,
    commit_batch,
    untranslated_batches,
)
from workbench.translate.device import Device, resolve_device
from workbench.translate.engine import DEFAULT_BATCH_TOKENS, Engine, get_engine
from workbench.translate.glossary import GlossaryTerm
from workbench.translate.machine import PLACEHOLDER_LOST, translate_batch
from workbench.translate.memory import TranslationMemory
from workbench.translate.packages import InstalledPackage, find_installed
from workbench.translate.postedit import finish_machine_output

FUZZY_THRESHOLD = 75.0

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class TranslateResult:
    """What one run did to one document (`seconds`: from the run's start to its last commit)."""

    document_id: int
    machine: int
    memory: int
    already_done: int
    masking_fallbacks: int
    flagged: int
    seconds: float


class EngineProvider:
    """A run's package, engine and memory for one pair, each looked up or loaded once.

    A run with nothing to do never loads a model or indexes the memory.
    """

    def __init__(
        self,
        models_dir: Path,
        source_lang: str,
        target_lang: str,
        *,
        jobs: int = 1,
        device: Device | str = Device.AUTO,
    ) -> None:
        self.models_dir = models_dir
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.jobs = jobs
        self.device = Device(device)
        self._package: InstalledPackage | None = None
        self._engine: Engine | None = None
        self._memory: TranslationMemory | None = None

    def check(self) -> None:
        """Raise `ModelError` now if no package for the pair is installed or `cuda` has no GPU."""
        self.package()
        if self.device is Device.CUDA:
            resolve_device(self.device)

    def package(self) -> InstalledPackage:
        """The installed package for the pair, found once per run."""
        if self._package is None:
            self._package = find_installed(self.models_dir, self.source_lang, self.target_lang)
        return self._package

    def memory(self, store: Store) -> TranslationMemory | None:
        """The translation memory for the pair, indexed once per run (None when empty)."""
        if self._memory is None and store.memory.count():
            self._memory = TranslationMemory(store.memory.pairs(self.source_lang, self.target_lang))
        return self._memory

    def get(self) -> Engine:
        """The loaded engine (one per process, package and options)."""
        if self._engine is None:
            self._engine = get_engine(self.package(), inter_threads=self.jobs, device=self.device)
        return self._engine


class BatchWorkers(Protocol):
    """Where batches are translated: threads of this process, or Ray actors (`cluster.py`).

    The driver (`translate_documents`) keeps everything that reads or writes the store.
    """

    capacity: int  # batches in the model at once

    def count_tokens(self, text: str) -> int:
        """Length of a source, for sorting and budgeting batches."""
        ...

    def submit(self, segments: Sequence[Segment]) -> Future[list[NewTranslation]]:
        """Start `translate_batch` on the segments."""
        ...


WorkersFactory = Callable[[list["GlossaryTerm"], bool], BatchWorkers]


class _ThreadWorkers:
    """Batches translated by this process's engine, `jobs` at once."""

    def __init__(
        self,
        engines: EngineProvider,
        pool: ThreadPoolExecutor,
        terms: list[GlossaryTerm],
        reuse_repeats: bool,
    ) -> None:
        self.capacity = engines.jobs
        self._engines = engines
        self._pool = pool
        self._terms = terms
        self._reuse_repeats = reuse_repeats

    def count_tokens(self, text: str) -> int:
        return len(self._engines.get().tokenize(text))

    def submit(self, segments: Sequence[Segment]) -> Future[list[NewTranslation]]:
        engines = self._engines
        return self._pool.submit(
            translate_batch,
            engines.get(),
            segments,
            engines.source_lang,
            engines.target_lang,
            self._terms,
            reuse_repeats=self._reuse_repeats,
        )


@dataclass(slots=True)
class _Tally:
    machine: int = 0
    memory: int = 0
    fallbacks: int = 0
    flagged: int = 0
    last_commit: float = 0.0


@dataclass(slots=True)
class _Run:
    """One `translate_documents` call's running totals, updated on every commit."""

    store: Store
    actor: str
    on_progress: ProgressCallback | None
    total: int
    started: float = field(default_factory=time.perf_counter)
    done: int = 0
    tallies: dict[int, _Tally] = field(default_factory=dict)

    def commit(
        self,
        segments: Sequence[Segment],
        translations: Sequence[NewTranslation],
        suggestions: Sequence[tuple[int, str, str, float]] = (),
    ) -> None:
        commit_batch(self.store, translations, suggestions=suggestions, actor=self.actor)
        documents = {s.id: s.document_id for s in segments}
        now = time.perf_counter() - self.started
        for item in translations:
            tally = self.tallies[documents[item.segment_id]]
            if item.origin is Origin.TM:
                tally.memory += 1
            else:
                tally.machine += 1
                tally.fallbacks += PLACEHOLDER_LOST in item.flags
            tally.flagged += bool(item.flags)
            tally.last_commit = now
        self.done += len(translations)
        if self.on_progress:
            self.on_progress(self.done, self.total)


def translate_documents(
    store: Store,
    document_ids: Iterable[int],
    engines: EngineProvider,
    *,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
    reuse_repeats: bool = True,
    window_segments: int = WINDOW_SEGMENTS,
    workers: WorkersFactory | None = None,
) -> list[TranslateResult]:
    """Translate the documents' untranslated segments in batches across documents.

    Every document must be in the provider's language pair. Memory matches are committed first;
    the rest goes to the model in token-sorted batches, `engines.jobs` of them in the model at
    once and one more being prepared, each committed as soon as it comes back. Without
    `reuse_repeats` every segment reaches the model, repeated or not (for benchmarks).
    `workers` builds somewhere else to translate batches (Ray actors); by default this
    process's engine does.
    """
    ids = list(dict.fromkeys(document_ids))
    pair = (engines.source_lang, engines.target_lang)
    for document_id in ids:
        document = store.documents.get(document_id)
        if (document.source_lang, document.target_lang) != pair:
            raise ValueError(f"document {document_id} is not {pair[0]}→{pair[1]}")
    counts = store.documents.translation_counts(ids)
    already = {i: translated for i, (_, translated) in counts.items()}
    pending_total = sum(translatable - translated for translatable, translated in counts.values())
    run = _Run(store, actor, on_progress, pending_total)
    run.tallies = {i: _Tally() for i in ids}
    terms = glossary_for(store, *pair)
    memory = engines.memory(store)
    spelling = spelling_options(store, pair[1])

    def check_memory(
        segments: Sequence[Segment], hits: list[NewTranslation]
    ) -> list[NewTranslation]:
        # A memory target gets the same QA as a machine one: the memory can be wrong too.
        sources = {s.id: s.source for s in segments}
        return [
            replace(
                hit,
                flags=tuple(
                    check_target(sources[hit.segment_id], hit.text, *pair, terms, spelling)
                ),
            )
            for hit in hits
        ]

    memo = RepeatMemo() if reuse_repeats else None
    in_flight: dict[Future[list[NewTranslation]], list[Segment]] = {}

    def settle(keep: int) -> None:
        """Commit finished batches until at most `keep` are in flight."""
        while len(in_flight) > keep:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                segments = in_flight.pop(future)
                # Post-edit rules and spelling read the store: on this thread, not the pool's.
                translations = finish_machine_output(store, *pair, future.result(), terms)
                if memo is not None:
                    memo.remember(segments, translations)
                run.commit(segments, translations)

    window = 0
    with ThreadPoolExecutor(max_workers=engines.jobs + 1) as pool:
        where = (
            workers(terms, reuse_repeats)
            if workers
            else _ThreadWorkers(engines, pool, terms, reuse_repeats)
        )
        batches = untranslated_batches(
            store,
            ids,
            count_tokens=where.count_tokens,
            batch_tokens=DEFAULT_BATCH_TOKENS,
            window_segments=window_segments,
            answered=lambda read: _commit_memory_matches(run, memory, read, check_memory),
        )
        for batch in batches:
            if batch.window != window:
                # Batches of one window share no source; waiting here lets the memo see
                # every source of the windows before.
                settle(0)
                window = batch.window
            segments = list(batch.segments)
            if memo is not None:
                known, segments = memo.split(segments)
                if known:
                    run.commit(batch.segments, known)
            if segments:
                settle(where.capacity)
                in_flight[where.submit(segments)] = segments
        settle(0)
    return [
        TranslateResult(
            i,
            tally.machine,
            tally.memory,
            already[i],
            tally.fallbacks,
            tally.flagged,
            tally.last_commit,
        )
        for i, tally in run.tallies.items()
    ]


def translate_document(
    store: Store,
    document_id: int,
    engines: EngineProvider,
    *,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
) -> TranslateResult:
    """Translate one document's untranslated segments; returns counts of what was done."""
    [result] = translate_documents(
        store, [document_id], engines, on_progress=on_progress, actor=actor
    )
    return result


def _commit_memory_matches(
    run: _Run,
    memory: TranslationMemory | None,
    segments: list[Segment],
    check: Callable[[Sequence[Segment], list[NewTranslation]], list[NewTranslation]],
) -> list[Segment]:
    """Commit exact memory matches (QA-checked) and fuzzy suggestions; return the segments
    left for MT."""
    hits, suggestions, remaining = _from_memory(memory, segments)
    if hits or suggestions:
        run.commit(segments, check(segments, hits), suggestions)
    return remaining


def _from_memory(
    memory: TranslationMemory | None, pending: list[Segment]
) -> tuple[list[NewTranslation], list[tuple[int, str, str, float]], list[Segment]]:
    """Exact memory matches become targets (origin tm); fuzzy ones become suggestions."""
    if memory is None:
        return [], [], pending
    hits: list[NewTranslation] = []
    suggestions: list[tuple[int, str, str, float]] = []
    remaining: list[Segment] = []
    lookups = memory.lookup_many([s.source for s in pending], threshold=FUZZY_THRESHOLD)
    for segment, lookup in zip(pending, lookups, strict=True):
        if lookup.exact is not None:
            hits.append(
                NewTranslation(segment.id, lookup.exact.target, Origin.TM, score=100.0, engine="tm")
            )
            continue
        remaining.append(segment)
        suggestions += [(segment.id, m.source, m.target, m.score) for m in lookup.fuzzy]
    return hits, suggestions, remaining
