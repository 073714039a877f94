"""Stage 1–2 glue: read a file, find paragraphs, languages and boilerplate, segment, store.

The text work lives in textio, langid, boilerplate and segment; this module decides what a
document is (its language, title, translatable segments) and hands it to the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.errors import AlreadyInTargetLanguage, InputError
from workbench.ingest.boilerplate import classify_paragraphs
from workbench.ingest.coded import plain
from workbench.ingest.controls import drop_controls, drop_paragraph_controls
from workbench.ingest.langid import detect_language, majority_language
from workbench.ingest.markdown import strip_markdown_inline
from workbench.ingest.segment import split_sentences
from workbench.ingest.textio import OFFICE_FORMATS, SourceText, read_source, split_paragraphs
from workbench.records import Document, NewSegment, SegmentKind
from workbench.store import Store

# Longer than any real paragraph; such input is a data dump, not prose to translate.
MAX_PARAGRAPH_CHARS = 50_000
TRANSLATABLE_KINDS = frozenset({SegmentKind.TITLE, SegmentKind.BODY, SegmentKind.CAPTION})


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document analysed and segmented, not yet stored."""

    source: SourceText
    title: str
    lang: str
    paragraphs: int
    segments: tuple[NewSegment, ...]
    controls_dropped: int = 0
    warnings: tuple[str, ...] = ()  # what the user should know before trusting the result


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What `ingest` did with one file."""

    document: Document
    added: bool
    paragraphs: int
    segments: int
    translatable: int
    languages: dict[str, int]
    controls_dropped: int = 0


def prepare(
    source: SourceText,
    *,
    source_lang: str | None = None,
    target_lang: str = "en",
    translating: bool = True,
) -> PreparedDocument:
    """Analyse and segment a read file; raise `InputError` if there is nothing to work on.

    `translating` is False for a document that is itself a translation (alignment target):
    then being in `target_lang` is expected rather than an error.
    """
    paragraphs, controls_dropped = drop_paragraph_controls(split_paragraphs(source))
    for number, paragraph in enumerate(paragraphs, start=1):
        if len(paragraph.text) > MAX_PARAGRAPH_CHARS:
            raise InputError(
                f"{source.name}: paragraph {number} is {len(paragraph.text):,} characters long "
                f"(limit {MAX_PARAGRAPH_CHARS:,}); this does not look like prose"
            )
    langs = [detect_language(p.text) for p in paragraphs]
    detected = majority_language(
        [(p.text, lang) for p, (lang, _) in zip(paragraphs, langs, strict=True)]
    )
    doc_lang = source_lang or detected
    if doc_lang == "und":
        raise InputError(
            f"{source.name}: cannot tell which language this is", hint="pass --source-lang"
        )
    if translating and doc_lang == target_lang:
        raise AlreadyInTargetLanguage(
            f"{source.name} is already in the target language ({target_lang})",
            hint="pass --source-lang if the detection is wrong",
        )
    warnings: list[str] = []
    if translating and detected == target_lang:
        # only an explicit --source-lang gets here: the user knows the text better than langdetect
        warnings.append(
            f"{source.name} looks like {detected} text; translating it as {doc_lang}, "
            f"as --source-lang {doc_lang} says"
        )
    # article text is what is written in the text's own majority language, even where
    # --source-lang says to translate it as another
    kinds = classify_paragraphs(
        paragraphs,
        langs,
        detected if detected != "und" else doc_lang,
        authored=source.format in OFFICE_FORMATS,
    )
    if not any(kind in TRANSLATABLE_KINDS for kind in kinds):
        raise InputError(f"{source.name}: no article text found, only boilerplate")
    segments: list[NewSegment] = []
    for number, (paragraph, kind, (lang, prob)) in enumerate(
        zip(paragraphs, kinds, langs, strict=True), start=1
    ):
        spans = split_sentences(paragraph.text, doc_lang)
        for index, span in enumerate(spans):
            following = spans[index + 1].start if index + 1 < len(spans) else len(paragraph.text)
            segments.append(
                NewSegment(
                    paragraph=number,
                    index=index,
                    source=paragraph.text[span.start : span.end],
                    gap=paragraph.text[span.end : following],
                    kind=kind,
                    lang=lang,
                    lang_prob=prob,
                    translatable=kind in TRANSLATABLE_KINDS,
                    block=paragraph.block,
                    lead=paragraph.lead if index == 0 else "",
                )
            )
    title = next(
        (p.text for p, kind in zip(paragraphs, kinds, strict=True) if kind == SegmentKind.TITLE),
        source.name,
    )
    if source.format == "md":
        title = strip_markdown_inline(title)
    elif source.format in OFFICE_FORMATS:
        title = plain(title)
    return PreparedDocument(
        source,
        title.strip()[:200],
        doc_lang,
        len(paragraphs),
        tuple(segments),
        controls_dropped,
        tuple(warnings),
    )


def prepare_presegmented(source: SourceText, *, lang: str | None = None) -> PreparedDocument:
    """One sentence per line, taken as given (the form sentence aligners are evaluated on).

    Every line is a translatable segment; its line number is its paragraph.
    """
    cleaned = drop_controls(source.text)
    lines = cleaned.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    detected = lang or majority_language(
        [(line, detect_language(line)[0]) for line in lines[:: max(1, len(lines) // 50)]]
    )
    if detected == "und":
        raise InputError(
            f"{source.name}: cannot tell which language this is",
            hint="pass the language explicitly",
        )
    segments = tuple(
        NewSegment(
            paragraph=number,
            index=0,
            source=line,
            gap="",
            kind=SegmentKind.BODY,
            lang=detected,
            lang_prob=0.0,
            translatable=True,
        )
        for number, line in enumerate(lines, start=1)
    )
    title = next((line for line in lines if line.strip()), source.name)
    return PreparedDocument(
        source, title.strip()[:200], detected, len(lines), segments, cleaned.dropped
    )


def ingest(
    store: Store,
    path: str,
    *,
    source_lang: str | None = None,
    target_lang: str = "en",
    role: str = "source",
    stdin: BinaryIO | None = None,
    actor: str = "workbench",
) -> IngestResult:
    """Read, analyse and store one file; an unchanged file already stored is a no-op."""
    prepared = prepare(
        read_source(path, stdin),
        source_lang=source_lang,
        target_lang=target_lang,
        translating=role == "source",
    )
    return ingest_prepared(store, prepared, target_lang=target_lang, role=role, actor=actor)


def ingest_prepared(
    store: Store,
    prepared: PreparedDocument,
    *,
    target_lang: str = "en",
    role: str = "source",
    actor: str = "workbench",
) -> IngestResult:
    """Store an analysed document (see `prepare`)."""
    document, added = store.documents.add(
        path=prepared.source.name,
        title=prepared.title,
        sha256=prepared.source.sha256,
        source_lang=prepared.lang,
        target_lang=target_lang,
        segments=prepared.segments,
        role=role,
        actor=actor,
        original=prepared.source.original,
    )
    return IngestResult(
        document=document,
        added=added,
        paragraphs=prepared.paragraphs,
        segments=len(prepared.segments),
        translatable=sum(s.translatable for s in prepared.segments),
        languages=dict(Counter(s.lang for s in prepared.segments)),
        controls_dropped=prepared.controls_dropped,
    )


def as_document_id(name: str) -> int | None:
    """A command-line argument naming a stored document (digits, not an existing file)."""
    return int(name) if name.isdigit() and not Path(name).exists() else None
