"""Look up the words of a segment's source: glossary, concordance and dictionary entries.

The words are listed; the highlighted one's entries are read in a worker (`workbench.lookup`,
the same answer as `workbench lookup WORD`) and shown beside the list.
"""

from __future__ import annotations

import re
from typing import ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.review.context import ReviewContext
from workbench.store import Store

_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


class LookupScreen(ModalScreen[None]):
    """The source's words on the left; what is known about the highlighted one on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the segment"),
    ]

    def __init__(self, source: str, source_lang: str, target_lang: str) -> None:
        super().__init__()
        self.words = list(dict.fromkeys(_WORDS.findall(source)))
        self.pair = (source_lang, target_lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content("Look up a source word"), classes="dialog-title")
            with Horizontal(id="lookup-panes"):
                yield OptionList(*(Option(w, id=w) for w in self.words), id="lookup-words")
                with VerticalScroll(id="lookup-scroll"):
                    yield Static(id="lookup-entries")
            yield Label(Content("↑↓ choose a word · escape closes"), classes="dialog-hint")

    def on_mount(self) -> None:
        words = self.query_one(OptionList)
        words.focus()
        if self.words:
            words.highlighted = 0
        else:
            self.query_one(Static).update(Content("The source has no words."))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.look_up(event.option.id)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def look_up(self, word: str) -> None:
        """Read the word's entries (a dictionary is parsed once per process)."""
        from workbench.lookup import lookup, lookup_lines

        path = cast(ReviewContext, self.app).store_path
        with Store.open(path, create=False) as store:
            lines = lookup_lines(lookup(store, word, *self.pair))
        if not get_current_worker().is_cancelled:
            text = Content("\n").join(
                Content.styled(line.strip(), "bold $text-accent") if kind else Content(line)
                for kind, line in lines
            )
            self.app.call_from_thread(self._show, Content.styled(word, "bold") + "\n" + text)

    def _show(self, content: Content) -> None:
        self.query_one("#lookup-entries", Static).update(content)

    def action_close(self) -> None:
        self.dismiss(None)
