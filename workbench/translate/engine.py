"""The MT engine: an installed package's CTranslate2 model and sentencepiece tokenizer, loaded once.

Translates segment texts in length-sorted, token-budgeted batches and returns one result per
input, in input order. Only ctranslate2 and sentencepiece are imported (never argostranslate).
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import ModelError
from workbench.translate.device import resolve_device
from workbench.translate.packages import InstalledPackage

DEFAULT_BEAM_SIZE = 4  # argos-translate's ARGOS_BEAM_SIZE default
DEFAULT_BATCH_TOKENS = 1024
MAX_INPUT_PIECES = 500  # longer lines are cut at a word start and translated piece by piece
LENGTH_PENALTY = 0.2  # argos-translate's value, so hypotheses rank as they do there
_WORD_START = "\u2581"  # sentencepiece's "▁"
_LINE_BREAK = re.compile(r"(\s*\n\s*)")

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class MTResult:
    """One translated text and the model's score for it (a log-probability, so ≤ 0)."""

    text: str
    score: float


@dataclass(frozen=True, slots=True)
class _Unit:
    """One model input: a line of a text, or a slice of an over-long line."""

    text_index: int
    line_index: int
    chunk_index: int
    pieces: list[str]
    joiner: str  # put before this unit's output when its line is reassembled


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a text's whitespace goes back around its translated lines."""

    lead: str
    trail: str
    parts: list[str]  # lines at even indices, the line breaks between them at odd ones


def default_intra_threads() -> int:
    """Threads per batch: all cores but one, at most 4, at least 1.

    On the 2-core VM CTranslate2's own default (intra_threads=0) ran small batches ~9x slower
    than one thread, and a second thread gained nothing measurable on the base-sized fixture;
    a spare core serves better as a second batch (`inter_threads`) or the store and UI.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, (cores or 1) - 1))


def decoding_limit(source_pieces: int) -> int:
    """Most pieces to generate for a source of this length: a translation rarely needs twice."""
    return 2 * source_pieces + 10


class Engine:
    """A loaded translator for one package; thread-safe, so one per process is enough."""

    def __init__(
        self,
        package: InstalledPackage,
        translator: Any,
        tokenizer: Any,
        *,
        beam_size: int,
        device: str,
        compute_type: str,
        inter_threads: int,
        version: str,
    ) -> None:
        self.package = package
        self.beam_size = beam_size
        self.device = device
        self.compute_type = compute_type
        self._translator = translator
        self._tokenizer = tokenizer
        self._inter_threads = inter_threads
        self._version = version
        prefix = package.target_prefix
        self._target_prefix = [prefix] if prefix else []

    @classmethod
    def load(
        cls,
        package: InstalledPackage,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        intra_threads: int | None = None,
        inter_threads: int = 1,
        beam_size: int = DEFAULT_BEAM_SIZE,
    ) -> Engine:
        """Load the package's model and tokenizer (`ModelError` if either is unusable).

        `device` is `auto`, `cpu` or `cuda` (see `resolve_device`); `compute_type` defaults to
        the device's best.
        """
        import ctranslate2
        import sentencepiece as spm

        device, best_compute_type = resolve_device(device)
        compute_type = compute_type or best_compute_type
        try:
            tokenizer = spm.SentencePieceProcessor(
                model_file=str(package.path / "sentencepiece.model")
            )
            translator = ctranslate2.Translator(
                str(package.path / "model"),
                device=device,
                compute_type=compute_type,
                inter_threads=inter_threads,
                intra_threads=default_intra_threads() if intra_threads is None else intra_threads,
            )
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(f"cannot load the model in {package.path}: {exc}") from exc
        return cls(
            package,
            translator,
            tokenizer,
            beam_size=beam_size,
            device=device,
            compute_type=compute_type,
            inter_threads=inter_threads,
            version=ctranslate2.__version__,
        )

    @property
    def model_id(self) -> str:
        """The package's id, e.g. "translate-sv_en-1_9"."""
        return self.package.model_id

    @property
    def signature(self) -> str:
        """How this engine translates, stored with every MT version."""
        return (
            f"ctranslate2={self._version}|model={self.model_id}"
            f"|beam={self.beam_size}|device={self.device}|compute={self.compute_type}"
        )

    def tokenize(self, text: str) -> list[str]:
        """The sentencepiece pieces the model sees for one line of text."""
        return [str(piece) for piece in self._tokenizer.encode(text, out_type=str)]

    def translate(
        self,
        texts: Sequence[str],
        on_progress: ProgressCallback | None = None,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
    ) -> list[MTResult]:
        """Translate each text; result i belongs to texts[i].

        Line breaks and the text's leading and trailing whitespace are kept; blank texts come
        back empty without reaching the model. `on_progress` gets the number of texts finished
        so far after each batch.
        """
        layouts = [_layout(text) for text in texts]
        units = [
            unit for index, layout in enumerate(layouts) for unit in self._units(index, layout)
        ]
        outputs: dict[int, list[tuple[_Unit, str, float]]] = defaultdict(list)
        pending = Counter(unit.text_index for unit in units)
        finished = len(texts) - len(pending)
        for batch in _batches(units, batch_tokens * self._inter_threads):
            for unit, (text, score) in zip(batch, self._run(batch, batch_tokens), strict=True):
                outputs[unit.text_index].append((unit, text, score))
                pending[unit.text_index] -= 1
                if pending[unit.text_index] == 0:
                    finished += 1
            if on_progress is not None:
                on_progress(finished)
        return [_assemble(layout, outputs.get(index, [])) for index, layout in enumerate(layouts)]

    def _units(self, text_index: int, layout: _Layout) -> Iterator[_Unit]:
        for line_index, line in enumerate(layout.parts[::2]):
            pieces = self.tokenize(line)
            for chunk_index, (joiner, chunk) in enumerate(_cut(pieces, MAX_INPUT_PIECES)):
                yield _Unit(text_index, line_index, chunk_index, chunk, joiner)

    def _run(self, batch: list[_Unit], batch_tokens: int) -> list[tuple[str, float]]:
        longest = max(len(unit.pieces) for unit in batch)
        prefix = self._target_prefix
        results = self._translator.translate_batch(
            [unit.pieces for unit in batch],
            target_prefix=[prefix] * len(batch) if prefix else None,
            max_batch_size=batch_tokens,
            batch_type="tokens",
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            # argos never sets these: CTranslate2's defaults cut inputs at 1024 pieces and
            # outputs at 256 without a word.
            max_input_length=0,
            max_decoding_length=len(prefix) + decoding_limit(longest),
            replace_unknowns=True,
            return_scores=True,
        )
        return [(self._decode(result.hypotheses[0]), float(result.scores[0])) for result in results]

    def continuations(
        self, source: str, prefix: list[str], count: int = 1, steps: int | None = None
    ) -> list[tuple[list[str], float]]:
        """The model's continuations of the target pieces `prefix` for one line of `source`:
        its best (`count` 1, greedy), or else `count` alternatives that differ at the first
        piece after the prefix, best first; each as (pieces after the prefix, score), at most
        `steps` pieces long when given.

        Greedy, as interactive tools decode: a beam costs more than the pause it must fit in.
        """
        pieces = self.tokenize(source)
        forced = self._target_prefix + prefix
        limit = decoding_limit(len(pieces)) if steps is None else steps
        [result] = self._translator.translate_batch(
            [pieces],
            target_prefix=[forced] if forced else None,
            beam_size=1,
            num_hypotheses=count,
            return_alternatives=count > 1,
            length_penalty=LENGTH_PENALTY,
            max_input_length=0,
            max_decoding_length=len(forced) + limit,
            replace_unknowns=True,
            return_scores=True,
        )
        return [
            (hypothesis[len(forced) :], float(score))
            for hypothesis, score in zip(result.hypotheses, result.scores, strict=True)
        ]

    def nbest(self, source: str, count: int) -> list[MTResult]:
        """The `count` best translations of one line of `source` by beam search, best first."""
        pieces = self.tokenize(source)
        prefix = self._target_prefix
        [result] = self._translator.translate_batch(
            [pieces],
            target_prefix=[prefix] if prefix else None,
            beam_size=max(count, self.beam_size),
            num_hypotheses=count,
            length_penalty=LENGTH_PENALTY,
            max_input_length=0,
            max_decoding_length=len(prefix) + decoding_limit(len(pieces)),
            replace_unknowns=True,
            return_scores=True,
        )
        return [
            MTResult(self._decode(hypothesis), float(score))
            for hypothesis, score in zip(result.hypotheses, result.scores, strict=True)
        ]

    def decode(self, pieces: list[str]) -> str:
        """Target pieces as text, as sentencepiece joins them (a leading word's space dropped)."""
        return str(self._tokenizer.decode_pieces(pieces))

    def _decode(self, pieces: list[str]) -> str:
        prefix = self._target_prefix
        if prefix and pieces[: len(prefix)] == prefix:
            pieces = pieces[len(prefix) :]
        # sentencepiece restores spaces from "▁" itself; argos's extra `_` → space is a bug.
        text = str(self._tokenizer.decode_pieces(pieces))
        return text[1:] if text.startswith(" ") else text


_ENGINES: dict[tuple[object, ...], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(package: InstalledPackage, **options: Any) -> Engine:
    """The process-wide engine for `package` and `options` (see `Engine.load`), loaded once."""
    model_file = package.path / "model" / "model.bin"
    try:
        stamp = model_file.stat().st_mtime_ns
    except OSError as exc:
        raise ModelError(f"cannot read {model_file}: {exc}") from exc
    key = (str(package.path), package.package_version, stamp, tuple(sorted(options.items())))
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = Engine.load(package, **options)
        return engine


def _layout(text: str) -> _Layout:
    core = text.strip()
    if not core:
        return _Layout("", "", [])
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return _Layout(lead, trail, _LINE_BREAK.split(core))


def _cut(pieces: list[str], limit: int) -> Iterator[tuple[str, list[str]]]:
    """Slices of at most `limit` pieces, cut before a word start where there is one."""
    joiner, start = "", 0
    while len(pieces) - start > limit:
        starts = [i for i in range(start + 1, start + limit + 1) if pieces[i][:1] == _WORD_START]
        end = starts[-1] if starts else start + limit
        yield joiner, pieces[start:end]
        joiner = " " if pieces[end][:1] == _WORD_START else ""
        start = end
    if len(pieces) > start:
        yield joiner, pieces[start:]


def _batches(units: list[_Unit], budget: int) -> Iterator[list[_Unit]]:
    """Units sorted by length, grouped while their pieces fit `budget` (one unit at least)."""
    batch: list[_Unit] = []
    size = 0
    for unit in sorted(units, key=lambda u: len(u.pieces)):
        if batch and size + len(unit.pieces) > budget:
            yield batch
            batch, size = [], 0
        batch.append(unit)
        size += len(unit.pieces)
    if batch:
        yield batch


def _assemble(layout: _Layout, outputs: list[tuple[_Unit, str, float]]) -> MTResult:
    if not layout.parts:
        return MTResult("", 0.0)
    lines = [""] * len(layout.parts[::2])
    for unit, text, _ in sorted(outputs, key=lambda o: (o[0].line_index, o[0].chunk_index)):
        lines[unit.line_index] += unit.joiner + text
    body = "".join(
        part if index % 2 else lines[index // 2] for index, part in enumerate(layout.parts)
    )
    # The weakest line decides how much a multi-line segment needs review.
    score = min((score for _, _, score in outputs), default=0.0)
    return MTResult(layout.lead + body + layout.trail, score)
