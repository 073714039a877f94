"""Sentence alignment of two lists of sentences into n:m beads (the algorithm of stage 4).

Pure functions over lists of sentences; storing beads and reading documents belong to the store.
Three passes: length and anchors, then twice with a lexicon and cost tables learned from the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from workbench.align.confidence import parallelism, scored_beads
from workbench.align.cues import boundary_glue
from workbench.align.dictionary import DICTIONARY_DIR, dictionary_keys
from workbench.align.fitting import fit_model, length_model
from workbench.align.lexicon import (
    add_confirmed,
    add_lexicon,
    learn_lexicon,
    sentence_keys,
    sentence_words,
)
from workbench.align.model import BEAD_TYPES, CAUTIOUS, PARAMS, AlignedBead, Alignment
from workbench.align.scoring import Scorer
from workbench.align.search import cheapest_path
from workbench.errors import InputError

__all__ = ["BEAD_TYPES", "AlignedBead", "Alignment", "align_sentences"]


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    source_mt: Sequence[str] | None = None,
    dictionaries: Path | None = DICTIONARY_DIR,
    params: dict[str, float] | None = None,
) -> Alignment:
    """Align two sentence lists into beads; `source_mt` (MT of each source) sharpens it, and
    so does a FreeDict dictionary for the pair when one is installed under `dictionaries`.

    `params` overrides cost parameters, for experiments only.
    """
    if source_mt is not None and len(source_mt) != len(source):
        raise InputError(
            f"source_mt has {len(source_mt)} sentences but the source has {len(source)}",
            hint="give one machine translation per source sentence",
        )
    settings = {**PARAMS, **(params or {})}
    base_source_keys = [sentence_keys(text, source_lang) for text in source]
    if source_mt is not None:
        for keys, text in zip(base_source_keys, source_mt, strict=True):
            keys.update(sentence_keys(text, target_lang))
    base_target_keys = [sentence_keys(text, target_lang) for text in target]
    dictionary = (
        dictionary_keys(source, target, source_lang, target_lang, dictionaries)
        if dictionaries is not None
        else None
    )
    lengths = (
        np.array([len(text) for text in source], dtype=np.float64),
        np.array([len(text) for text in target], dtype=np.float64),
    )
    if not source or not target:
        path = [(s, s + 1, 0, 0) for s in range(len(source))]
        path += [(0, 0, t, t + 1) for t in range(len(target))]
        beads = [AlignedBead(tuple(range(a, b)), tuple(range(c, d)), 1.0) for a, b, c, d in path]
        return Alignment(tuple(beads), 0.5, True, "empty")
    source_keys, target_keys = base_source_keys, base_target_keys
    glue = (boundary_glue(source, settings), boundary_glue(target, settings))
    path = cheapest_path(*lengths, source_keys, target_keys, settings)
    method = "length+anchors" + ("+mt" if source_mt is not None else "")
    model = None
    source_words = [sentence_words(text) for text in (source_mt or source)]
    target_words = [sentence_words(text) for text in target]
    for _ in range(int(settings["passes"]) - 1):
        settings.update(length_model(path, *lengths))
        lexicon = learn_lexicon(path, source_words, target_words, settings)
        source_keys = [set(keys) for keys in base_source_keys]
        target_keys = [set(keys) for keys in base_target_keys]
        if dictionary is not None:
            # Only the dictionary pairs this alignment bears out: a word has many senses.
            add_confirmed(path, source_keys, target_keys, *dictionary, settings["dict_dice"])
        add_lexicon(source_keys, target_keys, source_words, target_words, lexicon)
        scorer = Scorer(*lengths, source_keys, target_keys, settings)
        model = fit_model(scorer, path, settings, glue)
        path = cheapest_path(*lengths, source_keys, target_keys, settings, path, model)
    if settings["passes"] > 1:
        method += "+lexicon"
    anchors_only = Scorer(*lengths, base_source_keys, base_target_keys, settings)
    parallel_score = parallelism(anchors_only, path)
    if parallel_score >= 0.5:
        scorer = Scorer(*lengths, source_keys, target_keys, settings, model)
        beads = scored_beads(scorer, path)
    else:
        # Unrelated texts: pair only what shares anchors, and say how little that means.
        cautious = {**settings, **CAUTIOUS}
        path = cheapest_path(*lengths, base_source_keys, base_target_keys, cautious, path)
        scorer = Scorer(*lengths, base_source_keys, base_target_keys, cautious)
        beads = [
            AlignedBead(bead.source, bead.target, bead.score * parallel_score)
            for bead in scored_beads(scorer, path)
        ]
        method = "length+anchors (cautious)"
    return Alignment(tuple(beads), parallel_score, parallel_score >= 0.5, method)
