"""The translated article as a plain model: its paragraphs in reading order, each with its
element, what stood before it and the English text rebuilt from the stored targets and gaps.

Boilerplate is left out here, once, so no writer can let it back in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.records import ArticleSegment, Document, SegmentKind

_SHOWN_IDS = 10


@dataclass(frozen=True, slots=True)
class Article:
    """A translated document ready for a writer."""

    document: Document
    name: str  # the file's name without folders or extension, for a title of last resort
    source_format: str  # txt | md | html | docx | odt | srt: how the source marked its structure
    target_lang: str
    paragraphs: tuple[ArticleParagraph, ...]
    original: bytes | None = None  # an office document's file, which its writer fills in


@dataclass(frozen=True, slots=True)
class ArticleParagraph:
    """One rendered paragraph: its element, the line breaks and bullet before it, its text."""

    block: str
    breaks: int  # newlines before it in a plain-text layout: 1 (next line) or 2 (blank line)
    bullet: str  # the source's list bullet or number with its space ("• ", "3. "), or empty
    kind: SegmentKind
    text: str
    segments: tuple[ArticleSegment, ...]


def article_paragraphs(segments: Iterable[ArticleSegment]) -> Iterator[ArticleParagraph]:
    """Group the translatable segments (read in order) into paragraphs; a missing target
    renders as empty text, so check `unready` first."""
    group: list[ArticleSegment] = []
    lead = ""
    pending_breaks = 0  # blank lines of paragraphs left out since the last one shown
    current = None
    for segment in segments:
        if segment.paragraph != current:
            if group:
                yield _paragraph(group, lead, pending_breaks)
                pending_breaks = 0
            elif current is not None:
                pending_breaks = max(pending_breaks, _breaks(lead))
            group, lead, current = [], segment.lead, segment.paragraph
        if segment.translatable:
            group.append(segment)
    if group:
        yield _paragraph(group, lead, pending_breaks)


def list_number(paragraph: ArticleParagraph) -> int | None:
    """The number an ordered-list item had in the source ("3. " → 3), None if it had none."""
    digits = paragraph.bullet.rstrip()[:-1]
    return int(digits) if paragraph.block == "ol" and digits.isdigit() else None


def check_ready(
    name: str, missing: list[int], unapproved: list[int], total: int, *, approved_only: bool
) -> None:
    """Refuse to render an article with untranslated (or, if asked, unapproved) segments."""
    if missing:
        raise InputError(
            f"{name}: {len(missing)} translatable segment(s) have no target yet ({_ids(missing)})",
            hint="run `workbench translate` first",
        )
    if approved_only and unapproved:
        raise InputError(
            f"{name}: {len(unapproved)} of {total} translatable segments are not "
            f"approved ({_ids(unapproved)})",
            hint="approve them in `workbench review`, or render without --approved-only",
        )


def _ids(segment_ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in segment_ids[:_SHOWN_IDS])
    more = f" and {len(segment_ids) - _SHOWN_IDS} more" if len(segment_ids) > _SHOWN_IDS else ""
    return f"segment {shown}{more}"


def _breaks(lead: str) -> int:
    # documents stored before layouts were kept have no lead: a blank line, as before
    newlines = lead.count("\n")
    return min(newlines, 2) if newlines else 2


def _paragraph(group: list[ArticleSegment], lead: str, pending_breaks: int) -> ArticleParagraph:
    pieces: list[str] = []
    for number, segment in enumerate(group):
        pieces.append(segment.target or "")
        if number + 1 < len(group):
            # inside a paragraph only a line break survives translation; indentation and runs
            # of spaces belonged to the Swedish line lengths
            pieces.append("\n" if "\n" in segment.gap else " ")
    first = group[0]
    return ArticleParagraph(
        block=first.block,
        breaks=max(_breaks(lead), pending_breaks),
        bullet=lead.lstrip("\n"),
        kind=first.kind,
        text="".join(pieces),
        segments=tuple(group),
    )
