"""QA against the store: the glossary a document is checked with, and re-checking targets.

The checks themselves live in `quality.qa` and `quality.spelling`; this module only reads
their inputs from the store and writes the flags back, for the MT stage, the review UI and
`workbench qa` alike. Every target gets the same checks, whatever made it (MT, memory, a
reviewer).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.quality.pair import QaCode
from workbench.quality.qa import check_pair
from workbench.quality.spelling import (
    SPELLING,
    SPELLING_VARIANT,
    SpellingOptions,
    Variant,
    dictionaries_installed,
    normalise_word,
)
from workbench.records import Document, Flag
from workbench.settings import get_setting
from workbench.store import Store
from workbench.translate.glossary import GlossaryTerm


def glossary_for(store: Store, source_lang: str, target_lang: str) -> list[GlossaryTerm]:
    """The stored glossary of a language pair as terms for masking and QA."""
    return [GlossaryTerm(s, t, n) for s, t, n in store.glossary.terms(source_lang, target_lang)]


def spelling_options(store: Store, target_lang: str) -> SpellingOptions | None:
    """The store's spelling variant and user words; None when there is nothing to check with.

    That is a target that is not English, or a `WORKBENCH_HUNSPELL` folder without both
    dictionaries: the main job must not fail for want of them (`workbench dictionary list` says
    they are missing).
    """
    if not target_lang.startswith("en") or not dictionaries_installed():
        return None

    return SpellingOptions(
        Variant(get_setting(store, "spelling-variant")),
        frozenset(store.dictionary.words(target_lang)),
    )


def check_target(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    terms: Sequence[GlossaryTerm],
    spelling: SpellingOptions | None,
) -> list[Flag]:
    """The QA and spelling flags of one target in a language pair."""
    return check_pair(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        terms=terms,
        spelling=spelling,
    )


def recheck(store: Store, segment_id: int) -> None:
    """Replace a segment's QA flags with those of its current target."""
    segment = store.documents.segment(segment_id)
    document = store.documents.get(segment.document_id)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    spelling = spelling_options(store, document.target_lang)
    flags = check_target(segment.source, segment.target or "", *_pair(document), terms, spelling)
    store.flags.replace([(segment_id, segment.translation_id, flags)])


def recheck_document(store: Store, document_id: int) -> int:
    """Re-check every target of a document against the glossary as it is now; returns how many.

    The targets are unchanged, so flags only their maker knows (e.g. the MT stage's) stay.
    """
    document = store.documents.get(document_id)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    spelling = spelling_options(store, document.target_lang)
    items = [
        (
            segment.id,
            segment.translation_id,
            _with_stage_flags(
                store.flags.of_segment(segment.id),
                check_target(
                    segment.source, segment.target or "", *_pair(document), terms, spelling
                ),
            ),
        )
        for segment in store.documents.segments(document_id, translatable_only=True)
        if segment.translation_id is not None
    ]
    store.flags.replace(items)
    return len(items)


def _pair(document: Document) -> tuple[str, str]:
    return document.source_lang, document.target_lang


def _with_stage_flags(stored: Sequence[Flag], checked: list[Flag]) -> list[Flag]:
    """Fresh check flags plus the stored ones no check produces."""
    codes = {str(code) for code in QaCode} | {SPELLING, SPELLING_VARIANT}
    return checked + [flag for flag in stored if flag.code not in codes]


def accept_words(store: Store, words: Sequence[str], author: str) -> int:
    """Add words to the user dictionary and re-check every target flagged for spelling.

    Returns how many words were new.
    """
    added = store.dictionary.add_words([normalise_word(w) for w in words], author)
    for segment_id in store.flags.segments_flagged([SPELLING, SPELLING_VARIANT]):
        recheck(store, segment_id)
    return added
