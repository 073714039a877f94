"""The main job: ingest → segment → translate → render, shared by `workbench run`, `translate`
and tests.

Every input is read and analysed before anything is stored, so one bad file leaves the store
exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.errors import InputError, ModelError
from workbench.export.render import render_to_path
from workbench.ingest.stage import IngestResult, PreparedDocument, ingest_prepared, prepare
from workbench.ingest.textio import read_source
from workbench.store import Store
from workbench.translate.stage import (
    EngineProvider,
    ProgressCallback,
    TranslateResult,
    translate_document,
)

INPUT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".odt", ".srt")


@dataclass(frozen=True, slots=True)
class DocumentRun:
    """Ingest and translation outcome for one input, and where its article was written."""

    ingest: IngestResult
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
) -> list[PreparedDocument]:
    """Read and analyse every input; any bad one raises before anything is stored."""
    return [
        prepare(read_source(name, stdin), source_lang=source_lang, target_lang=target_lang)
        for name in expand_inputs(inputs)
    ]


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
    target_lang: str = "en",
    jobs: int = 1,
    device: str = "auto",
    on_document: Callable[[int, int, str], None] | None = None,
    on_progress: ProgressCallback | None = None,
    actor: str = "workbench",
    out_dir: Path | None = None,
) -> list[DocumentRun]:
    """Store each prepared document and translate it (only ingest when `models_dir` is None);
    with `out_dir`, write each translated article there as `<stem>.<lang><ext>`.

    Every needed model is checked before anything is stored.
    """
    providers: dict[str, EngineProvider] = {}
    if models_dir is not None:
        for document in prepared:
            if document.lang not in providers:
                providers[document.lang] = EngineProvider(
                    models_dir, document.lang, target_lang, jobs=jobs, device=device
                )
                providers[document.lang].check()
    runs: list[DocumentRun] = []
    for number, document in enumerate(prepared, start=1):
        if on_document:
            on_document(number, len(prepared), document.source.name)
        ingested = ingest_prepared(store, document, target_lang=target_lang, actor=actor)
        translated = None
        if models_dir is not None:
            translated = translate_document(
                store,
                ingested.document.id,
                providers[document.lang],
                on_progress=on_progress,
                actor=actor,
            )
        article = None
        if out_dir is not None and translated is not None:
            article = write_article(store, ingested.document.id, out_dir)
        runs.append(DocumentRun(ingested, translated, article))
    return runs


def write_article(store: Store, document_id: int, out_dir: Path) -> Path:
    """Render a translated document in its source's format into `out_dir` (created if new)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {out_dir}: {exc.strerror}") from exc
    (written,) = render_to_path(store, [document_id], None, out_dir, into_folder=True)
    return written.path
