"""The main job: ingest → segment → translate → render, shared by `workbench run`, `translate`
and tests.

Every input is read and analysed before anything is stored, so one bad file leaves the store
exactly as it was. All documents of a language pair are translated together, in batches across
documents, whichever command asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.errors import AlreadyInTargetLanguage, InputError, ModelError
from workbench.export.render import render_to_path
from workbench.ingest.stage import IngestResult, PreparedDocument, ingest_prepared, prepare
from workbench.ingest.textio import read_source
from workbench.records import Document
from workbench.store import Store
from workbench.translate.stage import (
    EngineProvider,
    ProgressCallback,
    TranslateResult,
    translate_documents,
)

INPUT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".odt", ".srt")


@dataclass(frozen=True, slots=True)
class DocumentRun:
    """What a run did with one document: its ingest (None for one named by id, already
    stored), its translation, and where its article was written."""

    document: Document
    ingest: IngestResult | None
    translate: TranslateResult | None
    article: Path | None = None


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Files named directly, plus the article files inside named directories (sorted)."""
    files: list[str] = []
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                # Word's lock file for an open document (~$name.docx) is no document
                if p.is_file()
                and p.suffix.lower() in INPUT_SUFFIXES
                and not p.name.startswith("~$")
            )
            if not found:
                raise InputError(
                    f"{name}: no .txt, .md, .html, .docx, .odt or .srt files in this directory"
                )
            files += found
        else:
            files.append(name)
    return files


def prepare_inputs(
    inputs: Sequence[str],
    *,
    source_lang: str | None = None,
    target_lang: str = "en",
    stdin: BinaryIO | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> list[PreparedDocument]:
    """Read and analyse every input; any bad one raises before anything is stored.

    With `on_skip`, an input already in the target language is left out and the reason
    passed to `on_skip` instead, unless no input is left.
    """
    prepared: list[PreparedDocument] = []
    skipped: list[AlreadyInTargetLanguage] = []
    for name in expand_inputs(inputs):
        try:
            prepared.append(
                prepare(read_source(name, stdin), source_lang=source_lang, target_lang=target_lang)
            )
        except AlreadyInTargetLanguage as exc:
            if on_skip is None:
                raise
            skipped.append(exc)
    if skipped and not prepared:
        raise skipped[0]
    if on_skip is not None:
        for reason in skipped:
            on_skip(reason.message)
    return prepared


def missing_pairs(
    prepared: Sequence[PreparedDocument], models_dir: Path, target_lang: str = "en"
) -> list[tuple[str, str]]:
    """Language pairs the documents need that have no installed package."""
    needed = sorted({(document.lang, target_lang) for document in prepared})
    missing = []
    for source, target in needed:
        try:
            EngineProvider(models_dir, source, target).check()
        except ModelError:
            missing.append((source, target))
    return missing


def run(
    store: Store,
    prepared: Sequence[PreparedDocument],
    models_dir: Path | None,
    *,
    stored_ids: Sequence[int] = (),
    target_lang: str = "en",
    jobs: int = 1,
    device: str = "auto",
    on_document: Callable[[int, int, str], None] | None = None,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
    out_dir: Path | None = None,
) -> list[DocumentRun]:
    """Store each prepared document, then translate them and the already stored documents
    `stored_ids` (only store when `models_dir` is None), each language pair in batches across
    its documents; with `out_dir`, write each translated article there as `<stem>.<lang><ext>`.

    Every document id and needed model is checked before anything is stored.
    """
    stored = [store.documents.get(i) for i in dict.fromkeys(stored_ids)]
    providers: dict[tuple[str, str], EngineProvider] = {}
    if models_dir is not None:
        pairs = {(d.source_lang, d.target_lang) for d in stored}
        pairs |= {(document.lang, target_lang) for document in prepared}
        for pair in sorted(pairs):
            providers[pair] = EngineProvider(models_dir, *pair, jobs=jobs, device=device)
            providers[pair].check()
    ingested = store_documents(
        store, prepared, target_lang=target_lang, actor=actor, on_document=on_document
    )
    documents = stored + [result.document for result in ingested]
    by_pair: dict[tuple[str, str], list[int]] = {}
    if providers:
        for document in documents:
            by_pair.setdefault((document.source_lang, document.target_lang), []).append(document.id)
    translated = {
        result.document_id: result
        for pair, ids in by_pair.items()
        for result in translate_documents(
            store, ids, providers[pair], on_progress=on_progress, actor=actor
        )
    }
    articles = (
        {document_id: write_article(store, document_id, out_dir) for document_id in translated}
        if out_dir is not None
        else {}
    )
    ingests: list[IngestResult | None] = [None] * len(stored)
    return [
        DocumentRun(document, ingest, translated.get(document.id), articles.get(document.id))
        for document, ingest in zip(documents, ingests + list(ingested), strict=True)
    ]


def store_documents(
    store: Store,
    prepared: Sequence[PreparedDocument],
    *,
    target_lang: str = "en",
    actor: str = "workbench",
    on_document: Callable[[int, int, str], None] | None = None,
) -> list[IngestResult]:
    """Store each prepared document (an unchanged one already stored is a no-op)."""
    ingested: list[IngestResult] = []
    for number, document in enumerate(prepared, start=1):
        if on_document:
            on_document(number, len(prepared), document.source.name)
        ingested.append(ingest_prepared(store, document, target_lang=target_lang, actor=actor))
    return ingested


def write_article(store: Store, document_id: int, out_dir: Path) -> Path:
    """Render a translated document in its source's format into `out_dir` (created if new)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    (written,) = render_to_path(store, [document_id], None, out_dir, into_folder=True)
    return written.path
