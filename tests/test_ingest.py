"""Ingest pairs every paragraph with its own judgements, or stops loudly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from workbench.ingest import stage as ingest_module
from workbench.ingest.paragraph import Paragraph
from workbench.ingest.stage import ingest
from workbench.records import SegmentKind
from workbench.store import Store

ARTICLE = (
    "Regnet fortsätter i Göteborg\n\n"
    "Det blir regn på fredag och blåsigt på lördag. Meteorologerna varnar för halka.\n\n"
    "Temperaturen sjunker till två grader under natten, säger SMHI.\n"
)


def _one_off(
    change: Callable[[list[SegmentKind]], list[SegmentKind]],
) -> Callable[..., list[SegmentKind]]:
    """The real boilerplate classifier with a bug that changes how many kinds it returns."""
    real = ingest_module.classify_paragraphs

    def classify(
        paragraphs: Sequence[Paragraph],
        langs: Sequence[tuple[str, float]],
        doc_lang: str,
        *,
        authored: bool = False,
    ) -> list[SegmentKind]:
        return change(real(paragraphs, langs, doc_lang, authored=authored))

    return classify


def test_the_article_ingests_with_one_kind_per_paragraph(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    result = ingest(store, str(path), source_lang="sv")
    kinds = [(s.paragraph, s.kind) for s in store.documents.segments(result.document.id)]
    assert kinds[0] == (1, SegmentKind.TITLE)
    assert {kind for paragraph, kind in kinds if paragraph > 1} == {SegmentKind.BODY}


@pytest.mark.parametrize(
    "change",
    [
        # every later paragraph would take the kind of the one after it, the last none at all
        pytest.param(lambda kinds: kinds[1:], id="loses-the-first-kind"),
        pytest.param(lambda kinds: [*kinds, SegmentKind.BODY], id="one-kind-too-many"),
    ],
)
def test_a_classifier_off_by_one_fails_loudly_instead_of_shifting_kinds(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[list[SegmentKind]], list[SegmentKind]],
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    monkeypatch.setattr(ingest_module, "classify_paragraphs", _one_off(change))
    before = store.content_digest()
    # a bug, not bad input: a ValueError (a traceback), never segments under the wrong kind
    with pytest.raises(ValueError, match=r"zip\(\) argument 2 is (shorter|longer)"):
        ingest(store, str(path), source_lang="sv")
    assert store.content_digest() == before
