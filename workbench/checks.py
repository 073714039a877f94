"""QA against the store: the glossary a document is checked with, and re-checking a target.

The checks themselves live in `workbench.qa` and `workbench.spelling`; this module only reads
their inputs from the store and writes the flags back, for the MT stage and the review UI alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.glossary import GlossaryTerm
from workbench.records import Flag
from workbench.store import Store

if TYPE_CHECKING:
    from workbench.spelling import SpellingOptions


def glossary_for(store: Store, source_lang: str, target_lang: str) -> list[GlossaryTerm]:
    """The stored glossary of a language pair as terms for masking and QA."""
    return [GlossaryTerm(s, t, n) for s, t, n in store.glossary_terms(source_lang, target_lang)]


def spelling_options(store: Store, target_lang: str) -> SpellingOptions | None:
    """The store's spelling variant and user words; None when there is nothing to check with.

    That is a target that is not English, or a machine without the Hunspell dictionaries: the
    main job must not fail for want of them (`workbench dictionary list` says they are missing).
    """
    from workbench.settings import get_setting
    from workbench.spelling import SpellingOptions, Variant, dictionaries_installed

    if not target_lang.startswith("en") or not dictionaries_installed():
        return None

    return SpellingOptions(
        Variant(get_setting(store, "spelling-variant")), frozenset(store.user_words(target_lang))
    )


def spelling_flags(
    source: str,
    target: str,
    terms: Sequence[GlossaryTerm],
    options: SpellingOptions | None,
) -> list[Flag]:
    """Spelling warnings for a target (none without options: not an English target)."""
    if options is None or not target.strip():
        return []
    from workbench.spelling import check_spelling

    return check_spelling(source, target, terms=terms, options=options)


def recheck(store: Store, segment_id: int) -> None:
    """Replace a segment's QA flags with those of its current target."""
    from workbench.qa import check_pair

    segment = store.segment(segment_id)
    document = store.document(segment.document_id)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    flags = check_pair(
        segment.source,
        segment.target or "",
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        terms=terms,
    ) + spelling_flags(
        segment.source,
        segment.target or "",
        terms,
        spelling_options(store, document.target_lang),
    )
    store.replace_flags([(segment_id, segment.translation_id, flags)])


def accept_words(store: Store, words: Sequence[str], author: str) -> int:
    """Add words to the user dictionary and re-check every target flagged for spelling.

    Returns how many words were new.
    """
    from workbench.spelling import SPELLING, SPELLING_VARIANT, normalise_word

    added = store.add_user_words([normalise_word(w) for w in words], author)
    for segment_id in store.segments_flagged([SPELLING, SPELLING_VARIANT]):
        recheck(store, segment_id)
    return added
