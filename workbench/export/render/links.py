"""Which link targets an article may keep as links: http(s), mailto and relative or fragment
URLs. Anything else (`javascript:`, `data:`, `vbscript:`, `file:`…) could run or fetch
something when a reader clicks it, so the writers show such a link as text instead."""

from __future__ import annotations

import re

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop tabs and newlines anywhere in a URL and C0 controls or spaces before it
# (WHATWG URL), so "java\tscript:" is still javascript.
_IGNORED_RE = re.compile(r"[\t\n\r]")
_LEADING_RE = re.compile(r"^[\x00-\x20]+")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_PATH_START_RE = re.compile(r"[/?#]")


def is_safe_link(url: str) -> bool:
    """Whether `url` may become a clickable link in a rendered article."""
    cleaned = _LEADING_RE.sub("", _IGNORED_RE.sub("", url))
    colon = cleaned.find(":")
    if colon < 0:
        return True
    path_start = _PATH_START_RE.search(cleaned)
    if path_start is not None and path_start.start() < colon:
        return True  # "a/b:c", "?q=a:b", "#x:y": a relative URL whose colon is in its path
    # Any other colon makes a scheme, or something a browser might read as one: only the
    # known safe schemes pass.
    scheme = _SCHEME_RE.match(cleaned)
    return scheme is not None and scheme.end() == colon + 1 and scheme[1].lower() in _SAFE_SCHEMES
