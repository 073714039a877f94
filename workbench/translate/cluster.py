"""Stage 3 on a Ray cluster: actors translate, this process (the driver) alone writes the store.

The driver runs the translate stage itself (`translate_documents`: memory, token-sorted batches
across documents, post-edit rules, commits) and hands only each batch's MT and QA to the actors,
at most `in_flight` at a time; each finished batch is committed in its own transaction, so a
killed driver resumes on rerun and nothing is doubled (`record_translations` skips segments
that already have a target). Each actor loads
the model once, from a copy of the package the driver ships through Ray's object store, so no
node needs a shared path. Ray restarts a dead actor and retries its batch.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import InputError
from workbench.records import NewTranslation, Segment
from workbench.store import Store
from workbench.translate.device import Device
from workbench.translate.engine import get_engine
from workbench.translate.machine import translate_batch
from workbench.translate.stage import (
    EngineProvider,
    ProgressCallback,
    TranslateResult,
    translate_documents,
)

if TYPE_CHECKING:
    from workbench.translate.glossary import GlossaryTerm
    from workbench.translate.packages import InstalledPackage

# Ray's smallest object store; the package and the batches are far below it.
OBJECT_STORE_BYTES = 80 * 2**20
MISSING_RAY = "--cluster needs Ray: pip install 'workbench[cluster]'"


class Translator:
    """A Ray actor: unpacks the shipped package once, then translates batch after batch."""

    def __init__(self, package: InstalledPackage, archive: bytes, device: str) -> None:
        folder = Path(tempfile.mkdtemp(prefix="workbench-actor-"))
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            zipped.extractall(folder)
        # `auto` is resolved here, on the actor's node: it may have a GPU the driver lacks.
        self.engine = get_engine(replace(package, path=folder), device=device)
        self.pair = (package.from_code, package.to_code)

    def translate(
        self, segments: Sequence[Segment], terms: list[GlossaryTerm], reuse_repeats: bool
    ) -> list[NewTranslation]:
        """MT, glossary masking and QA of one batch, as the in-process stage does them."""
        return translate_batch(
            self.engine, segments, *self.pair, terms, reuse_repeats=reuse_repeats
        )


def translate_on_cluster(
    store: Store,
    document_ids: Sequence[int],
    models_dir: Path,
    *,
    address: str,
    actors: int = 2,
    device: Device | str = Device.CPU,
    in_flight: int | None = None,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
) -> list[TranslateResult]:
    """Translate the documents' untranslated segments on Ray; one result per document.

    `address` is "local" (start a Ray instance here), "auto" or "ray://host:10001". The stage
    itself (`translate_documents`) runs here: memory, batching, post-editing and commits; only
    the batches' MT and QA run on the actors.
    """
    ray = require_ray()
    documents = [store.documents.get(i) for i in dict.fromkeys(document_ids)]
    by_pair: dict[tuple[str, str], list[int]] = {}
    for document in documents:
        by_pair.setdefault((document.source_lang, document.target_lang), []).append(document.id)
    providers = {pair: EngineProvider(models_dir, *pair) for pair in by_pair}
    for provider in providers.values():
        provider.check()
    if not any(store.documents.untranslated_segments(d.id) for d in documents):
        return [
            result
            for pair, ids in by_pair.items()
            for result in translate_documents(store, ids, providers[pair], actor=actor)
        ]
    _connect(ray, address, actors)
    try:
        return [
            result
            for pair, ids in by_pair.items()
            for result in translate_documents(
                store,
                ids,
                providers[pair],
                on_progress=on_progress,
                actor=actor,
                workers=partial(
                    _RayWorkers,
                    ray,
                    providers[pair],
                    actors,
                    Device(device),
                    in_flight or 2 * actors,
                ),
            )
        ]
    finally:
        # Stops a local instance; from a joined cluster it only disconnects.
        ray.shutdown()


class _RayWorkers:
    """One language pair's actors, handed batches round-robin (`BatchWorkers`)."""

    def __init__(
        self,
        ray: Any,
        provider: EngineProvider,
        actors: int,
        device: Device,
        capacity: int,
        terms: list[GlossaryTerm],
        reuse_repeats: bool,
    ) -> None:
        package = provider.package()
        # Held for the whole run: a restarted actor reads its constructor arguments again.
        self.archive = ray.put(_zip_folder(package.path))
        remote = ray.remote(
            num_cpus=1,
            num_gpus=1 if device is Device.CUDA else 0,
            # A killed actor is restarted and its unfinished batches resubmitted.
            max_restarts=-1,
            max_task_retries=-1,
        )(Translator)
        self.actors = [remote.remote(package, self.archive, str(device)) for _ in range(actors)]
        self.terms = ray.put(terms)
        self.reuse_repeats = reuse_repeats
        self.capacity = capacity
        self.turn = 0

    def count_tokens(self, text: str) -> int:
        # Whitespace tokens approximate the model's pieces without loading a tokenizer here.
        return len(text.split()) + 1

    def submit(self, segments: Sequence[Segment]) -> Future[list[NewTranslation]]:
        self.turn = (self.turn + 1) % len(self.actors)
        ref = self.actors[self.turn].translate.remote(
            list(segments), self.terms, self.reuse_repeats
        )
        return ref.future()  # type: ignore[no-any-return]


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
        import ray  # an optional extra, and only --cluster needs it
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
