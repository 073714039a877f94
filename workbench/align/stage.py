"""Stage 4: align a stored document with an existing translation and store the beads.

The algorithm lives in `workbench.align.aligner`; this module picks the documents (ingesting files
when given), feeds MT of the source when a model is installed, and records the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.align.aligner import align_sentences
from workbench.errors import InputError, ModelError
from workbench.ingest.stage import (
    PreparedDocument,
    as_document_id,
    ingest_prepared,
    prepare,
    prepare_presegmented,
)
from workbench.ingest.textio import read_source
from workbench.records import Bead, Document, Segment
from workbench.store import Store
from workbench.store.beads import StoredBead
from workbench.translate.engine import get_engine
from workbench.translate.packages import find_installed


@dataclass(frozen=True, slots=True)
class AlignResult:
    """Two documents' beads as stored, and whether they looked like translations at all."""

    source_document_id: int
    target_document_id: int
    beads: list[StoredBead]
    parallel_score: float
    looks_parallel: bool
    method: str


def align_documents(
    store: Store,
    source: str,
    target: str,
    *,
    presegmented: bool = False,
    source_lang: str | None = None,
    target_lang: str | None = None,
    models_dir: Path | None = None,
    author: str = "workbench",
) -> AlignResult:
    """Align `source` with its translation `target` (files or document ids) and store beads."""
    prepared_target = _prepare(target, presegmented, target_lang, None)
    target_code = (
        prepared_target.lang if prepared_target else store.documents.get(int(target)).source_lang
    )
    prepared_source = _prepare(source, presegmented, source_lang, target_code)
    source_code = (
        prepared_source.lang if prepared_source else store.documents.get(int(source)).source_lang
    )
    # A translation document records, as its target language, the language of its original.
    source_document = _stored(store, source, prepared_source, "source", target_code, author)
    target_document = _stored(store, target, prepared_target, "target", source_code, author)
    if source_document.id == target_document.id:
        raise InputError(
            f"cannot align document {source_document.id} with itself",
            hint="give the original and its translation",
        )
    source_segments = store.documents.segments(source_document.id, translatable_only=True)
    target_segments = store.documents.segments(target_document.id, translatable_only=True)
    if not source_segments or not target_segments:
        raise InputError("nothing to align: one of the documents has no translatable sentences")
    alignment = align_sentences(
        [s.source for s in source_segments],
        [s.source for s in target_segments],
        source_lang=source_document.source_lang,
        target_lang=target_document.source_lang,
        source_mt=_machine_translation(
            source_segments, source_document, target_document, models_dir
        ),
    )
    beads = [
        Bead(
            tuple(source_segments[i].id for i in bead.source),
            tuple(target_segments[i].id for i in bead.target),
            bead.score,
            alignment.method,
        )
        for bead in alignment.beads
    ]
    store.beads.replace(source_document.id, target_document.id, beads, author)
    return AlignResult(
        source_document.id,
        target_document.id,
        store.beads.current(source_document.id, target_document.id),
        alignment.parallel_score,
        alignment.looks_parallel,
        alignment.method,
    )


def _prepare(
    name: str, presegmented: bool, lang: str | None, translation_lang: str | None
) -> PreparedDocument | None:
    """Read and analyse a file argument; None for a stored document id.

    `translation_lang` is None for the translation itself, else the language it is in.
    """
    if as_document_id(name) is not None:
        return None
    source = read_source(name)
    if presegmented:
        return prepare_presegmented(source, lang=lang)
    if translation_lang is None:
        return prepare(source, source_lang=lang, translating=False)
    return prepare(source, source_lang=lang, target_lang=translation_lang)


def _stored(
    store: Store,
    name: str,
    prepared: PreparedDocument | None,
    role: str,
    other_lang: str,
    author: str,
) -> Document:
    if prepared is None:
        return store.documents.get(int(name))
    return ingest_prepared(
        store, prepared, target_lang=other_lang, role=role, actor=author
    ).document


def _machine_translation(
    segments: list[Segment], source: Document, target: Document, models_dir: Path | None
) -> list[str] | None:
    """MT of the source sentences when a model for the pair is installed (Bleualign's idea)."""
    if models_dir is None:
        return None
    try:
        package = find_installed(models_dir, source.source_lang, target.source_lang)
    except ModelError:
        return None
    return [result.text for result in get_engine(package).translate([s.source for s in segments])]
