"""Stages 1 and 2, ingest and segment: a file in, a stored document of segments out.

Reads text, Markdown and HTML (`textio`, `htmltext`, `webpage`, `charset`), marks boilerplate
(`boilerplate`), tells each paragraph's language (`langid`) and cuts paragraphs into sentences
(`segment`); `stage` stores the document. `controls` drops control characters here and escapes
them wherever text is shown.
"""
