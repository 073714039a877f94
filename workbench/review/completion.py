"""What the editor's completion worker does: read the segment's glossary and exact memory
match, load the engine once per process, and ask it to continue the typed target.

Plain functions of plain values, called from worker threads; ctranslate2 loads with the first
completion, never with the app. The work itself runs on one thread of its own at a lower
priority than the UI (the engine's threads, started there, inherit it), so on a busy machine a
decode takes the CPU the UI leaves and a key's echo does not wait behind it; Textual's pool
threads, which also store the reviewer's changes, keep their priority.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


def complete(
    target: CompletionTarget, typed: str, wanted: Callable[[], bool] = lambda: True
) -> Completion | None:
    """The rest of the target after `typed`: the exact memory match's while it agrees, else the
    engine's (`ModelError` when no package for the pair is installed); None when no longer
    `wanted` by the time the completion thread gets to it."""
    return _THREAD.submit(_complete, target, typed, wanted).result()


def alternatives(target: CompletionTarget, typed: str) -> Alternatives:
    """The engine's n-best translations and its next words after `typed`."""
    return _THREAD.submit(_alternatives, target, typed).result()


def _complete(
    target: CompletionTarget, typed: str, wanted: Callable[[], bool]
) -> Completion | None:
    from workbench.translate.complete import Completion, memory_completion

    if not wanted():
        return None  # superseded while an older request ran: the engine need not
    with Store.open(target.store_path, create=False) as store:
        memory = store.memory.exact(target.source, target.source_lang, target.target_lang)
        found = memory_completion(typed, memory)
        if found is not None:
            return found  # the engine is not even loaded
        if not target.engine:
            return Completion(typed, "", "")
        completer = _completer(store, target)
    return completer.complete(target.source, typed, memory)


def _alternatives(target: CompletionTarget, typed: str) -> Alternatives:
    with Store.open(target.store_path, create=False) as store:
        completer = _completer(store, target)
    return completer.alternatives(target.source, typed)


# Linux nice value of completion threads: below the UI's, above idle.
BACKGROUND_NICE = 10


def _in_background() -> None:
    """Lower the calling thread's priority (a Linux thread is a task of its own)."""
    if hasattr(os, "setpriority"):
        try:
            tid = threading.get_native_id()
            if os.getpriority(os.PRIO_PROCESS, tid) < BACKGROUND_NICE:
                os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
        except OSError:
            pass  # not allowed here: it runs at the UI's priority


_THREAD = ThreadPoolExecutor(1, "completion", initializer=_in_background)


def _completer(store: Store, target: CompletionTarget) -> Completer:
    from workbench.quality.checks import glossary_for
    from workbench.translate.complete import Completer
    from workbench.translate.engine import get_engine
    from workbench.translate.packages import find_installed

    terms = glossary_for(store, target.source_lang, target.target_lang)
    package = find_installed(target.models_dir, target.source_lang, target.target_lang)
    return Completer(get_engine(package), target.source_lang, terms)
