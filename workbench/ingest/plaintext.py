"""Plain-text paragraphs: blank-line blocks, hard-wrapped prose, headline lines and list items."""

from __future__ import annotations

import re

from workbench.ingest.paragraph import BLANK_LINE, Paragraph

_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")
_BULLET_RE = re.compile(r"^[^\S\n]*(?:[•·▪►◦‣∙*+]|[-–—](?=\s))[^\S\n]*")
_DIALOGUE_DASHES = ("–", "—")
_NUMBERED_RE = re.compile(r"^[^\S\n]*(?:\d{1,3}|[a-zA-Z])[.)](?=\s)")
_SENTENCE_END_RE = re.compile(r"[.!?…:;]['\"”’»)\]]*$")
# hard wraps happen at 40-120 columns; longer lines are one paragraph each
_MIN_WRAP_WIDTH = 40
_MAX_WRAP_WIDTH = 120


def text_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a plain-text source, in reading order."""
    return [item for block in _blocks(text) for item in _block_paragraphs(block)]


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in _BLANK_LINE_RE.split(text) if block.strip()]


def _block_paragraphs(block: str) -> list[Paragraph]:
    """The paragraphs of one blank-line block: the first after a blank line, the rest each on
    its own line, bulleted ones as list items."""
    return [
        Paragraph(
            text,
            block="ul" if bullet else "p",
            lead=(BLANK_LINE if number == 0 else "\n") + bullet,
        )
        for number, (bullet, text) in enumerate(split_block(block))
    ]


def split_block(block: str) -> list[tuple[str, str]]:
    """Split one blank-line block into (bullet, paragraph) pairs: list items and short headline
    lines apart, hard-wrapped prose kept whole with its line breaks and indentation."""
    raw_lines = [line for line in block.split("\n") if line.strip()]
    lines = [line.strip() for line in raw_lines]
    width = max(len(line) for line in lines)
    # wrapped prose puts lowercase words at line starts; lines that all open with a capital
    # are headlines or items, however their lengths happen to line up
    itemised = len(lines) >= 3 and all(line[0].isupper() for line in lines[1:])
    groups: list[list[str]] = [[raw_lines[0]]]
    for index in range(1, len(lines)):
        if not itemised and _continues(lines[index - 1], lines[index], width):
            groups[-1].append(raw_lines[index])
        else:
            groups.append([raw_lines[index]])
    # a lone paragraph opened by a dash is a quotation in Swedish news ("– Vi har …, säger
    # han."), not a one-item list: the dash stays in its sentence for MT and the reviewer
    dialogue = len(groups) == 1
    return [_split_bullet("\n".join(group).strip(), dialogue) for group in groups]


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` continues the paragraph of `previous` rather than starting a new one."""
    if _BULLET_RE.match(line) or _NUMBERED_RE.match(line):
        return False
    first_char = line[0]
    if (first_char.islower() or first_char in ",;)") and not _SENTENCE_END_RE.search(previous):
        return True
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return False
    # a line was hard-wrapped when the next line's first word would not have fitted on it
    next_word = line.split(None, 1)[0]
    return len(previous) + 1 + len(next_word) > width * 0.9


def _split_bullet(text: str, dialogue: bool) -> tuple[str, str]:
    """The list bullet opening `text` (as the source wrote it, with one space) and the rest."""
    match = _BULLET_RE.match(text)
    if match is None or match.end() == len(text):
        return "", text
    bullet = match.group().strip()
    if dialogue and bullet in _DIALOGUE_DASHES:
        return "", text
    return bullet + " ", text[match.end() :]
