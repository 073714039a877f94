"""The segment screen: the document's segments as a table, the highlighted one in detail.

Actions only check the UI state and start a worker; workers open their own `Store`, commit at
once, and post what happened back (`review/messages.py`). The detail of the highlighted segment
is read on the UI thread from the screen's open store (under a millisecond), so it is drawn in
the same frame as the cursor that asked for it.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.paths import models_dir
from workbench.records import Document, Segment, SegmentStatus
from workbench.review.actions import (
    Change,
    ChangeKind,
    Query,
    commit_change,
    load_checks,
    next_needing_work,
    read_view,
    segment_ids,
)
from workbench.review.completion import CompletionTarget, alternatives
from workbench.review.messages import (
    AlternativesFound,
    ApprovalQuestioned,
    ConcordanceLoaded,
    ConflictFound,
    NextFound,
    SegmentChanged,
    SegmentIdsLoaded,
    SegmentRowsLoaded,
)
from workbench.review.screens.alternatives import AlternativesScreen, Choice
from workbench.review.screens.base import StoreScreen
from workbench.review.screens.comment import CommentScreen
from workbench.review.screens.confirm import ConfirmScreen
from workbench.review.screens.conflict import ConflictScreen
from workbench.review.screens.filter import ALL, LOW_CONFIDENCE, FilterScreen
from workbench.review.screens.lookup import LookupScreen
from workbench.review.widgets.concordance import CONCORDANCE_LIMIT, ConcordancePanel
from workbench.review.widgets.line_table import LineTable
from workbench.review.widgets.segment_detail import (
    SegmentDetail,
    SegmentView,
    location,
    word_at,
)
from workbench.review.widgets.segment_table import SegmentTable
from workbench.settings import get_setting

# A worker in these states has posted all it will: keys waiting for it may go on.
_DONE = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
# Segments read per query when the table asks for rows.
ROWS_PER_READ = 100
# Rows read with the ids from the cursor down: more than a tall terminal shows.
FIRST_ROWS = 60


class Mode(enum.StrEnum):
    """What the keyboard is doing on this screen."""

    BROWSE = "browse"
    EDIT = "edit"
    SPLIT = "split"
    SEARCH = "search"


# Actions available in each mode besides browsing; in browse mode these are hidden.
_MODE_ACTIONS = {
    Mode.EDIT: {
        "save",
        "cancel",
        "add_word",
        "select_target",
        "clear_target",
        "alternatives",
        "lookup",
        "accept_word",
        "accept_all",
    },
    Mode.SPLIT: {"confirm_split", "cancel"},
    Mode.SEARCH: {"cancel"},
}
_SEGMENT_ACTIONS = {
    "edit",
    "approve",
    "approve_here",
    "reject",
    "revert",
    "toggle_boilerplate",
    "merge",
    "split",
    "lookup",
}


class SegmentScreen(StoreScreen[None]):
    """Review one document: move, edit, approve, reject, revert, merge and split segments."""

    BINDING_GROUP_TITLE = "Segments"

    # fmt: off
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "edit", "Edit", tooltip="Edit the target", id="edit"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the target as a new version", id="save"),
        Binding("escape", "cancel", "Cancel", tooltip="Cancel the edit, split or search",
                id="cancel"),
        Binding("escape", "show_all", "Show all", tooltip="Clear the search and the filter; "
                "escape again goes back to the documents", id="show_all"),
        Binding("enter", "confirm_split", "Split here", tooltip="Split the target at the cursor",
                id="confirm_split"),
        Binding("ctrl+a", "select_target", "Select all", tooltip="Select the whole target; "
                "typing replaces it", id="select_target", priority=True),
        Binding("ctrl+l", "clear_target", "Clear", tooltip="Empty the target to type a new one",
                id="clear_target"),
        Binding("a", "approve", "Approve", tooltip="Approve, then go to the next segment "
                "needing work", id="approve"),
        Binding("A", "approve_here", "Approve here", tooltip="Approve and stay on the segment",
                id="approve_here", show=False),
        Binding("r", "reject", "Reject", tooltip="Reject the target, with an optional comment",
                id="reject"),
        Binding("u", "revert", "Revert", tooltip="Make the previous version current again",
                id="revert"),
        Binding("n", "next_needing_work", "Next", tooltip="Next segment not yet approved, in "
                "table order", id="next"),
        Binding("slash", "search", "Search", tooltip="Segments whose source or target contains "
                "a text", id="search"),
        Binding("f", "filter", "Filter", tooltip="One status, or the lowest MT confidence",
                id="filter"),
        Binding("o", "toggle_order", "Order", tooltip="Document order ⇄ lowest MT confidence "
                "first", id="order", show=False),
        Binding("b", "toggle_boilerplate", "Boilerplate", tooltip="Boilerplate (not "
                "translated) ⇄ translatable; asks first", id="boilerplate", show=False),
        Binding("m", "merge", "Merge", tooltip="Merge the paragraph's next segment into this "
                "one (a 2-1 bead)", id="merge"),
        Binding("s", "split", "Split", tooltip="Split the target in two (a 1-2 bead)",
                id="split"),
        Binding("ctrl+t", "add_word", "Add word", tooltip="Add the word at the cursor (or the "
                "first misspelt word) to the spelling dictionary", id="add_word", show=False),
        Binding("tab", "accept_word", "Accept word", tooltip="Take the next word of the "
                "completion (the engine's grey text after the cursor)", id="accept_word"),
        Binding("shift+tab", "accept_all", "Accept all", tooltip="Take the whole completion "
                "(→ at the end does too)", id="accept_all"),
        Binding("ctrl+o", "alternatives", "Alternatives", tooltip="The engine's best "
                "translations and its next words at the cursor; enter puts one in",
                id="alternatives"),
        Binding("ctrl+g", "lookup", "Look up", tooltip="A source word's glossary entries, "
                "concordance and dictionary entries", id="lookup", show=False),
        Binding("ctrl+r", "reload", "Reload", tooltip="Read the segments from the store again",
                id="reload", show=False),
        Binding("escape", "back", "Back", tooltip="Back to the documents", id="back", show=False),
    ]
    # fmt: on

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id
        self.query_state = Query(document_id)
        self.filter_choice = ALL
        self.mode = Mode.BROWSE
        self.view: SegmentView | None = None
        # The segment whose detail was last read (shown, or failed to read).
        self.detail_read: int | None = None
        self.working: Segment | None = None
        self.document: Document | None = None
        self.pending_mode: tuple[Mode, int] | None = None
        # Workers whose outcome the next key acts on: a change being stored, the rows loading.
        self.awaited: set[Worker[None]] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="segments-state")
        yield SegmentTable(id="segments")
        yield ConcordancePanel(id="concordance")
        yield SegmentDetail(id="detail")
        yield Input(
            placeholder="search source and target (enter applies, empty clears)", id="search"
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = f"Document {self.document_id}"
        self.sub_title = self.review.sub_title
        self.query_one(SegmentTable).focus()
        self.detail.target.cursor_blink = self.review.cursor_blink
        self.query_one("#search", Input).cursor_blink = self.review.cursor_blink
        # A watcher, not the table's Highlighted message: it runs inside the move, before
        # the frame that draws the moved cursor.
        self.watch(self.table, "cursor_row", self.cursor_moved, init=False)
        self.load_ids(self.query_state, None)

    @property
    def table(self) -> SegmentTable:
        """The segment table."""
        return self.query_one(SegmentTable)

    @property
    def detail(self) -> SegmentDetail:
        """The detail pane."""
        return self.query_one(SegmentDetail)

    # --- workers -----------------------------------------------------------------------

    @property
    def holds_keys(self) -> bool:
        """Whether keys typed now wait (see `workbench.review.keys`): for a change to be stored,
        so that the next action starts from it and not from the version before, and for the
        rows a key would act on."""
        return bool(self.awaited)

    def load_ids(self, query: Query, cursor_segment_id: int | None) -> None:
        """Read the ids a query shows, and the rows around the cursor; keys wait for them."""
        self.awaited.add(self._load_ids(query, cursor_segment_id))

    def commit(self, change: Change) -> None:
        """Commit a review action in a worker; keys wait for what happened."""
        self.awaited.add(self._commit(change))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker in self.awaited and event.state in _DONE:
            self.awaited.discard(event.worker)
            if not self.awaited:
                self.review.resume_keys()

    @work(thread=True, exclusive=True, group="ids", exit_on_error=False)
    def _load_ids(self, query: Query, cursor_segment_id: int | None) -> None:
        """Read the ids the table shows for a query, and the rows around the cursor."""
        with self.open_store() as store:
            document = store.documents.get(query.document_id)
            shown = segment_ids(store, query)
            # The first screenful comes with the ids: one round trip to the first paint.
            row = shown.index(cursor_segment_id) if cursor_segment_id in shown else 0
            rows = store.documents.segments_by_ids(shown[max(row - 10, 0) : row + FIRST_ROWS])
        if not get_current_worker().is_cancelled:
            self.post_message(SegmentIdsLoaded(document, shown, cursor_segment_id, rows))

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def load_rows(self, wanted: list[int]) -> None:
        """Read table rows a page at a time."""
        worker = get_current_worker()
        with self.open_store() as store:
            for start in range(0, len(wanted), ROWS_PER_READ):
                if worker.is_cancelled:
                    return
                self.post_message(
                    SegmentRowsLoaded(
                        store.documents.segments_by_ids(wanted[start : start + ROWS_PER_READ])
                    )
                )

    @work(thread=True, exclusive=True, group="spelling", exit_on_error=False)
    def preload_spelling(self) -> None:
        """Load QA and the spelling dictionaries (once per process) off the UI thread."""
        load_checks()

    @work(thread=True, exclusive=True, group="change", exit_on_error=False)
    def _commit(self, change: Change) -> None:
        """Commit a review action, or ask first, or report a conflict."""
        with self.open_store() as store:
            self.post_message(commit_change(store, change, self.review.reviewer))

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def load_concordance(self, phrase: str) -> None:
        """Read the store-wide hits for a searched phrase."""
        with self.open_store() as store:
            hits = list(store.search.concordance(phrase, limit=CONCORDANCE_LIMIT))
        if not get_current_worker().is_cancelled:
            self.post_message(ConcordanceLoaded(phrase, hits))

    @work(thread=True, exclusive=True, group="alternatives", exit_on_error=False)
    def find_alternatives(self, target: CompletionTarget, typed: str) -> None:
        """Ask the engine for its n-best translations and next words (a beam: off the UI)."""
        found = alternatives(target, typed)
        if not get_current_worker().is_cancelled:
            self.post_message(AlternativesFound(found))

    @work(thread=True, exclusive=True, group="next", exit_on_error=False)
    def find_next(self, query: Query, shown_ids: list[int], row: int) -> None:
        """Find the next segment needing work after a row."""
        with self.open_store() as store:
            found = next_needing_work(store, query, shown_ids, row)
        self.post_message(NextFound(found))

    # --- message handlers --------------------------------------------------------------

    def on_segment_ids_loaded(self, message: SegmentIdsLoaded) -> None:
        document = self.document = message.document
        self.title = f"{document.title} · {document.source_lang}→{document.target_lang}"
        self.table.add_segments(message.rows)
        self.table.show_segment_ids(message.segment_ids, message.cursor_segment_id)
        self._show_state()
        if not message.segment_ids:
            self.view = None
            self.detail.show(None, self.review.clock())
        self.refresh_bindings()
        # Once the rows are drawn: the first save then waits for no check to load.
        self.call_after_refresh(self.preload_spelling)

    def on_segment_table_rows_needed(self, message: SegmentTable.RowsNeeded) -> None:
        self.load_rows(message.segment_ids)

    def on_segment_rows_loaded(self, message: SegmentRowsLoaded) -> None:
        self.table.add_segments(message.segments)

    def cursor_moved(self) -> None:
        """Show the new row's detail within the move, so both are drawn in the same frame."""
        segment_id = self.table.highlighted_segment_id
        self.pending_mode = None
        if self.working is not None:
            if segment_id != self.working.id:
                row = self.table.row_of(self.working.id)
                if row is not None:
                    self.table.cursor_row = row
                self.notify("Save (ctrl+s) or cancel (escape) the edit first.", severity="warning")
            return
        if segment_id is not None:
            self.show_detail(segment_id)

    @on(LineTable.Highlighted, "#segments")
    def segment_highlighted(self) -> None:
        # Also posted when rows change under the cursor (first load, a new query); a move has
        # shown its detail already, in `cursor_moved`.
        segment_id = self.table.highlighted_segment_id
        if self.working is None and segment_id is not None and segment_id != self.detail_read:
            self.show_detail(segment_id)

    def show_detail(self, segment_id: int) -> None:
        """Read a segment's detail from the screen's store and show it, before the next frame."""
        self.detail_read = segment_id
        try:
            view = read_view(self.reader, segment_id)
        except Exception as error:  # reported as a failed worker's would be
            self.review.report_failure(error)
            return
        self.table.add_segments([view.segment])
        if self.working is not None or view.segment.id != self.table.highlighted_segment_id:
            return
        self.view = view
        self.detail.show(view, self.review.clock())
        if self.pending_mode is not None and self.pending_mode[1] == view.segment.id:
            self._begin(self.pending_mode[0], view.segment)
        self.pending_mode = None

    def on_segment_changed(self, message: SegmentChanged) -> None:
        view = message.view
        if message.action == ChangeKind.ADD_WORD and self.working is not None:
            # The reviewer is still typing: only the underlines change.
            self.detail.mark_misspelt(view)
            self.notify(message.note)
            return
        self.table.add_segments([view.segment])
        if self.working is not None and self.working.id == view.segment.id:
            self._leave_mode()
        if view.segment.id == self.table.highlighted_segment_id and self.working is None:
            self.view = view
            self.detail.show(view, self.review.clock())
        if message.restructured:
            self.load_ids(self.query_state, view.segment.id)
        self.notify(message.note)
        if message.advance and view.segment.id == self.table.highlighted_segment_id:
            self.action_next_needing_work()

    def on_approval_questioned(self, message: ApprovalQuestioned) -> None:
        def answered(approve: bool | None) -> None:
            if approve:
                self.commit(
                    Change(
                        ChangeKind.APPROVE,
                        message.segment_id,
                        message.base_translation_id,
                        confirmed=True,
                        advance=message.advance,
                    )
                )

        details = [f"{flag.code}: {flag.message}" for flag in message.flags]
        self.app.push_screen(
            ConfirmScreen(f"Segment {message.segment_id} has QA errors. Approve anyway?", details),
            answered,
        )

    def on_conflict_found(self, message: ConflictFound) -> None:
        def answered(choice: str | None) -> None:
            if choice == "mine":
                self.commit(
                    Change(
                        ChangeKind.SAVE,
                        message.segment_id,
                        message.theirs_translation_id,
                        text=message.mine,
                    )
                )
            elif choice == "theirs" or self.working is None:
                self._leave_mode()
                self.show_detail(message.segment_id)
            # Closed: the reviewer's edit is still open, as it was (and kept in history).

        # Mine was written for the source as it was; after a merge it would leave sentences
        # of the source without a translation.
        regrouped = self.working is not None and self.working.source != message.source
        self.app.push_screen(
            ConflictScreen(
                message.segment_id,
                message.mine,
                message.theirs,
                can_overwrite=message.can_overwrite and not regrouped,
                regrouped=regrouped,
            ),
            answered,
        )

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

    def on_next_found(self, message: NextFound) -> None:
        row = self.table.row_of(message.segment_id) if message.segment_id is not None else None
        if row is None:
            self.notify("Nothing left to review in this view.")
            return
        self.table.cursor_row = row

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self._leave_mode()
        phrase = event.value.strip()
        self._requery(replace(self.query_state, search=phrase or None))
        self.set_class(bool(phrase), "-concordance")
        if phrase:
            self.load_concordance(phrase)

    def on_concordance_loaded(self, message: ConcordanceLoaded) -> None:
        if message.phrase == self.query_state.search:
            self.query_one(ConcordancePanel).show_hits(message.phrase, message.hits)

    # --- private helpers ---------------------------------------------------------------

    def _show_state(self) -> None:
        query = self.query_state
        order = "lowest MT confidence first" if query.order == "score" else "document order"
        parts = [
            f"{self.table.row_count} segments",
            f"filter: {self.filter_choice}",
            f"order: {order}",
        ]
        if query.search:
            parts.append(f"search: {query.search!r}")
        self.query_one("#segments-state", Static).update(Content(" · ".join(parts)))

    def _requery(self, query: Query) -> None:
        self.query_state = query
        self.load_ids(query, self.table.highlighted_segment_id)

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

    def _change(
        self,
        kind: ChangeKind,
        segment: Segment | None,
        *,
        text: str | None = None,
        comment: str | None = None,
        offset: int = 0,
        translatable: bool = True,
        advance: bool = False,
    ) -> None:
        if segment is None:
            return
        self.commit(
            Change(
                kind,
                segment.id,
                segment.translation_id,
                text=segment.target or "" if text is None else text,
                comment=comment,
                offset=offset,
                translatable=translatable,
                advance=advance,
            )
        )

    # --- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.mode != Mode.BROWSE:
            return action in _MODE_ACTIONS[self.mode]
        if action in (
            "save",
            "cancel",
            "confirm_split",
            "select_target",
            "clear_target",
            "alternatives",
            "accept_word",
            "accept_all",
        ):
            return False
        if action == "show_all":
            # Escape clears a search or filter first, and only then leaves the document.
            query = self.query_state
            return bool(query.search or query.status or query.low_confidence)
        # Only the row count decides, so moving the cursor never redraws the footer.
        if action in _SEGMENT_ACTIONS and not self.table.row_count:
            return None
        return True

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

    def action_show_all(self) -> None:
        self.filter_choice = ALL
        self.remove_class("-concordance")
        self._requery(replace(self.query_state, search=None, status=None, low_confidence=False))

    def action_back(self) -> None:
        self.review.show_documents()

    def action_approve(self) -> None:
        self._change(ChangeKind.APPROVE, self.current, advance=True)

    def action_approve_here(self) -> None:
        self._change(ChangeKind.APPROVE, self.current)

    def action_select_target(self) -> None:
        self.detail.target.select_all()

    def action_clear_target(self) -> None:
        self.detail.target.clear()

    def action_reject(self) -> None:
        segment = self.current

        def answered(comment: str | None) -> None:
            if comment is not None:
                self._change(ChangeKind.REJECT, segment, comment=comment or None)

        self.app.push_screen(
            CommentScreen("Reject this target? Say why (optional).", "what is wrong with it"),
            answered,
        )

    def action_revert(self) -> None:
        self._change(ChangeKind.REVERT, self.current)

    def action_toggle_boilerplate(self) -> None:
        segment = self.current
        if segment is None:
            return
        question = (
            f"Make segment {segment.id} translatable? It will need a translation and count as work."
            if not segment.translatable
            else f"Mark segment {segment.id} as boilerplate? It will not be translated, "
            "reviewed or exported."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(ChangeKind.BOILERPLATE, segment, translatable=not segment.translatable)

        self.app.push_screen(ConfirmScreen(question, [segment.source]), answered)

    def action_merge(self) -> None:
        self._change(ChangeKind.MERGE, self.current)

    def action_split(self) -> None:
        self._begin_when_shown(Mode.SPLIT)

    def action_confirm_split(self) -> None:
        self._change(ChangeKind.SPLIT, self.working, offset=self.detail.cursor_offset)

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

    def action_lookup(self) -> None:
        segment = self.working or self.current
        document = self.document
        if segment is None or document is None:
            return
        self.app.push_screen(
            LookupScreen(segment.source, document.source_lang, document.target_lang)
        )

    def action_next_needing_work(self) -> None:
        if self.table.row_count:
            self.find_next(self.query_state, self.table.segment_ids, self.table.cursor_row)

    def action_search(self) -> None:
        self._enter_mode(Mode.SEARCH)
        search = self.query_one("#search", Input)
        search.value = self.query_state.search or ""
        search.focus()

    def action_filter(self) -> None:
        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            self.filter_choice = choice
            status = None if choice in (ALL, LOW_CONFIDENCE) else SegmentStatus(choice)
            self._requery(
                replace(self.query_state, status=status, low_confidence=choice == LOW_CONFIDENCE)
            )

        self.app.push_screen(FilterScreen(self.filter_choice), chosen)

    def action_toggle_order(self) -> None:
        order = "position" if self.query_state.order == "score" else "score"
        self._requery(replace(self.query_state, order=order))

    def action_reload(self) -> None:
        self.detail_read = None  # the detail is read again too
        self.table.forget_rows()
        self._requery(self.query_state)
