"""Stage 3 on a Ray cluster: actors translate, this process (the driver) alone writes the store.

The driver reads untranslated segments document by document, answers what the translation
memory can, sorts the rest by token count in windows and sends them out in batches, at most
`in_flight` at a time; each finished batch is committed in its own transaction, exactly as the
in-process stage commits its chunks, so a killed driver resumes on rerun and nothing is
doubled (`record_translations` skips segments that already have a target). Each actor loads
the model once, from a copy of the package the driver ships through Ray's object store, so no
node needs a shared path. Ray restarts a dead actor and retries its batch.
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.checks import glossary_for
from workbench.errors import InputError
from workbench.records import NewTranslation, Segment
from workbench.store import Store
from workbench.translate import (
    CHUNK_SEGMENTS,
    EngineProvider,
    ProgressCallback,
    TranslateResult,
    _from_memory,
    _machine_translate,
)

if TYPE_CHECKING:
    from workbench.glossary import GlossaryTerm
    from workbench.mt.packages import InstalledPackage

# Segments sorted together: large enough that batches hold similar lengths, small enough that
# the driver never holds an archive's worth of segments.
WINDOW_SEGMENTS = 4_096
# Ray's smallest object store; the package and the batches are far below it.
OBJECT_STORE_BYTES = 80 * 2**20
MISSING_RAY = "--cluster needs Ray: pip install 'workbench[cluster]'"


@dataclass(frozen=True, slots=True)
class Batch:
    """Segments of one language pair to translate together."""

    source_lang: str
    target_lang: str
    segments: tuple[Segment, ...]


def untranslated_batches(
    store: Store,
    document_ids: Iterable[int],
    providers: dict[tuple[str, str], EngineProvider],
    *,
    batch_segments: int = CHUNK_SEGMENTS,
    actor: str = "workbench",
) -> Iterator[Batch]:
    """Memory matches are committed here; the remaining segments come out token-sorted.

    `providers` gives each language pair's memory, keyed by (source, target).
    """
    windows: dict[tuple[str, str], list[Segment]] = {}
    for document_id in document_ids:
        document = store.document(document_id)
        pair = (document.source_lang, document.target_lang)
        hits, fuzzy, pending = _from_memory(
            providers[pair].memory(store), store.untranslated_segments(document_id)
        )
        if hits:
            store.record_translations([hit for _, hit in hits], actor=actor)
        if fuzzy:
            store.record_suggestions(fuzzy)
        window = windows.setdefault(pair, [])
        window += pending
        if len(window) >= WINDOW_SEGMENTS:
            yield from _sorted_batches(pair, window, batch_segments)
            window.clear()
    for pair, window in windows.items():
        yield from _sorted_batches(pair, window, batch_segments)


def _sorted_batches(
    pair: tuple[str, str], segments: list[Segment], batch_segments: int
) -> Iterator[Batch]:
    # Whitespace tokens approximate the model's pieces without loading a tokenizer here.
    ordered = sorted(segments, key=lambda s: len(s.source.split()))
    for start in range(0, len(ordered), batch_segments):
        yield Batch(*pair, tuple(ordered[start : start + batch_segments]))


def commit_batch(store: Store, items: Sequence[NewTranslation], actor: str = "workbench") -> int:
    """Record one finished batch in one transaction; segments already translated are skipped."""
    return store.record_translations(items, actor=actor)


class Translator:
    """A Ray actor: unpacks the shipped package once, then translates batch after batch."""

    def __init__(self, package: InstalledPackage, archive: bytes, device: str) -> None:
        from workbench.mt.engine import get_engine

        folder = Path(tempfile.mkdtemp(prefix="workbench-actor-"))
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            zipped.extractall(folder)
        # --device comes with the engine's device option; CPU needs no argument.
        options = {} if device == "cpu" else {"device": device}
        self.engine = get_engine(replace(package, path=folder), **options)

    def translate(self, batch: Batch, terms: list[GlossaryTerm]) -> list[NewTranslation]:
        """MT, glossary masking and QA of one batch, as the in-process stage does them."""
        items, _ = _machine_translate(
            self.engine, batch.segments, batch.source_lang, batch.target_lang, terms
        )
        return items


def translate_on_cluster(
    store: Store,
    document_ids: Sequence[int],
    models_dir: Path,
    *,
    address: str,
    actors: int = 2,
    device: str = "cpu",
    in_flight: int | None = None,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
) -> list[TranslateResult]:
    """Translate the documents' untranslated segments on Ray; one result per document.

    `address` is "local" (start a Ray instance here), "auto" or "ray://host:10001". A
    result's `machine` counts every new target, memory matches included.
    """
    ray = require_ray()
    started = time.perf_counter()
    before = {i: _translation_counts(store, i) for i in document_ids}
    total = sum(translatable - translated for translatable, translated in before.values())
    providers = {
        (d.source_lang, d.target_lang): EngineProvider(models_dir, d.source_lang, d.target_lang)
        for d in map(store.document, document_ids)
    }
    for provider in providers.values():
        provider.check()
    if not total:
        return [_result(store, i, counts, 0.0) for i, counts in before.items()]
    _connect(ray, address, actors)
    try:
        pools: dict[tuple[str, str], _Pool] = {}
        limit = in_flight or 2 * actors
        running: dict[Any, Batch] = {}
        done = 0

        def finish(ready: list[Any]) -> None:
            nonlocal done
            for ref in ready:
                batch = running.pop(ref)
                commit_batch(store, ray.get(ref), actor=actor)
                done += len(batch.segments)
                if on_progress:
                    on_progress(done, total)

        batches = untranslated_batches(store, document_ids, providers, actor=actor)
        for batch in batches:
            pair = (batch.source_lang, batch.target_lang)
            if pair not in pools:
                pools[pair] = _Pool(ray, store, providers[pair], actors, device)
            running[pools[pair].submit(batch)] = batch
            if len(running) >= limit:
                ready, _ = ray.wait(list(running), num_returns=1)
                finish(ready)
        while running:
            ready, _ = ray.wait(list(running), num_returns=1)
            finish(ready)
    finally:
        # Stops a local instance; from a joined cluster it only disconnects.
        ray.shutdown()
    seconds = time.perf_counter() - started
    return [_result(store, i, counts, seconds) for i, counts in before.items()]


def _result(
    store: Store, document_id: int, before: tuple[int, int], seconds: float
) -> TranslateResult:
    """What the run did to one document, from its counts before and after."""
    translated = before[1]
    return TranslateResult(
        document_id,
        machine=_translation_counts(store, document_id)[1] - translated,
        memory=0,
        already_done=translated,
        masking_fallbacks=0,
        flagged=0,
        seconds=seconds,
    )


class _Pool:
    """One language pair's actors, handed batches round-robin."""

    def __init__(
        self, ray: Any, store: Store, provider: EngineProvider, actors: int, device: str
    ) -> None:
        from workbench.mt.packages import find_installed

        package = find_installed(provider.models_dir, provider.source_lang, provider.target_lang)
        # Held for the whole run: a restarted actor reads its constructor arguments again.
        self.archive = ray.put(_zip_folder(package.path))
        remote = ray.remote(
            num_cpus=1,
            num_gpus=1 if device == "cuda" else 0,
            # A killed actor is restarted and its unfinished batches resubmitted.
            max_restarts=-1,
            max_task_retries=-1,
        )(Translator)
        self.actors = [remote.remote(package, self.archive, device) for _ in range(actors)]
        self.terms = ray.put(glossary_for(store, provider.source_lang, provider.target_lang))
        self.turn = 0

    def submit(self, batch: Batch) -> Any:
        self.turn = (self.turn + 1) % len(self.actors)
        return self.actors[self.turn].translate.remote(batch, self.terms)


def _translation_counts(store: Store, document_id: int) -> tuple[int, int]:
    """How many of the document's segments are translatable, and how many have a target."""
    translatable = len(store.segment_ids(document_id, translatable_only=True))
    return translatable, translatable - len(store.untranslated_segments(document_id))


def _zip_folder(folder: Path) -> bytes:
    """The package folder as zip bytes (stored, not deflated: the model is already dense)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(folder))
    return buffer.getvalue()


def require_ray() -> Any:
    """The `ray` module, or `InputError` naming the extra that installs it."""
    try:
        # Ray takes ~1 s and ~100 MB to import; only --cluster pays for it.
        import ray
    except ImportError:
        raise InputError(MISSING_RAY) from None
    return ray


def _connect(ray: Any, address: str, actors: int) -> None:
    """Start a small local Ray instance, or join the cluster at `address`."""
    if address == "local":
        ray.init(
            address="local",
            num_cpus=actors,
            object_store_memory=OBJECT_STORE_BYTES,
            include_dashboard=False,
            log_to_driver=False,
        )
    else:
        ray.init(address=address, log_to_driver=False)
