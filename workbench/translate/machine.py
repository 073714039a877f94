"""MT of one batch of sources: mask protected spans, translate, restore them (translating a
source again unmasked when its placeholders did not survive), and QA the result.

Touches no store, so any thread or process holding an engine (`stage`'s threads, `cluster`'s Ray
actors) can run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.quality.qa import check_pair
from workbench.records import Flag, NewTranslation, Origin, Segment, Severity
from workbench.translate.engine import Engine
from workbench.translate.glossary import GlossaryTerm
from workbench.translate.masking import mask, unmask

PLACEHOLDER_LOST_CODE = "placeholder-lost"
PLACEHOLDER_LOST = Flag(
    PLACEHOLDER_LOST_CODE,
    Severity.WARNING,
    "protected terms or numbers did not survive MT; translated without protection",
)


def translate_batch(
    engine: Engine,
    segments: Sequence[Segment],
    source_lang: str,
    target_lang: str,
    terms: list[GlossaryTerm],
    *,
    reuse_repeats: bool = True,
) -> list[NewTranslation]:
    """MT and QA for one batch, one target per segment; a repeated source is translated once
    (every time without `reuse_repeats`).

    Touches no store, so any thread or process holding an engine can run it.
    """
    sources = [s.source for s in segments]
    if reuse_repeats:
        sources = list(dict.fromkeys(sources))
    outputs = machine_translate(engine, sources, source_lang, target_lang, terms)
    by_source = dict(zip(sources, outputs, strict=True))
    return [
        NewTranslation(
            segment_id=segment.id,
            text=output.text,
            origin=Origin.MT,
            score=output.score,
            engine="ctranslate2",
            model_id=engine.model_id,
            signature=engine.signature,
            flags=output.flags,
        )
        for segment, output in zip(
            segments,
            outputs if not reuse_repeats else [by_source[s.source] for s in segments],
            strict=True,
        )
    ]


@dataclass(frozen=True, slots=True)
class MachineOutput:
    """One source's MT: the restored text, the model's score and the QA flags."""

    text: str
    score: float
    flags: tuple[Flag, ...]


def machine_translate(
    engine: Engine,
    sources: Sequence[str],
    source_lang: str,
    target_lang: str,
    terms: list[GlossaryTerm],
) -> list[MachineOutput]:
    """Translate masked sources and QA the results.

    A source whose placeholders don't survive MT is translated again unmasked and flagged.
    """
    masked = [mask(source, lang=source_lang, terms=terms) for source in sources]
    results = engine.translate([m.text for m in masked])
    texts: list[str] = []
    scores: list[float] = []
    retry: list[int] = []
    for position, (masked_text, result) in enumerate(zip(masked, results, strict=True)):
        restored = unmask(result.text, masked_text) if masked_text.spans else result.text
        if restored is None:
            retry.append(position)
            restored = ""
        texts.append(restored)
        scores.append(result.score)
    if retry:
        plain = engine.translate([sources[i] for i in retry])
        for position, result in zip(retry, plain, strict=True):
            texts[position] = result.text
            scores[position] = result.score
    fallbacks = set(retry)
    return [
        MachineOutput(
            text,
            score,
            tuple(
                check_pair(
                    source, text, source_lang=source_lang, target_lang=target_lang, terms=terms
                )
            )
            + ((PLACEHOLDER_LOST,) if position in fallbacks else ()),
        )
        for position, (source, text, score) in enumerate(zip(sources, texts, scores, strict=True))
    ]
