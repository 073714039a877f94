"""Machine translation: Argos model packages (`packages`) and the CTranslate2 engine (`engine`).

Importing this package loads neither ctranslate2 nor sentencepiece; `engine` does so on first use.
"""
