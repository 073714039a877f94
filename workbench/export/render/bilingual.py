"""Bilingual review sheet: one self-contained HTML page (no external files, no scripts) with
source and target side by side per segment, status, QA flags, reviewer and MT score, styled to
print or save as PDF for a reviewer who will not use a terminal."""

from __future__ import annotations

import html
from collections.abc import Iterator

from workbench.export.render.article import Article
from workbench.export.render.html import article_title
from workbench.records import ArticleSegment, SegmentStatus, score_percent

_STYLE = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; margin: 2em; color: #111; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
p.meta { color: #555; margin: 0 0 1em; font-size: .9em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: .35em .5em; vertical-align: top; text-align: left; }
th { background: #eee; font: bold .85em sans-serif; }
col.n { width: 3.2em; } col.text { width: 36%; } col.state { width: 7.5em; }
col.flags { width: 14%; } col.who { width: 6em; } col.score { width: 4em; }
td.n, td.score { font: .8em sans-serif; color: #555; text-align: right; }
td.state, td.who, td.flags { font: .8em sans-serif; }
tr.approved td.state { color: #1a6b1a; font-weight: bold; }
tr.rejected td.state { color: #a11; font-weight: bold; }
tr.paragraph td { border-top: 2px solid #666; }
div.comment { font-weight: normal; font-style: italic; color: #333; margin-top: .3em; }
span.error { color: #a11; } span.warning { color: #8a5a00; } span.info { color: #555; }
@media print {
  body { margin: 0; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eee !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
@page { size: A4 landscape; margin: 12mm; }
"""


def write(article: Article) -> Iterator[str]:
    """The review sheet as a complete HTML5 document, in text pieces."""
    document = article.document
    paragraphs = list(article.paragraphs)
    segments = [segment for paragraph in paragraphs for segment in paragraph.segments]
    approved = sum(segment.status is SegmentStatus.APPROVED for segment in segments)
    title = _escape(article_title(article, paragraphs))
    yield (
        f'<!DOCTYPE html>\n<html lang="{_escape(document.target_lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>Review: {title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p class="meta">Document {document.id} (revision {document.revision}), '
        f"{_escape(document.path)}, {_escape(document.source_lang)}→"
        f"{_escape(document.target_lang)}: {approved} of {len(segments)} segments approved</p>\n"
        '<table>\n<colgroup><col class="n"><col class="text"><col class="text">'
        '<col class="state"><col class="flags"><col class="who"><col class="score"></colgroup>\n'
        "<thead><tr><th>#</th><th>Source</th><th>Target</th><th>Status</th><th>QA</th>"
        "<th>Reviewer</th>"
        '<th title="MT confidence, or memory match, 0–100 %">Conf.</th></tr></thead>\n<tbody>\n'
    )
    for paragraph in paragraphs:
        for number, segment in enumerate(paragraph.segments):
            yield _row(segment, document.source_lang, first_in_paragraph=number == 0)
    yield "</tbody>\n</table>\n</body>\n</html>\n"


def _row(segment: ArticleSegment, source_lang: str, *, first_in_paragraph: bool) -> str:
    classes = str(segment.status) + (" paragraph" if first_in_paragraph else "")
    flags = "<br>".join(
        f'<span class="{severity}">{_escape(str(severity))}: {_escape(message)}</span>'
        for severity, message in segment.flags
    )
    confidence = score_percent(segment.score, segment.origin)
    score = "" if confidence is None else f"{confidence:.0f}%"
    comment = f'<div class="comment">{_escape(segment.comment)}</div>' if segment.comment else ""
    return (
        f'<tr class="{classes}" id="s{segment.id}"><td class="n">{segment.id}</td>'
        f'<td lang="{_escape(source_lang)}">{_escape(segment.source)}</td>'
        f"<td>{_escape(segment.target or '')}</td>"
        f'<td class="state">{_escape(str(segment.status))}{comment}</td>'
        f'<td class="flags">{flags}</td>'
        f'<td class="who">{_escape(segment.reviewer or "")}</td>'
        f'<td class="score">{score}</td></tr>\n'
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")
