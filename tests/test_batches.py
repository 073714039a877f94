"""Batches across documents: token-sorted, repeats translated once, committed per batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.support import add_sentences
from workbench.records import Origin
from workbench.store import Store
from workbench.translate import stage as translate
from workbench.translate.batches import RepeatMemo, commit_batch, untranslated_batches
from workbench.translate.machine import translate_batch
from workbench.translate.stage import EngineProvider, translate_documents

DATELINE = "Stockholm (TT)"


def _add(store: Store, number: int, sentences: Sequence[str]) -> int:
    return add_sentences(store, f"doc{number}", sentences, title=f"doc {number}")


def _articles(store: Store, count: int) -> list[int]:
    """Short articles that share a dateline and a credit line, as a news archive does."""
    return [
        _add(
            store,
            number,
            [
                DATELINE,
                f"Artikel {number} handlar om kommunens {number % 7} nya skolor.",
                "Foto: Anna Andersson",
                "Kort." if number % 2 else "Kommunen har beslutat att bygga en ny bro i år.",
            ],
        )
        for number in range(count)
    ]


class CountingEngine:
    """The real engine, recording what reaches the model."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self.model_id = engine.model_id
        self.signature = engine.signature
        self.texts: list[str] = []

    def tokenize(self, text: str) -> list[str]:
        return self._engine.tokenize(text)  # type: ignore[no-any-return]

    def translate(self, texts: list[str], **options: Any) -> Any:
        self.texts += texts
        return self._engine.translate(texts, **options)


class CountingProvider(EngineProvider):
    def get(self) -> Any:
        if not hasattr(self, "counting"):
            self.counting = CountingEngine(super().get())
        return self.counting


def test_batches_mix_documents_sorted_by_tokens_within_budget(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    engine = EngineProvider(install_model("copy"), "sv", "en").get()
    ids = _articles(store, 30)
    batches = list(
        untranslated_batches(
            store, ids, count_tokens=lambda t: len(engine.tokenize(t)), batch_tokens=64
        )
    )
    segments = [s for batch in batches for s in batch.segments]
    assert sorted(s.id for s in segments) == sorted(
        s.id for i in ids for s in store.documents.untranslated_segments(i)
    )
    assert any(len({s.document_id for s in batch.segments}) > 5 for batch in batches)
    lengths = [len(engine.tokenize(s.source)) for s in segments]
    assert lengths == sorted(lengths)
    for batch in batches:
        distinct = {s.source for s in batch.segments}
        assert batch.tokens == sum(len(engine.tokenize(t)) for t in distinct)
        assert batch.tokens <= 64 or len(distinct) == 1
    # A repeated source sits in exactly one batch, with all its segments.
    holders = [b for b in batches if any(s.source == DATELINE for s in b.segments)]
    assert len(holders) == 1 and sum(s.source == DATELINE for s in holders[0].segments) == 30


def test_windows_bound_what_is_read(store: Store, install_model: Callable[[str], Path]) -> None:
    ids = _articles(store, 10)
    batches = list(
        untranslated_batches(store, ids, count_tokens=len, window_segments=8, batch_tokens=10**6)
    )
    assert [b.window for b in batches] == [0, 1, 2, 3, 4]
    assert all(len(b.segments) == 8 for b in batches)


def test_repeats_reach_the_model_once_and_every_segment_gets_its_target(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    ids = _articles(store, 40)
    engines = CountingProvider(models, "sv", "en")
    results = translate_documents(store, ids, engines)
    assert sum(r.machine for r in results) == 160
    assert engines.counting.texts.count(DATELINE) == 1
    distinct_sources = {s.source for i in ids for s in store.documents.segments(i)}
    assert len(engines.counting.texts) == len(distinct_sources) == 44
    for document_id in ids:
        for segment in store.documents.segments(document_id):
            assert segment.target == "[en] " + segment.source
            assert [v.origin for v in store.reviews.history(segment.id)] == [Origin.MT]


def test_repeats_across_windows_are_still_translated_once(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    ids = _articles(store, 12)
    engines = CountingProvider(models, "sv", "en", jobs=2)
    translate_documents(store, ids, engines, window_segments=6)
    assert engines.counting.texts.count(DATELINE) == 1
    assert all(s.target for i in ids for s in store.documents.segments(i))


def test_without_reuse_every_segment_reaches_the_model(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    ids = _articles(store, 6)
    engines = CountingProvider(models, "sv", "en")
    translate_documents(store, ids, engines, reuse_repeats=False)
    assert engines.counting.texts.count(DATELINE) == 6
    assert len(engines.counting.texts) == 24
    assert all(s.target == "[en] " + s.source for i in ids for s in store.documents.segments(i))


def test_results_per_document_and_second_run_does_nothing(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("copy")
    ids = _articles(store, 5)
    results = translate_documents(store, ids, EngineProvider(models, "sv", "en"))
    assert [(r.document_id, r.machine, r.already_done) for r in results] == [(i, 4, 0) for i in ids]
    again = translate_documents(store, ids, EngineProvider(models, "sv", "en"))
    assert [(r.machine, r.memory, r.already_done) for r in again] == [(0, 0, 4)] * 5


def test_the_three_steps_compose_without_the_driver(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    engine = EngineProvider(install_model("marker"), "sv", "en").get()
    ids = _articles(store, 4)
    memo = RepeatMemo()
    for batch in untranslated_batches(
        store, ids, count_tokens=lambda t: len(engine.tokenize(t)), batch_tokens=32
    ):
        known, unknown = memo.split(batch.segments)
        translations = translate_batch(engine, unknown, "sv", "en", [])
        memo.remember(unknown, translations)
        assert commit_batch(store, known + translations) == len(batch.segments)
    assert all(s.target == "[en] " + s.source for i in ids for s in store.documents.segments(i))


def test_package_is_looked_up_once_per_run(
    store: Store, install_model: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    models = install_model("copy")
    calls: list[str] = []
    real = translate.find_installed

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("find_installed")
        return real(*args, **kwargs)

    monkeypatch.setattr(translate, "find_installed", counting)
    ids = _articles(store, 200)
    engines = EngineProvider(models, "sv", "en")
    engines.check()
    results = translate_documents(store, ids, engines)
    assert sum(r.machine for r in results) == 800
    assert calls == ["find_installed"]


def test_progress_counts_every_segment_once_up_to_the_total(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("copy")
    ids = _articles(store, 30)
    store.memory.add_pairs([(DATELINE, "Stockholm (TT)")], source_lang="sv", target_lang="en")
    progress: list[tuple[int, int]] = []
    results = translate_documents(
        store,
        ids,
        EngineProvider(models, "sv", "en"),
        on_progress=lambda d, t: progress.append((d, t)),
    )
    assert sum(r.memory for r in results) == 30 and sum(r.machine for r in results) == 90
    assert progress[-1] == (120, 120)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
