"""QA against the store: the glossary a document is checked with, and re-checking a target.

The checks themselves live in `workbench.qa`; this module only reads their inputs from the
store and writes the flags back, for the MT stage and the review UI alike.
"""

from __future__ import annotations

from workbench.glossary import GlossaryTerm
from workbench.store import Store


def glossary_for(store: Store, source_lang: str, target_lang: str) -> list[GlossaryTerm]:
    """The stored glossary of a language pair as terms for masking and QA."""
    return [GlossaryTerm(s, t, n) for s, t, n in store.glossary_terms(source_lang, target_lang)]


def recheck(store: Store, segment_id: int) -> None:
    """Replace a segment's QA flags with those of its current target."""
    from workbench.qa import check_pair

    segment = store.segment(segment_id)
    document = store.document(segment.document_id)
    flags = check_pair(
        segment.source,
        segment.target or "",
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        terms=glossary_for(store, document.source_lang, document.target_lang),
    )
    store.replace_flags([(segment_id, segment.translation_id, flags)])
