"""The English subtitles: the stored SRT with each cue's text replaced by its translation,
wrapped to the longest line the source's cues had; cue numbers and timings as they were."""

from __future__ import annotations

import re

import srt

from workbench.export.render.article import Article
from workbench.export.render.office import article_targets, check_targets
from workbench.ingest.srt_text import parse_cues
from workbench.ingest.textio import decode_text

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")  # <i>, <font …>, {\an8}
_NARROWEST = 20


def write(article: Article) -> bytes:
    """The translated subtitles as the bytes of an .srt file."""
    assert article.original is not None
    document = article.document
    return translated(
        f"document {document.id} ({document.path})", article.original, article_targets(article)
    )


def translated(name: str, original: bytes, targets: dict[int, str]) -> bytes:
    """The subtitles `original` with cue N's text replaced by `targets[N]`."""
    text = decode_text(name, original)
    cues = parse_cues(name, text)
    with_text = [cue for cue in cues if cue.content.strip()]
    check_targets(name, targets, len(with_text))
    width = max(
        (len(_TAG.sub("", line)) for cue in with_text for line in cue.content.split("\n")),
        default=42,
    )
    for number, cue in enumerate(with_text, start=1):
        if number in targets:
            cue.content = _wrapped(targets[number], max(width, _NARROWEST))
    composed = srt.compose(cues, reindex=False, strict=False)
    if b"\r\n" in original:
        composed = composed.replace("\n", "\r\n")  # the source's line ends
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    return bom + composed.encode("utf-8")


def _wrapped(text: str, width: int) -> str:
    """Each line of `text` (a dialogue keeps one per speaker) wrapped at `width` visible
    columns: formatting tags take no room on screen."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            joined = f"{line} {word}" if line else word
            if line and len(_TAG.sub("", joined)) > width:
                lines.append(line)
                joined = word
            line = joined
        if line:
            lines.append(line)
    return "\n".join(lines)
