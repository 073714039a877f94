"""Subtitles (SRT): each cue a paragraph, its lines joined into the sentence they were cut from.

Cue numbers, timings and the layout of the file stay in the stored original; the SRT writer
reads the cues the same way and puts each translated text back into its cue.
"""

from __future__ import annotations

import srt

from workbench.errors import InputError
from workbench.ingest.paragraph import BLANK_LINE, Paragraph

_DIALOGUE_DASHES = ("-", "–", "—")


def parse_cues(name: str, text: str) -> list[srt.Subtitle]:
    """The cues of an SRT file, refused with the line where its structure or timing breaks."""
    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text[: exc.actual_start].count("\n") + 1
        shown = exc.unmatched_content.strip().split("\n")[:2]
        raise InputError(
            f"{name}: broken subtitle at line {line} (expected a cue number and a "
            f"'00:00:01,000 --> 00:00:02,000' timing, found {' | '.join(shown)!r})"
        ) from exc
    except srt.TimestampParseError as exc:
        raise InputError(f"{name}: broken subtitle timing ({exc})") from exc
    lines = text.split("\n")
    for cue in cues:
        # the parser reads a cue whose timing it cannot parse as text of the cue before
        broken = next((line for line in cue.content.split("\n") if "-->" in line), None)
        if broken is not None:
            raise InputError(
                f"{name}: broken subtitle timing at line {lines.index(broken) + 1}: "
                f"{broken.strip()!r}"
            )
        if cue.end < cue.start:
            raise InputError(f"{name}: cue {cue.index} ends before it starts")
    return cues


def cue_text(content: str) -> str:
    """A cue's lines as one paragraph; a dialogue's lines (each opened by a dash) stay apart."""
    lines = [line.strip() for line in content.split("\n") if line.strip()]
    if len(lines) > 1 and all(line.startswith(_DIALOGUE_DASHES) for line in lines):
        return "\n".join(lines)
    return " ".join(lines)


def srt_paragraphs(name: str, text: str) -> list[Paragraph]:
    """One paragraph per cue with text, in order."""
    return [
        Paragraph(cue_text(cue.content), lead=BLANK_LINE)
        for cue in parse_cues(name, text)
        if cue.content.strip()
    ]
