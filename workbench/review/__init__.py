"""The review TUI (Textual): documents, segments, alignment and statistics screens.

Only `workbench.cli.review` imports this package; it never runs SQL, only `Store` methods.
"""
