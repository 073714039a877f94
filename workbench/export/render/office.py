"""What the DOCX, ODT and SRT writers share: the translated text of each stored paragraph,
and the language tag the English document is marked with."""

from __future__ import annotations

from collections.abc import Callable

from workbench.errors import InputError
from workbench.export.render.article import Article

# Language tags name a region; Word and LibreOffice pick spelling and hyphenation by it.
_REGIONS = {"en": "GB", "sv": "SE"}


# (name for errors, original file, paragraph number → coded target, source and target language)
Translate = Callable[[str, bytes, dict[int, str], str, str], bytes]


def written(article: Article, translated: Translate) -> bytes:
    """An office document's article written into its stored file by `translated`."""
    assert article.original is not None
    document = article.document
    return translated(
        f"document {document.id} ({document.path})",
        article.original,
        article_targets(article),
        document.source_lang,
        article.target_lang,
    )


def article_targets(article: Article) -> dict[int, str]:
    """Paragraph number → translated text, for the paragraphs the article translates."""
    return {p.segments[0].paragraph: p.text for p in article.paragraphs if p.segments}


def check_targets(name: str, targets: dict[int, str], paragraphs: int) -> None:
    """`InputError` unless every translated paragraph is one the stored file has."""
    if targets and max(targets) > paragraphs:
        raise InputError(
            f"{name}: its stored file has {paragraphs} paragraphs but the segments name "
            f"paragraph {max(targets)}",
            hint="ingest the file again",
        )


def edged(source: str, target: str) -> str:
    """`target` with the whitespace `source` had at its start and end (segments drop it)."""
    stripped = source.strip()
    if not stripped:
        return target
    start = source.index(stripped[0])
    return source[:start] + target.strip() + source[start + len(stripped) :]


def language_tag(lang: str) -> tuple[str, str]:
    """A language code as (language, region): "en" → ("en", "GB")."""
    return lang, _REGIONS.get(lang, "")


def is_language(tag: str | None, lang: str) -> bool:
    """Whether a tag such as "sv-SE" names `lang`."""
    return bool(tag) and str(tag).replace("_", "-").split("-")[0].lower() == lang
