"""Generate an archive-sized store through the store's own write paths (for `bench scale`).

Articles of 20–60 segments in paragraphs, with a title, captions and boilerplate lines; every
translatable segment gets its MT from the fixture model; a share of the articles is reviewed
(edited, merged, rejected, approved). Sentences come from a fixed-size pool that the fixture
model translates once, so generation costs store writes, not MT.
"""

from __future__ import annotations

import functools
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind
from workbench.store import Store
from workbench.translate.engine import get_engine
from workbench.translate.fixture import build_fixture_package
from workbench.translate.packages import find_installed, install_from_file

POOL_SENTENCES = 4_000
_WORDS = (
    "staden huset vägen skolan bilen tåget boken ljuset vattnet skogen sommaren vintern barnen "
    "läraren doktorn bonden hamnen torget kyrkan bron regeringen kommunen polisen företaget "
    "valet budgeten marknaden priserna elever forskare invånare stormen floden fabriken "
    "ministern rapporten domstolen sjukhuset museet festivalen laget matchen publiken"
).split()
_VERBS = "säger visar bygger stänger öppnar kritiserar väntar föreslår köper säljer".split()
_GLUE = "och men i på med för efter under utan mot enligt".split()
_BOILERPLATE = (
    "Dela artikeln på Facebook",
    "Läs också:",
    "Annons",
    "Prenumerera på vårt nyhetsbrev",
    "© Tidningen 2026",
)


@dataclass(frozen=True, slots=True)
class BuiltStore:
    """What the generator wrote."""

    documents: int
    segments: int
    reviewed_documents: int
    seconds: float


def sentence_pool(rng: random.Random, count: int = POOL_SENTENCES) -> list[str]:
    """Distinct Swedish-looking sentences of 4–24 words."""
    pool: list[str] = []
    for number in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(2, 10))]
        words.insert(1, rng.choice(_VERBS))
        for _ in range(rng.randint(0, 6)):
            words.insert(rng.randint(1, len(words)), rng.choice(_GLUE))
        if rng.random() < 0.3:
            words.append(str(rng.randint(2, 2_000)))
        pool.append(f"{' '.join(words).capitalize()} ({number}).")
    return pool


def article(rng: random.Random, pool: list[str]) -> list[NewSegment]:
    """One article: a title, body paragraphs of 1–5 sentences, captions, boilerplate."""
    target = rng.randint(20, 60)
    segments: list[NewSegment] = []
    paragraph = 0

    def add(kind: SegmentKind, sentences: list[str]) -> None:
        nonlocal paragraph
        for index, text in enumerate(sentences):
            segments.append(
                NewSegment(
                    paragraph,
                    index,
                    text,
                    " " if index < len(sentences) - 1 else "\n\n",
                    kind,
                    "sv",
                    0.99,
                    kind is not SegmentKind.BOILERPLATE,
                )
            )
        paragraph += 1

    add(SegmentKind.TITLE, [rng.choice(pool).rstrip(".")])
    while len(segments) < target - 2:
        roll = rng.random()
        if roll < 0.08:
            add(SegmentKind.CAPTION, [f"Foto: {rng.choice(pool)}"])
        elif roll < 0.12:
            add(SegmentKind.BOILERPLATE, [rng.choice(_BOILERPLATE)])
        else:
            add(SegmentKind.BODY, [rng.choice(pool) for _ in range(rng.randint(1, 5))])
    add(SegmentKind.BOILERPLATE, [rng.choice(_BOILERPLATE)])
    return segments


def fixture_package(folder: Path) -> Path:
    """Build the marker fixture model and install it under `folder`; returns the models dir."""
    archive = build_fixture_package(folder / "fixture.argosmodel", variant="marker")
    install_from_file(archive, folder / "models")
    return folder / "models"


def fixture_translations(sources: list[str]) -> dict[str, tuple[str, float, str, str]]:
    """Translate `sources` once with the fixture model: source → (text, score, model, sig)."""
    with tempfile.TemporaryDirectory() as scratch:
        package = find_installed(fixture_package(Path(scratch)), "sv", "en")
        engine = get_engine(package)
        results = engine.translate(sources)
        return {
            source: (result.text, result.score, engine.model_id, engine.signature)
            for source, result in zip(sources, results, strict=True)
        }


@functools.cache
def _translated_pool(seed: int) -> tuple[list[str], dict[str, tuple[str, float, str, str]]]:
    """The sentence pool and its fixture MT, made once per process."""
    pool = sentence_pool(random.Random(seed))
    titles = [p.rstrip(".") for p in pool]
    captions = [f"Foto: {p}" for p in pool]
    return pool, fixture_translations(pool + titles + captions + list(_BOILERPLATE))


def build(
    path: Path,
    documents: int,
    *,
    reviewed_share: float = 0.2,
    seed: int = 15,
    first_number: int = 0,
    on_progress: Callable[[int], None] | None = None,
) -> BuiltStore:
    """Add `documents` generated articles to the store at `path` (numbered from `first_number`)."""
    started = time.perf_counter()
    rng = random.Random(seed + first_number)
    pool, mt = _translated_pool(seed)
    segments = reviewed = 0
    with Store.open(path) as store:
        for number in range(first_number, first_number + documents):
            new_segments = article(rng, pool)
            document, _ = store.documents.add(
                path=f"archive/{number:06d}.txt",
                title=new_segments[0].source,
                sha256=f"scale-{seed}-{number}",
                source_lang="sv",
                target_lang="en",
                segments=new_segments,
            )
            stored = store.documents.segments(document.id, translatable_only=True)
            store.reviews.record_translations(
                [
                    NewTranslation(
                        s.id,
                        mt[s.source][0],
                        Origin.MT,
                        score=mt[s.source][1],
                        engine="ctranslate2",
                        model_id=mt[s.source][2],
                        signature=mt[s.source][3],
                    )
                    for s in stored
                ]
            )
            segments += len(new_segments)
            if rng.random() < reviewed_share:
                _review(store, document.id, rng)
                reviewed += 1
            if on_progress and (number + 1) % 500 == 0:
                on_progress(number + 1)
    return BuiltStore(documents, segments, reviewed, time.perf_counter() - started)


def _review(store: Store, document_id: int, rng: random.Random) -> None:
    """A reviewer's pass: a merge, some edits, a rejection, then approve most of the rest."""
    reviewer = rng.choice(("anna", "erik", "sara"))
    segments = store.documents.segments(document_id, translatable_only=True)
    body = [s for s in segments if s.kind is SegmentKind.BODY]
    merged: set[int] = set()
    for first, second in zip(body, body[1:], strict=False):
        if first.paragraph == second.paragraph:
            store.restructure.merge_with_next(first.id, reviewer, first.translation_id)
            merged.add(second.id)
            break
    current = {s.id: s for s in store.documents.segments(document_id, translatable_only=True)}
    approve: list[int] = []
    for segment in current.values():
        roll = rng.random()
        if roll < 0.1 and segment.target:
            store.reviews.save_edit(
                segment.id, segment.target + " (edited)", reviewer, segment.translation_id
            )
        if roll < 0.03:
            store.reviews.reject(segment.id, reviewer, "check the terminology")
        elif roll < 0.85:
            approve.append(segment.id)
    store.reviews.approve_many(document_id, approve, reviewer)
