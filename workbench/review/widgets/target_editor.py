"""The target editor: a TextArea that underlines the words the spelling check flagged.

Textual keeps a TextArea's highlights per line as (start byte, end byte, style name), rebuilt
after every edit; this adds the flagged words to them, so they stay marked as the text changes.
"""

from __future__ import annotations

from rich.style import Style
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

_HIGHLIGHT = "spelling"
THEME = TextAreaTheme(name="workbench-target", syntax_styles={_HIGHLIGHT: Style(underline=True)})


class TargetEditor(TextArea):
    """A TextArea whose `misspelt` words are underlined wherever they occur."""

    misspelt: frozenset[str] = frozenset()

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
