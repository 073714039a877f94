"""The segment screen: the document's segments as a table, the highlighted one in detail.

Actions only check the UI state and start a worker (`segment_workers`); workers open their own
`Store`, commit at once, and post what happened back (`review/messages.py`). Edit and split
modes are `segment_editing`'s, the keys `segment_keys`'. The detail of the highlighted segment
is read on the UI thread from the screen's open store (under a millisecond), so it is drawn in
the same frame as the cursor that asked for it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Footer, Header, Input, Static

from workbench.records import Document, SegmentStatus
from workbench.review.actions import Change, ChangeKind, Query, read_view
from workbench.review.messages import (
    ApprovalQuestioned,
    ConcordanceLoaded,
    ConflictFound,
    NextFound,
    SegmentChanged,
    SegmentIdsLoaded,
    SegmentRowsLoaded,
)
from workbench.review.screens.comment import CommentScreen
from workbench.review.screens.confirm import ConfirmScreen
from workbench.review.screens.conflict import ConflictScreen
from workbench.review.screens.filter import ALL, LOW_CONFIDENCE, FilterScreen
from workbench.review.screens.lookup import LookupScreen
from workbench.review.screens.segment_editing import SegmentEditing
from workbench.review.screens.segment_keys import (
    BROWSE_HIDDEN,
    MODE_ACTIONS,
    SEGMENT_ACTIONS,
    SEGMENT_BINDINGS,
    Mode,
)
from workbench.review.widgets.concordance import ConcordancePanel
from workbench.review.widgets.line_table import LineTable
from workbench.review.widgets.segment_detail import SegmentDetail, SegmentView
from workbench.review.widgets.segment_table import SegmentTable


class SegmentScreen(SegmentEditing):
    """Review one document: move, edit, approve, reject, revert, merge and split segments."""

    BINDING_GROUP_TITLE = "Segments"
    BINDINGS: ClassVar[list[BindingType]] = SEGMENT_BINDINGS

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id
        self.query_state = Query(document_id)
        self.filter_choice = ALL
        self.view: SegmentView | None = None
        # The segment whose detail was last read (shown, or failed to read).
        self.detail_read: int | None = None
        self.document: Document | None = None

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

    # --- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.mode != Mode.BROWSE:
            return action in MODE_ACTIONS[self.mode]
        if action in BROWSE_HIDDEN:
            return False
        if action == "show_all":
            # Escape clears a search or filter first, and only then leaves the document.
            query = self.query_state
            return bool(query.search or query.status or query.low_confidence)
        # Only the row count decides, so moving the cursor never redraws the footer.
        if action in SEGMENT_ACTIONS and not self.table.row_count:
            return None
        return True

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
