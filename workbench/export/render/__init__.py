"""Stage 7: the translated article. Takes a stored document, gives the English article (txt,
md, html) or a bilingual review sheet, rebuilt from the current targets and the stored layout;
an office document (docx, odt, srt) also comes back in its own format, written into its file.

Writers are imported on first use, one small module per format, like the corpus exporters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path, PurePath
from typing import BinaryIO

from workbench.errors import InputError
from workbench.export.base import atomic_files, write_pieces
from workbench.export.render.article import Article, article_paragraphs, check_ready
from workbench.files import sqlite_companions
from workbench.ingest.coded import plain
from workbench.ingest.textio import OFFICE_FORMATS, STDIN_NAME
from workbench.records import Document
from workbench.store import Store

__all__ = [
    "FORMATS",
    "RenderedFile",
    "article_path",
    "check_document",
    "check_format",
    "load_article",
    "render",
    "render_to_path",
]

# name → module with `write(article) -> Iterator[str]`
_WRITERS = {
    "txt": "workbench.export.render.txt",
    "md": "workbench.export.render.md",
    "html": "workbench.export.render.html",
    "bilingual": "workbench.export.render.bilingual",
}
# name → module with `write(article) -> bytes`, the article's original file translated
_FILE_WRITERS = {
    "docx": "workbench.export.render.docx",
    "odt": "workbench.export.render.odt",
    "srt": "workbench.export.render.srt",
}
FORMATS = (*_WRITERS, *_FILE_WRITERS)
# the review sheet is HTML too: its own suffix keeps it from overwriting the article
_EXTENSIONS = {"txt": ".txt", "md": ".md", "html": ".html", "bilingual": ".bilingual.html"} | {
    name: f".{name}" for name in _FILE_WRITERS
}
_SOURCE_FORMATS = {
    ".docx": "docx",
    ".odt": "odt",
    ".srt": "srt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """One article written: the document, the format and where it went."""

    document_id: int
    format: str
    path: Path


def source_format(path: str) -> str:
    """The format a stored document came in, from its file name (stdin counts as text)."""
    return _SOURCE_FORMATS.get(PurePath(path).suffix.lower(), "txt")


def check_document(store: Store, document_id: int, *, approved_only: bool = False) -> None:
    """`InputError` unless every translatable segment has a target (approved, if asked)."""
    document = store.documents.get(document_id)
    missing, unapproved, total = store.article.unready_segment_ids(document_id)
    check_ready(
        f"document {document_id} ({document.path})",
        missing,
        unapproved,
        total,
        approved_only=approved_only,
    )


def load_article(store: Store, document_id: int, *, approved_only: bool = False) -> Article:
    """Read a checked document's article from the store (one document in memory)."""
    check_document(store, document_id, approved_only=approved_only)
    document = store.documents.get(document_id)
    fmt = source_format(document.path)
    return Article(
        document=document,
        name=_file_stem(document.path, document.id),
        source_format=fmt,
        target_lang=document.target_lang,
        paragraphs=tuple(article_paragraphs(store.article.segments(document_id, with_flags=True))),
        original=store.documents.original(document_id) if fmt in OFFICE_FORMATS else None,
    )


def render(article: Article, format_name: str, out: BinaryIO) -> None:
    """Write `article` to `out` in `format_name`."""
    if format_name in _FILE_WRITERS:
        out.write(_file_writer(article, format_name)(article))
        return
    if article.source_format in OFFICE_FORMATS:
        # an office document's inline codes stand for formatting a text format cannot keep
        article = replace(
            article,
            source_format="txt",
            paragraphs=tuple(replace(p, text=plain(p.text)) for p in article.paragraphs),
        )
    write_pieces(out, _writer(format_name)(article))


def article_path(article: Article, format_name: str, folder: Path) -> Path:
    """`folder/<stem>.<lang><ext>` (`<stem>.<lang>.bilingual.html` for the review sheet):
    where an article goes when a folder is named."""
    return folder / f"{article.name}.{article.target_lang}{_EXTENSIONS[format_name]}"


def render_to_path(
    store: Store,
    document_ids: Sequence[int],
    format_name: str | None,
    output: Path,
    *,
    approved_only: bool = False,
    into_folder: bool = False,
) -> list[RenderedFile]:
    """Render each document atomically, one at a time; several documents (or `into_folder`)
    go into the folder `output` as `<stem>.<lang><ext>`, one document otherwise to the file
    `output`. Every document is checked before anything is written."""
    if format_name is not None:
        check_format(format_name)
    in_folder = len(document_ids) > 1 or into_folder or output.is_dir()
    if in_folder and not output.is_dir():
        raise InputError(f"output folder {output} does not exist")
    if not in_folder and not output.parent.is_dir():
        raise InputError(f"cannot write {output}: folder {output.parent} does not exist")
    for document_id in document_ids:
        if format_name in _FILE_WRITERS:
            _check_file_format(store.documents.get(document_id), format_name)
        check_document(store, document_id, approved_only=approved_only)
    rendered: list[RenderedFile] = []
    for document_id in document_ids:
        article = load_article(store, document_id, approved_only=approved_only)
        chosen = format_name or article.source_format
        path = article_path(article, chosen, output) if in_folder else output
        # Never onto the store the article is read from (a typo in -o must not destroy it).
        with atomic_files([path], sqlite_companions(store.path)) as (out,):
            render(article, chosen, out)
        rendered.append(RenderedFile(document_id, chosen, path))
    return rendered


def _file_stem(path: str, document_id: int) -> str:
    # standard input has no file name to keep
    stem = "stdin" if path == STDIN_NAME else PurePath(path).stem
    return stem or f"document-{document_id}"


def check_format(format_name: str) -> None:
    """`InputError` naming the known formats unless `format_name` is one."""
    if format_name not in _FILE_WRITERS:
        _writer(format_name)


def _check_file_format(document: Document, format_name: str) -> None:
    if source_format(document.path) != format_name:
        raise InputError(
            f"document {document.id} ({document.path}) was not ingested from a "
            f".{format_name} file, so it has none to write the translation into",
            hint="render it as txt, md or html",
        )


def _file_writer(article: Article, format_name: str) -> Callable[[Article], bytes]:
    _check_file_format(article.document, format_name)
    if article.original is None:
        raise InputError(
            f"document {article.document.id} ({article.document.path}) was stored without its file",
            hint="ingest the file again",
        )
    write: Callable[[Article], bytes] = import_module(_FILE_WRITERS[format_name]).write
    return write


def _writer(format_name: str) -> Callable[[Article], Iterator[str]]:
    try:
        module = _WRITERS[format_name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise InputError(f"unknown article format {format_name!r}; known: {known}") from None
    write: Callable[[Article], Iterator[str]] = import_module(module).write
    return write
