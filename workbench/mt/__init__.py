"""Machine translation: Argos model packages (`packages`) and the CTranslate2 engine (`engine`).

Importing this package loads neither ctranslate2 nor sentencepiece: they load where a model is
loaded or checked or GPUs are counted, the engine-load edge of the rule in `workbench.cli`.
"""
