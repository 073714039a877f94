"""Semantic HTML article: one `<article>` with the title as `<title>` and `<h1>`, paragraphs,
headings, lists, block quotes and figure captions; nothing of the source page's chrome."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator

from workbench.export.render.article import Article, ArticleParagraph, list_number
from workbench.export.render.links import autolink_href, is_safe_link, link_target
from workbench.ingest.markdown import markdown_markup_spans, strip_markdown_inline
from workbench.records import SegmentKind

_EMPHASIS_TAGS = {"**": "strong", "__": "strong", "*": "em", "_": "em", "~~": "del"}
_CONTAINERS = {"ul": "ul", "ol": "ol", "quote": "blockquote"}
# A readable measure (60–75 characters a line) and book typography; system fonts only, so the
# page stays one self-contained file. Light or dark as the reader's system is.
_STYLE = """
:root { color-scheme: light dark; }
body { margin: 0; padding: 2.5rem 1.25rem 4rem; }
article { max-width: 62ch; margin: 0 auto; font: 1.1875rem/1.6 Charter, "Bitstream Charter",
  "Sitka Text", Cambria, Georgia, serif; hyphens: auto; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 .5em; text-wrap: balance; }
h1 { font-size: 2em; margin-top: 0; }
h2 { font-size: 1.4em; } h3 { font-size: 1.2em; } h4, h5, h6 { font-size: 1em; }
p, ul, ol, blockquote, figure { margin: 0 0 1em; }
ul, ol { padding-left: 1.5em; } li + li { margin-top: .25em; }
blockquote { margin-left: 0; padding-left: 1em; border-left: 3px solid #8888; font-style: italic; }
figure { margin-left: 0; margin-right: 0; }
figcaption { font-size: .85em; color: GrayText; }
code { font: .9em/1 ui-monospace, Menlo, Consolas, monospace; }
a { color: LinkText; }
@media print { body { padding: 0; } article { font-size: 11pt; max-width: none; } }
"""


def write(article: Article) -> Iterator[str]:
    """The article as a complete HTML5 document, in text pieces."""
    paragraphs = list(article.paragraphs)
    title = _escape(article_title(article, paragraphs))
    yield (
        f'<!DOCTYPE html>\n<html lang="{_escape(article.target_lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<article>\n"
    )
    if not any(p.kind is SegmentKind.TITLE for p in paragraphs):
        yield f"<h1>{title}</h1>\n"
    yield from _blocks(paragraphs, _markdown if article.source_format == "md" else _plain)
    yield "</article>\n</body>\n</html>\n"


def article_title(article: Article, paragraphs: list[ArticleParagraph]) -> str:
    """The English title: the title paragraph, else the first heading, else the file's name."""
    for paragraph in paragraphs:
        if paragraph.kind is SegmentKind.TITLE or paragraph.block.startswith("h"):
            text = paragraph.text.replace("\n", " ")
            return strip_markdown_inline(text) if article.source_format == "md" else text
    return article.name


def _blocks(paragraphs: list[ArticleParagraph], inline: Callable[[str], str]) -> Iterator[str]:
    container = ""  # the list or block quote the previous paragraph is in
    lines: list[str] = []  # the open body paragraph, line by line
    previous: ArticleParagraph | None = None
    for paragraph in paragraphs:
        text = inline(paragraph.text)
        if lines and previous is not None and _next_line(previous, paragraph):
            lines.append(text)
            previous = paragraph
            continue
        if lines:
            yield "<p>" + "<br>\n".join(lines) + "</p>\n"
            lines = []
        wanted = _CONTAINERS.get(paragraph.block, "")
        if wanted != container:
            if container:
                yield f"</{container}>\n"
            if wanted:
                start = list_number(paragraph)
                yield f'<{wanted} start="{start}">\n' if start not in (None, 1) else f"<{wanted}>\n"
            container = wanted
        if _is_body(paragraph):
            lines = [text]
        else:
            yield _element(paragraph, text)
        previous = paragraph
    if lines:
        yield "<p>" + "<br>\n".join(lines) + "</p>\n"
    if container:
        yield f"</{container}>\n"


def _is_body(paragraph: ArticleParagraph) -> bool:
    return paragraph.block in ("p", "quote") and paragraph.kind is SegmentKind.BODY


def _next_line(previous: ArticleParagraph, paragraph: ArticleParagraph) -> bool:
    """Whether `paragraph` is the next line of `previous` (an address, a contact list)."""
    return paragraph.breaks == 1 and _is_body(paragraph) and paragraph.block == previous.block


def _element(paragraph: ArticleParagraph, text: str) -> str:
    if paragraph.kind is SegmentKind.TITLE:
        return f"<h1>{text}</h1>\n"
    if paragraph.block in ("h1", "h2", "h3", "h4", "h5", "h6"):
        tag = "h2" if paragraph.block == "h1" else paragraph.block
        return f"<{tag}>{text}</{tag}>\n"
    if paragraph.block in ("ul", "ol"):
        return f"<li>{text}</li>\n"
    if paragraph.block == "caption" or paragraph.kind is SegmentKind.CAPTION:
        return f"<figure><figcaption>{text}</figcaption></figure>\n"
    return f"<p>{text}</p>\n"


def _plain(text: str) -> str:
    return _escape(text).replace("\n", "<br>\n")


def _markdown(text: str) -> str:
    """A Markdown paragraph's inline syntax as HTML: emphasis, links with their URLs, code."""
    pieces: list[str] = []
    cursor = 0
    open_tags: set[str] = set()
    link_at = -1  # the piece where an open link's <a> goes once its URL is known
    for start, end in markdown_markup_spans(text):
        pieces.append(_plain(text[cursor:start]))
        cursor = end
        syntax = text[start:end]
        if syntax in _EMPHASIS_TAGS:
            tag = _EMPHASIS_TAGS[syntax]
            pieces.append(f"</{tag}>" if tag in open_tags else f"<{tag}>")
            open_tags.symmetric_difference_update({tag})
        elif syntax in ("[", "!["):
            # an image's alt text stays as text: the article carries no images
            link_at = len(pieces) if syntax == "[" else -1
            pieces.append("")
        elif syntax.startswith("]"):
            target = link_target(syntax)
            if link_at >= 0 and target is not None and is_safe_link(target):
                pieces[link_at] = f'<a href="{_escape(target)}">'
                pieces.append("</a>")
            elif link_at >= 0 and target is not None:
                # a link that could run something is shown as the Markdown it was
                pieces[link_at] = "["
                pieces.append(_plain(syntax))
            link_at = -1
        elif syntax.startswith("`"):
            pieces.append(f"<code>{_escape(syntax.strip('`').strip())}</code>")
        elif syntax.startswith("\\"):
            pieces.append(_escape(syntax[1:]))
        elif (href := autolink_href(syntax)) is not None:
            if is_safe_link(href):
                pieces.append(f'<a href="{_escape(href)}">{_escape(syntax[1:-1])}</a>')
            else:
                pieces.append(_escape(syntax))
        # any other inline HTML tag from the source is left out: the article is clean HTML
    pieces.append(_plain(text[cursor:]))
    pieces += [f"</{tag}>" for tag in sorted(open_tags)]  # a delimiter MT lost closes here
    return "".join(pieces)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
