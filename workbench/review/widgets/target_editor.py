"""The target editor: a TextArea that underlines the words the spelling check flagged, and
completes what the reviewer types with the MT engine, as ghost text.

Textual keeps a TextArea's highlights per line as (start byte, end byte, style name), rebuilt
after every edit; this adds the flagged words to them, so they stay marked as the text changes.

Completion: after each edit that leaves the cursor at the end of the text, a short pause
starts a thread worker (exclusive: a newer request cancels the older) which asks the engine to
continue the text; its answer is shown only if it is still the newest and the text is still
what it continued. Keys never wait for it. Typing what the ghost text says keeps the rest
(Textual trims it); typing anything else drops it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme
from textual.worker import get_current_worker

from workbench.errors import WorkbenchError
from workbench.review.completion import CompletionTarget, complete

_HIGHLIGHT = "spelling"
THEME = TextAreaTheme(name="workbench-target", syntax_styles={_HIGHLIGHT: Style(underline=True)})
# Typing pauses this long before the engine is asked: shorter asks for every keystroke of a
# word typed at speed, longer makes the ghost text feel late.
PAUSE_S = 0.15


class TargetEditor(TextArea):
    """A TextArea whose `misspelt` words are underlined wherever they occur, and which shows
    the engine's continuation of the text as ghost text while `completing`."""

    @dataclass
    class Completed(Message, bubble=False):
        """A completion worker's answer for one request."""

        request: int
        typed: str
        text: str

    misspelt: frozenset[str] = frozenset()
    completing: CompletionTarget | None = None
    _request = 0  # the newest request; an answer to an older one is dropped
    _pause: Timer | None = None
    _ghost_whole = ""  # the text the shown ghost text completes it to

    def on_mount(self) -> None:
        self.register_theme(THEME)
        self.theme = THEME.name

    def mark_misspelt(self, words: frozenset[str]) -> None:
        """Underline these words from now on."""
        if words == self.misspelt:
            return  # moving between segments without misspellings costs nothing
        self.misspelt = words
        self._build_highlight_map()
        self.refresh()

    # --- completion --------------------------------------------------------------------

    def begin_completion(self, target: CompletionTarget) -> None:
        """Complete the text for this segment from now on, starting with the text as it is."""
        self.completing = target
        self._ask_after_pause()

    def end_completion(self) -> None:
        """Stop completing; an answer still on its way is dropped."""
        self.completing = None
        self._request += 1
        self.suggestion = ""
        if self._pause is not None:
            self._pause.stop()

    @property
    def at_end(self) -> bool:
        """Whether the cursor is at the end of the text with nothing selected."""
        return self.selection.is_empty and self.cursor_location == self.document.end

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.completing is None or event.text_area is not self:
            return
        if self.suggestion and self.at_end and self.text + self.suggestion == self._ghost_whole:
            return  # typed along the ghost text: the rest still stands
        # (Textual keeps the ghost text through a deletion too, where it no longer fits.)
        self._ask_after_pause()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if event.text_area is self and self.suggestion and not self.at_end:
            self.suggestion = ""  # ghost text belongs at the end, after what it continues

    def _ask_after_pause(self) -> None:
        self._request += 1
        self.suggestion = ""
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(PAUSE_S, self._ask)

    def _ask(self) -> None:
        if self.completing is not None and self.at_end and not self.read_only:
            self._complete(self._request, self.completing, self.text)

    @work(thread=True, exclusive=True, group="completion", exit_on_error=False)
    def _complete(self, request: int, target: CompletionTarget, typed: str) -> None:
        if request != self._request:
            return  # superseded before it started: the engine need not run
        try:
            found = complete(target, typed, lambda: request == self._request)
        except WorkbenchError:
            # No package for the pair (or it cannot load): the memory alone completes.
            self.app.call_from_thread(self._without_engine, target)
            return
        if found is not None and not get_current_worker().is_cancelled:
            self.post_message(self.Completed(request, typed, found.text))

    def _without_engine(self, target: CompletionTarget) -> None:
        if self.completing == target:
            self.completing = replace(target, engine=False)
            self._ask_after_pause()

    def on_target_editor_completed(self, message: Completed) -> None:
        if (
            message.request == self._request
            and self.completing is not None
            and self.at_end
            and self.text == message.typed
        ):
            self.suggestion = message.text
            self._ghost_whole = message.typed + message.text

    def accept_word(self) -> None:
        """Insert the ghost text up to the end of its next word (and the space before it)."""
        if not self.suggestion:
            return
        from workbench.translate.complete import next_word  # loaded by the worker already

        self.insert(next_word(self.suggestion))

    def accept_all(self) -> None:
        """Insert the whole ghost text (→ at the end does too, as Textual has it)."""
        if self.suggestion and self.at_end:
            self.insert(self.suggestion)

    def render_line(self, y: int) -> Strip:
        # Textual draws the ghost text on the cursor's row only, cut at the editor's edge; at
        # the end of the text the rows below are free, so the rest goes on there, broken at
        # spaces as the typed text wraps.
        strip = super().render_line(y)
        if not self.suggestion or not self.at_end or not self.has_focus:
            return strip
        # The screen crops a row at the editor's content edge (a cell past `wrap_width`).
        width = self.scrollable_content_region.width - self.gutter_width
        x, row = self.wrapped_document.location_to_offset(self.cursor_location)
        below = y - (row - int(self.scroll_y))
        first = max(width - x, 0)
        if below < 0 or width <= 0 or len(self.suggestion) <= first:
            return strip
        rows = ghost_rows(self.suggestion, first, width)
        left = self.gutter_width
        if below == 0:
            # Blank what Textual drew past the row's last whole word (in the ghost's style).
            kept = left + x + len(rows[0])
            rest = strip.crop(kept, strip.cell_length)
            blank = [Segment(" " * len(segment.text), segment.style) for segment in rest]
            return Strip.join([strip.crop(0, kept), Strip(blank)])
        if below >= len(rows):
            return strip
        ghost = Strip(
            [Segment(rows[below], self.get_component_rich_style("text-area--suggestion"))]
        )
        return Strip.join(
            [strip.crop(0, left), ghost, strip.crop(left + ghost.cell_length, strip.cell_length)]
        )

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        if not self.misspelt:
            return
        # Words as the spelling check splits them; it loads with the first flagged word shown.
        from workbench.quality.spelling import WORD

        for row, line in enumerate(self.document.lines):
            for match in WORD.finditer(line):
                if match.group() in self.misspelt:
                    start = len(line[: match.start()].encode())
                    end = start + len(match.group().encode())
                    self._highlights[row].append((start, end, _HIGHLIGHT))


def ghost_rows(text: str, first: int, width: int) -> list[str]:
    """`text` cut into rows at spaces: `first` cells on the cursor's row, `width` on each row
    below; a word longer than a row is cut where the row ends."""
    rows: list[str] = []
    room = first
    while text:
        if len(text) <= room:
            rows.append(text)
            break
        cut = text.rfind(" ", 0, room + 1) + 1  # the space stays at the row's end
        if cut == 0:
            cut = room if rows or room == width else 0  # the cursor's row leaves a word whole
        rows.append(text[:cut])
        text = text[cut:]
        room = width
    return rows
