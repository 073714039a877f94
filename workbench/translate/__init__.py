"""Stage 3, translate: untranslated segments in, machine or memory translations out.

`packages` installs and finds Argos model packages, `engine` runs them with CTranslate2 and
sentencepiece (`device` picks CPU or CUDA); `memory` (the translation memory) answers first,
`glossary` masks terms, `postedit` and `learn` apply and mine reviewers' corrections,
`repetitions` reuses a target for identical sources; `batches` and `stage` run it over many
documents, in this process or on Ray actors (`cluster`). `fixture` builds the test model.
"""
