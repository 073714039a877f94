"""Plain-text article: the title and paragraphs as lines, blank lines and bullets as the source
had them."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.render.article import Article


def write(article: Article) -> Iterator[str]:
    """The article as UTF-8 text pieces."""
    for number, paragraph in enumerate(article.paragraphs):
        yield ("\n" * paragraph.breaks if number else "") + paragraph.bullet + paragraph.text
    yield "\n"
