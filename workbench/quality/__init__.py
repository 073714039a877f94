"""Quality: checks on a target (QA, spelling, anchors) and the statistics of the effort.

Used by translate (flags on new targets), review (on every save) and the `qa`/`stats` commands.
"""
