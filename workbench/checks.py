"""QA against the store: the glossary a document is checked with, and re-checking targets.

The checks themselves live in `workbench.qa`; this module only reads their inputs from the
store and writes the flags back, for the MT stage, the review UI and `workbench qa` alike.
Every target gets the same checks, whatever made it (MT, memory, a reviewer).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.glossary import GlossaryTerm
from workbench.records import Document, Flag
from workbench.store import Store


def glossary_for(store: Store, source_lang: str, target_lang: str) -> list[GlossaryTerm]:
    """The stored glossary of a language pair as terms for masking and QA."""
    return [GlossaryTerm(s, t, n) for s, t, n in store.glossary_terms(source_lang, target_lang)]


def check_target(
    source: str, target: str, document: Document, terms: Sequence[GlossaryTerm]
) -> list[Flag]:
    """The QA flags of one target of a stored document."""
    from workbench.qa import check_pair

    return check_pair(
        source,
        target,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        terms=terms,
    )


def recheck(store: Store, segment_id: int) -> None:
    """Replace a segment's QA flags with those of its current target."""
    segment = store.segment(segment_id)
    document = store.document(segment.document_id)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    flags = check_target(segment.source, segment.target or "", document, terms)
    store.replace_flags([(segment_id, segment.translation_id, flags)])


def recheck_document(store: Store, document_id: int) -> int:
    """Re-check every target of a document against the glossary as it is now; returns how many.

    The targets are unchanged, so flags only their maker knows (e.g. the MT stage's) stay.
    """
    document = store.document(document_id)
    terms = glossary_for(store, document.source_lang, document.target_lang)
    items = [
        (
            segment.id,
            segment.translation_id,
            _with_stage_flags(
                store.flags(segment.id),
                check_target(segment.source, segment.target or "", document, terms),
            ),
        )
        for segment in store.segments(document_id, translatable_only=True)
        if segment.translation_id is not None
    ]
    store.replace_flags(items)
    return len(items)


def _with_stage_flags(stored: Sequence[Flag], checked: list[Flag]) -> list[Flag]:
    """Fresh check flags plus the stored ones no check produces."""
    from workbench.qa import QaCode

    codes = {str(code) for code in QaCode}
    return checked + [flag for flag in stored if flag.code not in codes]
