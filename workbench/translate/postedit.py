"""Learned post-edit rules applied to fresh MT output, then spelling; before it is recorded.

A changed text is QA-checked again; the rule ids go into the version's signature
(`…|postedit=3,5`) so history shows what was changed automatically.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from workbench.quality.checks import spelling_options
from workbench.quality.qa import check_pair
from workbench.quality.spelling import spelling_flags
from workbench.records import NewTranslation
from workbench.store import Store
from workbench.store.learning import PosteditRule
from workbench.translate.glossary import GlossaryTerm
from workbench.translate.machine import PLACEHOLDER_LOST_CODE
from workbench.translate.signatures import with_rules


def apply_rules(text: str, rules: Sequence[PosteditRule]) -> tuple[str, list[int]]:
    """`text` with every rule's whole-word `find` replaced, and the ids of the rules that fired."""
    fired = []
    for rule in rules:
        pattern = re.compile(rf"(?<!\w){re.escape(rule.find)}(?!\w)")
        # Escaped, so a backslash in the replacement is never read as a group reference.
        text, count = pattern.subn(rule.replace.replace("\\", "\\\\"), text)
        if count:
            fired.append(rule.id)
    return text, fired


def finish_machine_output(
    store: Store,
    source_lang: str,
    target_lang: str,
    items: Sequence[NewTranslation],
    terms: list[GlossaryTerm],
) -> list[NewTranslation]:
    """Apply the pair's post-edit rules to MT items and add spelling flags to every item."""
    rules = store.learning.postedit_rules(source_lang, target_lang)
    options = spelling_options(store, target_lang)
    sources = {
        s.id: s.source for s in store.documents.segments_by_ids([i.segment_id for i in items])
    }
    finished = []
    for item in items:
        source = sources[item.segment_id]
        text, fired = apply_rules(item.text, rules)
        if fired:
            kept = tuple(f for f in item.flags if f.code == PLACEHOLDER_LOST_CODE)
            item = dataclasses.replace(
                item,
                text=text,
                signature=with_rules(item.signature, fired),
                flags=tuple(
                    check_pair(
                        source,
                        text,
                        source_lang=source_lang,
                        target_lang=target_lang,
                        terms=terms,
                    )
                )
                + kept,
            )
        spelling = spelling_flags(source, item.text, terms, options)
        finished.append(dataclasses.replace(item, flags=item.flags + tuple(spelling)))
    return finished
