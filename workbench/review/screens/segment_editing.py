"""The segment screen's edit and split modes: entering and leaving them, saving, the editor's
keys, and the engine's completions and alternatives while the reviewer types."""

from __future__ import annotations

from workbench.paths import models_dir
from workbench.records import Document, Segment
from workbench.review.actions import Change, ChangeKind
from workbench.review.completion import CompletionTarget
from workbench.review.messages import AlternativesFound
from workbench.review.screens.alternatives import AlternativesScreen, Choice
from workbench.review.screens.confirm import ConfirmScreen
from workbench.review.screens.segment_keys import Mode
from workbench.review.screens.segment_workers import SegmentWorkers
from workbench.review.widgets.segment_detail import (
    SegmentDetail,
    SegmentView,
    location,
    word_at,
)
from workbench.review.widgets.segment_table import SegmentTable
from workbench.settings import get_setting


class SegmentEditing(SegmentWorkers):
    """Edit and split modes: one segment at a time is `working`, and the keys are the mode's."""

    # Set by the screen as its rows and details load.
    document: Document | None
    view: SegmentView | None

    def __init__(self) -> None:
        super().__init__()
        self.mode = Mode.BROWSE
        self.working: Segment | None = None
        # A mode asked for before the segment's detail was shown: (mode, segment id).
        self.pending_mode: tuple[Mode, int] | None = None

    @property
    def table(self) -> SegmentTable:
        """The segment table."""
        return self.query_one(SegmentTable)

    @property
    def detail(self) -> SegmentDetail:
        """The detail pane."""
        return self.query_one(SegmentDetail)

    @property
    def current(self) -> Segment | None:
        """The segment under the cursor, as last read (None while its row loads)."""
        return self.table.segment_at(self.table.cursor_row)

    def _begin(self, mode: Mode, segment: Segment) -> None:
        """Enter edit or split mode on a segment whose detail is on screen."""
        if not segment.translatable:
            self.notify(
                "This segment is boilerplate; press b to make it translatable first.",
                severity="warning",
            )
            return
        if mode == Mode.SPLIT and not (segment.target or "").strip():
            self.notify("There is no target to split.", severity="warning")
            return
        self.working = segment
        self._enter_mode(mode)
        if mode == Mode.EDIT:
            # The first save checks spelling: the dictionaries load while the reviewer types.
            self.preload_spelling()
            self.detail.begin_edit()
            target = self._completion_target(segment)
            if target is not None:
                self.detail.target.begin_completion(target)
        else:
            self.detail.begin_split()

    def _completion_target(self, segment: Segment) -> CompletionTarget | None:
        """What the editor completes for, or None where the store turned completion off."""
        document = self.document
        if document is None or get_setting(self.reader, "completion") == "off":
            return None
        return CompletionTarget(
            self.review.store_path,
            models_dir(),
            segment.source,
            document.source_lang,
            document.target_lang,
        )

    def _begin_when_shown(self, mode: Mode) -> None:
        segment = self.current
        if segment is None:
            return
        if self.view is not None and self.view.segment.id == segment.id:
            self._begin(mode, self.view.segment)
        else:
            # The detail pane is still loading this segment; start as soon as it shows.
            self.pending_mode = (mode, segment.id)

    def _enter_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.set_class(mode == Mode.SEARCH, "-searching")
        self.refresh_bindings()

    def _leave_mode(self) -> None:
        if self.working is not None:
            self.detail.end_mode()
        self.working = None
        self.mode = Mode.BROWSE
        self.remove_class("-searching")
        self.table.focus()
        self.refresh_bindings()

    def action_edit(self) -> None:
        self._begin_when_shown(Mode.EDIT)

    def action_save(self) -> None:
        text = self.detail.target.text
        segment = self.working
        if segment is None:
            return
        if text == (segment.target or ""):
            self.notify("Nothing changed.")
            self._leave_mode()
            return
        if text.strip():
            self._change(ChangeKind.SAVE, segment, text=text)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(ChangeKind.SAVE, segment, text=text)

        # An empty target is more often a slip (a clear, then keys that went astray) than meant.
        self.app.push_screen(
            ConfirmScreen(
                f"Save an empty target for segment {segment.id}?",
                [f"Stored now: {segment.target or ''}", "No goes back to the editor."],
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self._leave_mode()

    def action_select_target(self) -> None:
        self.detail.target.select_all()

    def action_clear_target(self) -> None:
        self.detail.target.clear()

    def action_add_word(self) -> None:
        segment = self.working or self.current
        if self.working is not None:
            word = word_at(self.detail.target.text, self.detail.cursor_offset)
        else:
            word = self.detail.first_misspelt
        if segment is None or not word:
            self.notify("No word to add here.", severity="warning")
            return
        self.commit(Change(ChangeKind.ADD_WORD, segment.id, segment.translation_id, text=word))

    def action_accept_word(self) -> None:
        self.detail.target.accept_word()

    def action_accept_all(self) -> None:
        self.detail.target.accept_all()

    def action_alternatives(self) -> None:
        segment = self.working
        if segment is None:
            return
        target = self._completion_target(segment)
        if target is None:
            self.notify("Completion is off for this store (workbench settings completion on).")
            return
        editor = self.detail.target
        editor.move_cursor(editor.document.end)
        self.find_alternatives(target, editor.text)

    def on_alternatives_found(self, message: AlternativesFound) -> None:
        found = message.alternatives
        editor = self.detail.target
        if self.working is None or editor.text != found.typed:
            return  # the reviewer typed on or left meanwhile: the list is for another text
        if not found.translations and not found.next_words:
            self.notify("The engine has no alternatives here.")
            return

        def chosen(choice: Choice | None) -> None:
            if choice is None or self.working is None or editor.text != found.typed:
                return
            if choice.whole:
                editor.replace(choice.text, (0, 0), editor.document.end)
            else:
                start = location(found.head, len(found.head))
                editor.replace(f"{choice.text} ", start, editor.document.end)
            editor.focus()

        self.app.push_screen(AlternativesScreen(found), chosen)

    def action_split(self) -> None:
        self._begin_when_shown(Mode.SPLIT)

    def action_confirm_split(self) -> None:
        self._change(ChangeKind.SPLIT, self.working, offset=self.detail.cursor_offset)
