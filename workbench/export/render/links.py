"""Which link targets an article may keep as links: http(s), mailto and relative or fragment
URLs. Anything else (`javascript:`, `data:`, `vbscript:`, `file:`…) could run or fetch
something when a reader clicks it, so the writers show such a link as text instead."""

from __future__ import annotations

import re

from workbench.ingest.markdown import markdown_markup_spans

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop tabs and newlines anywhere in a URL and C0 controls or spaces before it
# (WHATWG URL), so "java\tscript:" is still javascript.
_IGNORED_RE = re.compile(r"[\t\n\r]")
_LEADING_RE = re.compile(r"^[\x00-\x20]+")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_PATH_START_RE = re.compile(r"[/?#]")
_AUTOLINK_RE = re.compile(r"<(?:https?|ftp)://[^>\s]+>|<[^>\s@]+@[^>\s]+>")


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


def autolink_href(syntax: str) -> str | None:
    """Where a Markdown autolink (`<https://…>`, `<name@example.se>`) points; None for any
    other syntax, such as an HTML tag."""
    if not _AUTOLINK_RE.fullmatch(syntax):
        return None
    url = syntax[1:-1]
    return url if "://" in url else "mailto:" + url


def link_target(closer: str) -> str | None:
    """The URL in a link's closing syntax `](url "title")`; None for `][ref]` or `]()`."""
    parts = closer[2:-1].split() if closer.startswith("](") else []
    return parts[0] if parts else None


def unsafe_link_starts(text: str) -> list[int]:
    """Where a Markdown link or autolink to an unsafe target starts in `text` (its `[` or
    `<`): a backslash there makes the whole link plain text."""
    starts: list[int] = []
    opener = -1  # the open link's `[`; an image's `![` is not a link
    for start, end in markdown_markup_spans(text):
        syntax = text[start:end]
        href = autolink_href(syntax)
        if href is not None and not is_safe_link(href):
            starts.append(start)
        elif syntax in ("[", "!["):
            opener = start if syntax == "[" else -1
        elif syntax.startswith("]"):
            target = link_target(syntax)
            if opener >= 0 and target is not None and not is_safe_link(target):
                starts.append(opener)
            opener = -1
    return starts
