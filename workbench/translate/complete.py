"""Interactive translation: the engine continues what the reviewer has typed.

The source is masked as for MT (glossary terms, numbers, URLs become placeholders), the typed
target gets the same placeholders where it already holds their English, and the model decodes
with the typed pieces forced as its prefix (CTranslate2's `target_prefix`), greedily. A word
typed only in part is completed from the model's own next word if it fits, else from the best
of its alternatives there that does, else by forcing the typed pieces. An exact memory match for
the source wins over the model while the typed text still agrees with it, and a completion that
would leave out a glossary term the source requires is withheld.

Touches no store and no widget: the review editor calls it from its completion thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.translate.engine import Engine
from workbench.translate.glossary import GlossaryTerm, contains_term_target, find_terms
from workbench.translate.masking import Masked, mask, unmask

# Alternatives asked for when a word is typed in part: the one it starts is usually among them.
ALTERNATIVES = 8
# Pieces decoded per alternative to read its next word whole.
_WORD_PIECES = 4
_WORD_START = "\u2581"  # sentencepiece's "▁"
_FIRST_WORD = re.compile(r"\s*(\S+)")


@dataclass(frozen=True, slots=True)
class Completion:
    """What follows `typed`: `text` is shown after it as ghost text ("" for nothing)."""

    typed: str
    text: str
    origin: str  # "mt", "tm" (an exact memory match) or "" when there is nothing to add


@dataclass(frozen=True, slots=True)
class _Prefix:
    """The typed text as the model is given it: pieces, their text, whether space followed."""

    pieces: list[str]
    text: str
    spaced: bool


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Other ways on: whole translations of the source, and next words after `typed`; a next
    word replaces what follows `head` (the word typed in part)."""

    typed: str
    head: str
    translations: tuple[str, ...]
    next_words: tuple[str, ...]


def memory_completion(typed: str, memory: str | None) -> Completion | None:
    """The rest of an exact memory match's target, while the typed text agrees with it."""
    if memory is None or not memory.startswith(typed):
        return None
    return Completion(typed, memory[len(typed) :], "tm")


class Completer:
    """Completions for one language pair, with its glossary and an optional memory lookup."""

    def __init__(
        self,
        engine: Engine,
        source_lang: str,
        terms: Sequence[GlossaryTerm] = (),
    ) -> None:
        self.engine = engine
        self.source_lang = source_lang
        self.terms = list(terms)

    def complete(self, source: str, typed: str, memory: str | None = None) -> Completion:
        """The rest of the target after `typed`; `memory` is the exact memory match's target."""
        found = memory_completion(typed, memory)
        if found is not None:
            return found
        if "\n" in source or "\n" in typed or not source.strip():
            return Completion(typed, "", "")  # the model translates one line at a time
        masked = mask(source, lang=self.source_lang, terms=self.terms)
        head, tail = _split_partial(typed)
        text = self._continue(masked, head, tail)
        if text is None and tail:
            # None of the alternatives starts the typed word: the model goes on from its pieces.
            text = self._continue(masked, typed, "")
        if text is None or not self._keeps_terms(source, typed + text):
            return Completion(typed, "", "")
        return Completion(typed, text, "mt" if text else "")

    def alternatives(self, source: str, typed: str, count: int = 5) -> Alternatives:
        """The model's `count` best translations, and its next words at the end of `typed`
        (those starting a word typed in part, when one is)."""
        if "\n" in source or not source.strip():
            return Alternatives(typed, typed, (), ())
        masked = mask(source, lang=self.source_lang, terms=self.terms)
        translations = [
            _unmask_all(result.text, masked)
            for result in self.engine.nbest(masked.text, count)
            if result.text.strip() and "\ufffd" not in result.text
        ]
        head, tail = _split_partial(typed)
        words: list[str] = []
        # A few pieces each are enough to read a word (the rest of the sentence is not needed).
        steps = len(self.engine.tokenize(tail)) + _WORD_PIECES if tail else _WORD_PIECES
        prefix = self._prefix(masked, head)
        for continuation, _ in self._after(masked, prefix, ALTERNATIVES, steps=steps):
            found = _FIRST_WORD.match(continuation)
            if found and found.group(1).startswith(tail) and found.group(1) not in words:
                words.append(found.group(1))
        return Alternatives(
            typed,
            head,
            tuple(dict.fromkeys(t for t in translations if t is not None)),
            tuple(words[:count]),
        )

    def _continue(self, masked: Masked, head: str, tail: str) -> str | None:
        """What follows `head + tail`: the model's best continuation of `head` whose next word
        starts with `tail`, less `tail`; None if none does."""
        prefix = self._prefix(masked, head)
        # The model's own way on, one greedy decode: the usual case, and the cheapest.
        for text, _ in self._after(masked, prefix, 1):
            if text.startswith(tail):
                return text[len(tail) :]
        # Another next word (or the greedy one glued onto the typed word): the model's
        # alternatives there, a few pieces each, and the best that starts the word goes on.
        steps = len(self.engine.tokenize(tail)) + 1 if tail else 1
        for text, pieces in self._after(masked, prefix, ALTERNATIVES, steps=steps):
            if text and (text.startswith(tail) or tail.startswith(text)):
                for full, _ in self._after(masked, prefix, 1, forced=pieces):
                    if full.startswith(tail):
                        return full[len(tail) :]
        return None

    def _prefix(self, masked: Masked, typed: str) -> _Prefix:
        typed_masked = _mask_typed(typed, masked)
        pieces = self.engine.tokenize(typed_masked.rstrip()) if typed.strip() else []
        return _Prefix(pieces, self.engine.decode(pieces), typed_masked != typed_masked.rstrip())

    def _after(
        self,
        masked: Masked,
        prefix: _Prefix,
        count: int,
        *,
        steps: int | None = None,
        forced: list[str] | None = None,
    ) -> list[tuple[str, list[str]]]:
        """The model's continuations after the prefix (and the `forced` pieces) as English
        text, best first, with their pieces after the prefix. A continuation after typed
        whitespace must start a new word; one whose placeholders cannot be restored is
        dropped."""
        found: list[tuple[str, list[str]]] = []
        forced = forced or []
        for new, _ in self.engine.continuations(
            masked.text, prefix.pieces + forced, count, steps=steps
        ):
            pieces = forced + new
            if not pieces:
                found.append(("", pieces))
                continue
            full = self.engine.decode(prefix.pieces + pieces)
            if not full.startswith(prefix.text) or "\ufffd" in full[len(prefix.text) :]:
                continue  # a byte piece of a character the prefix began
            text = full[len(prefix.text) :]
            if prefix.pieces and prefix.spaced:
                if not pieces[0].startswith(_WORD_START):
                    continue  # it would glue onto the word before the typed space
                text = text[1:] if text.startswith(" ") else text
            restored = _unmask_some(text, masked)
            if restored is not None:
                found.append((restored, pieces))
        return found

    def _keeps_terms(self, source: str, target: str) -> bool:
        """Whether every glossary term of the source has its translation in the target."""
        return all(
            contains_term_target(target, match.term) for match in find_terms(source, self.terms)
        )


def next_word(text: str) -> str:
    """The start of `text` up to the end of its first word (spaces before it included)."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    end = next((i for i, char in enumerate(stripped) if char.isspace()), len(stripped))
    return text[: lead + end]


def _split_partial(typed: str) -> tuple[str, str]:
    """`typed` as (everything up to its last word's start, the word typed in part)."""
    if not typed or typed[-1].isspace():
        return typed, ""
    cut = max(typed.rfind(" "), typed.rfind("\t"), typed.rfind("\n")) + 1
    return typed[:cut], typed[cut:]


def _mask_typed(typed: str, masked: Masked) -> str:
    """The typed target with each span's English already in it replaced by its placeholder,
    so the model sees the prefix as it would have written it."""
    position = 0
    pieces: list[str] = []
    for span in masked.spans:
        if not span.replacement.strip():
            continue
        found = re.search(rf"(?<!\w){re.escape(span.replacement)}(?!\w)", typed[position:])
        if found is None:
            continue
        pieces += [typed[position : position + found.start()], span.placeholder]
        position += found.end()
    return "".join(pieces) + typed[position:]


def _unmask_some(text: str, masked: Masked) -> str | None:
    """A continuation with the placeholders it holds restored (the rest are in the prefix)."""
    present = tuple(
        span
        for span in masked.spans
        if re.search(rf"(?<!\w){re.escape(span.placeholder)}(?!\w)", text, re.IGNORECASE)
    )
    if not present:
        # A placeholder prefix left over means the model garbled one.
        prefix = masked.spans[0].placeholder[:2] if masked.spans else None
        return None if prefix and re.search(prefix, text, re.IGNORECASE) else text
    return unmask(text, Masked(text, present))


def _unmask_all(text: str, masked: Masked) -> str | None:
    return unmask(text, masked) if masked.spans else text
