"""What the editor's completion worker does: read the segment's glossary and exact memory
match, load the engine once per process, and ask it to continue the typed target.

Plain functions of plain values, run in worker threads; ctranslate2 loads with the first
completion, never with the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.store import Store

if TYPE_CHECKING:
    from workbench.translate.complete import Alternatives, Completer, Completion


@dataclass(frozen=True, slots=True)
class CompletionTarget:
    """The segment being edited, and where its store and models are."""

    store_path: Path
    models_dir: Path
    source: str
    source_lang: str
    target_lang: str
    engine: bool = True  # False once the engine failed to load: the memory alone completes


def complete(target: CompletionTarget, typed: str) -> Completion:
    """The rest of the target after `typed`: the exact memory match's while it agrees, else the
    engine's (`ModelError` when no package for the pair is installed)."""
    from workbench.translate.complete import Completion, memory_completion

    with Store.open(target.store_path, create=False) as store:
        memory = store.memory.exact(target.source, target.source_lang, target.target_lang)
        found = memory_completion(typed, memory)
        if found is not None:
            return found  # the engine is not even loaded
        if not target.engine:
            return Completion(typed, "", "")
        completer = _completer(store, target)
    return completer.complete(target.source, typed, memory)


def alternatives(target: CompletionTarget, typed: str) -> Alternatives:
    """The engine's n-best translations and its next words after `typed`."""
    with Store.open(target.store_path, create=False) as store:
        completer = _completer(store, target)
    return completer.alternatives(target.source, typed)


def _completer(store: Store, target: CompletionTarget) -> Completer:
    from workbench.quality.checks import glossary_for
    from workbench.translate.complete import Completer
    from workbench.translate.engine import get_engine
    from workbench.translate.packages import find_installed

    terms = glossary_for(store, target.source_lang, target.target_lang)
    package = find_installed(target.models_dir, target.source_lang, target.target_lang)
    return Completer(get_engine(package), target.source_lang, terms)
