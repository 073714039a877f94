"""Plain-text article: the title and paragraphs as lines, blank lines and bullets as the source
had them; a Markdown source's inline markup is taken out (code spans stay as text)."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.export.render.article import Article
from workbench.ingest.markdown import strip_markdown_inline

_HTML_BULLET = "- "  # for <ul> items, which carry no bullet of their own


def write(article: Article) -> Iterator[str]:
    """The article as UTF-8 text pieces."""
    plain = strip_markdown_inline if article.source_format == "md" else str
    ordinal = 0
    for number, paragraph in enumerate(article.paragraphs):
        ordinal = ordinal + 1 if paragraph.block == "ol" else 0
        # items of an HTML list carry no bullet or number in their text; the list gave them one
        bullet = paragraph.bullet or (
            f"{ordinal}. " if ordinal else _HTML_BULLET if paragraph.block == "ul" else ""
        )
        yield ("\n" * paragraph.breaks if number else "") + bullet + plain(paragraph.text)
    yield "\n"
