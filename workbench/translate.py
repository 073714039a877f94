"""Stage 3: give every translatable segment a target — memory first, then batched MT.

Work is committed in small chunks so a killed run resumes where it stopped; segments that
already have a target are never translated again. The engine loads only if MT is needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.checks import check_target, glossary_for, spelling_options
from workbench.postedit import finish_machine_output
from workbench.records import Flag, NewTranslation, Origin, Segment, Severity
from workbench.store import Store

if TYPE_CHECKING:
    from workbench.glossary import GlossaryTerm
    from workbench.mt.engine import Engine
    from workbench.tm import TranslationMemory

# Segments per committed chunk: small enough that a kill loses seconds of work,
# large enough that the engine still sorts and batches well.
CHUNK_SEGMENTS = 64
FUZZY_THRESHOLD = 75.0

ProgressCallback = Callable[[int, int], None]
_PLACEHOLDER_LOST = Flag(
    "placeholder-lost",
    Severity.WARNING,
    "protected terms or numbers did not survive MT; translated without protection",
)


@dataclass(frozen=True, slots=True)
class TranslateResult:
    """What one `translate_document` call did."""

    document_id: int
    machine: int
    memory: int
    already_done: int
    masking_fallbacks: int
    flagged: int
    seconds: float


class EngineProvider:
    """A run's engine and memory for one pair, each loaded on first use.

    A run with nothing to do never loads a model or indexes the memory.
    """

    def __init__(
        self, models_dir: Path, source_lang: str, target_lang: str, *, jobs: int = 1
    ) -> None:
        self.models_dir = models_dir
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.jobs = jobs
        self._memory: TranslationMemory | None = None

    def check(self) -> None:
        """Raise `ModelError` now if no package for the pair is installed."""
        from workbench.mt.packages import find_installed

        find_installed(self.models_dir, self.source_lang, self.target_lang)

    def memory(self, store: Store) -> TranslationMemory | None:
        """The translation memory for the pair, indexed once per run (None when empty)."""
        if self._memory is None and store.tm_count():
            from workbench.tm import TranslationMemory

            self._memory = TranslationMemory(store.tm_pairs(self.source_lang, self.target_lang))
        return self._memory

    def get(self) -> Engine:
        """The loaded engine (one per process and package)."""
        from workbench.mt.engine import get_engine
        from workbench.mt.packages import find_installed

        package = find_installed(self.models_dir, self.source_lang, self.target_lang)
        return get_engine(package, inter_threads=self.jobs)


def translate_document(
    store: Store,
    document_id: int,
    engines: EngineProvider,
    *,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
) -> TranslateResult:
    """Translate the document's untranslated segments; returns counts of what was done."""
    started = time.perf_counter()
    document = store.document(document_id)
    pending = store.untranslated_segments(document_id)
    total_translatable = len(store.segment_ids(document_id, translatable_only=True))
    already_done = total_translatable - len(pending)
    if not pending:
        return TranslateResult(document_id, 0, 0, already_done, 0, 0, 0.0)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    memory_matches, fuzzy, pending = _from_memory(engines.memory(store), pending)
    # A memory target gets the same QA as a machine one: the memory can be wrong too.
    spelling = spelling_options(store, document.target_lang) if memory_matches else None
    memory_hits = [
        replace(hit, flags=tuple(check_target(source, hit.text, document, terms, spelling)))
        for source, hit in memory_matches
    ]
    if memory_hits:
        store.record_translations(memory_hits, actor=actor)
    if fuzzy:
        store.record_suggestions(fuzzy)
    machine = fallbacks = 0
    flagged = sum(1 for hit in memory_hits if hit.flags)
    done = len(memory_hits)
    if on_progress:
        on_progress(done, len(memory_hits) + len(pending))
    for start in range(0, len(pending), CHUNK_SEGMENTS):
        chunk = pending[start : start + CHUNK_SEGMENTS]
        items, chunk_fallbacks = _machine_translate(
            engines.get(), chunk, document.source_lang, document.target_lang, terms
        )
        items = finish_machine_output(store, document, items, terms)
        store.record_translations(items, actor=actor)
        machine += len(items)
        fallbacks += len(chunk_fallbacks)
        flagged += sum(1 for item in items if item.flags)
        done += len(chunk)
        if on_progress:
            on_progress(done, len(memory_hits) + len(pending))
    return TranslateResult(
        document_id,
        machine,
        len(memory_hits),
        already_done,
        fallbacks,
        flagged,
        time.perf_counter() - started,
    )


def _from_memory(
    memory: TranslationMemory | None, pending: list[Segment]
) -> tuple[list[tuple[str, NewTranslation]], list[tuple[int, str, str, float]], list[Segment]]:
    """Exact memory matches become targets (origin tm), with their sources; fuzzy ones
    become suggestions."""
    if memory is None:
        return [], [], pending
    hits: list[tuple[str, NewTranslation]] = []
    suggestions: list[tuple[int, str, str, float]] = []
    remaining: list[Segment] = []
    lookups = memory.lookup_many([s.source for s in pending], threshold=FUZZY_THRESHOLD)
    for segment, lookup in zip(pending, lookups, strict=True):
        if lookup.exact is not None:
            hits.append(
                (
                    segment.source,
                    NewTranslation(
                        segment.id, lookup.exact.target, Origin.TM, score=100.0, engine="tm"
                    ),
                )
            )
            continue
        remaining.append(segment)
        suggestions += [(segment.id, m.source, m.target, m.score) for m in lookup.fuzzy]
    return hits, suggestions, remaining


def _machine_translate(
    engine: Engine,
    segments: Sequence[Segment],
    source_lang: str,
    target_lang: str,
    terms: list[GlossaryTerm],
) -> tuple[list[NewTranslation], set[int]]:
    """Translate masked sources and QA the results.

    A segment whose placeholders don't survive MT is translated again unmasked and flagged.
    """
    from workbench.glossary import mask, unmask
    from workbench.qa import check_pair

    masked = [mask(s.source, lang=source_lang, terms=terms) for s in segments]
    results = engine.translate([m.text for m in masked])
    fallbacks: set[int] = set()
    texts: list[str] = []
    scores: list[float] = []
    retry: list[int] = []
    for position, (segment, masked_text, result) in enumerate(
        zip(segments, masked, results, strict=True)
    ):
        restored = unmask(result.text, masked_text) if masked_text.spans else result.text
        if restored is None:
            retry.append(position)
            fallbacks.add(segment.id)
            restored = ""
        texts.append(restored)
        scores.append(result.score)
    if retry:
        plain = engine.translate([segments[i].source for i in retry])
        for position, result in zip(retry, plain, strict=True):
            texts[position] = result.text
            scores[position] = result.score
    items = [
        NewTranslation(
            segment_id=segment.id,
            text=text,
            origin=Origin.MT,
            score=score,
            engine="ctranslate2",
            model_id=engine.model_id,
            signature=engine.signature,
            flags=tuple(
                check_pair(
                    segment.source,
                    text,
                    source_lang=source_lang,
                    target_lang=target_lang,
                    terms=terms,
                )
            )
            + ((_PLACEHOLDER_LOST,) if segment.id in fallbacks else ()),
        )
        for segment, text, score in zip(segments, texts, scores, strict=True)
    ]
    return items, fallbacks
