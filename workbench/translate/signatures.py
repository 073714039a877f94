"""What an MT version's signature records beyond the engine: the post-edit rules that fired.

Kept apart from `translate.postedit` (which runs QA and spelling) so that the review screens
read signatures without loading the checks.
"""

from __future__ import annotations

from collections.abc import Sequence

_RULES = "|postedit="


def with_rules(signature: str | None, fired: Sequence[int]) -> str:
    """`signature` with the ids of the post-edit rules that changed the text appended."""
    return f"{signature or ''}{_RULES}{','.join(map(str, fired))}"


def rules_applied(signature: str | None) -> list[int]:
    """The ids of the post-edit rules recorded in an MT version's signature."""
    _, found, ids = (signature or "").partition(_RULES)
    return [int(i) for i in ids.split(",")] if found else []
