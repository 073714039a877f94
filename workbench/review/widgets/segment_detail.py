"""The detail pane of one segment: source, MT, the editable target, flags, memory, history.

It shows a `SegmentView` its screen read in a worker, and owns the TextArea's edit and
split modes; saving is the screen's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import TextArea

from workbench.ingest.controls import visible
from workbench.records import Event, Flag, Segment, Translation
from workbench.review.display import ago, score_text, status_text
from workbench.review.widgets.sections import Section, Sections
from workbench.review.widgets.target_editor import TargetEditor
from workbench.translate.memory import diff
from workbench.translate.signatures import rules_applied

# Review events worth a line in the history; edits and reverts show as versions already.
_SHOWN_EVENTS = frozenset(
    {"approve", "reject", "merge", "unmerge", "split", "boilerplate", "translatable", "conflict"}
)
# Where a target most plausibly splits in two: after a sentence end followed by a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s+")


@dataclass(frozen=True, slots=True)
class SegmentView:
    """Everything the detail pane shows about one segment, read in one go."""

    segment: Segment
    mt: Translation | None
    history: tuple[Translation, ...]
    flags: tuple[Flag, ...]
    suggestions: tuple[tuple[str, str, float], ...]
    events: tuple[Event, ...]
    bead_type: str
    repetitions: int = 0  # other segments with the same normalised source
    target_parts: tuple[str, ...] = ()  # the target as the reviewer split it into sentences
    approval: tuple[str, str] | None = None  # (who, when) while the segment is approved


SPELLING_CODES = frozenset({"spelling", "spelling-variant"})


def word_diff(before: str, after: str) -> Content:
    """`after` with words missing from `before` marked inserted and dropped words struck."""
    styles = {"equal": "", "delete": "$text-error strike", "insert": "$text-success underline"}
    parts: list[Content | tuple[str, str]] = []
    previous = "equal"
    for op, text in diff(before, after):
        if previous == "delete" and op == "insert":
            # A replacement reads as two words, not one run-together string.
            parts.append(Content(" "))
        parts.append((text, styles[op]))
        previous = op
    return Content.assemble(*parts)


def word_at(text: str, offset: int) -> str | None:
    """The word touching character `offset` of `text` (cursor just after it counts)."""
    # Words as the spelling check splits them; it loads only when a word is asked for.
    from workbench.quality.spelling import WORD

    for match in WORD.finditer(text):
        if match.start() <= offset <= match.end():
            return match.group()
    return None


def split_point(text: str) -> int:
    """The first sentence boundary inside `text` (after its space), else its end."""
    for match in _SENTENCE_END.finditer(text):
        if text[match.end() :].strip():
            return match.end()
    return len(text)


class SegmentDetail(Horizontal):
    """Two columns: source, MT and target on the left; flags, memory and history on the right."""

    _shown_target = ""
    _main_sections: tuple[Section, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-left"):
            yield Sections(id="detail-main")
            # Browsing shows the target as text; the editor appears only to edit or split it,
            # so moving through segments never pays for a TextArea redraw.
            yield TargetEditor(id="target", read_only=True, soft_wrap=True, compact=True)
        yield Sections(id="detail-side")

    def on_mount(self) -> None:
        # Found once: a DOM query per cursor move would cost more than the update.
        self._main = self.query_one("#detail-main", Sections)
        self._side = self.query_one("#detail-side", Sections)
        self._editor = self.query_one(TargetEditor)

    # --- public API --------------------------------------------------------------------

    @property
    def target(self) -> TargetEditor:
        """The target editor."""
        return self._editor

    @property
    def first_misspelt(self) -> str | None:
        """The first word of the shown target that the spelling check flagged."""
        return min(self._editor.misspelt, key=self._shown_target.find, default=None)

    @property
    def shown_target(self) -> str:
        """The stored target as the pane shows it outside edit and split modes."""
        return self._shown_target

    def section(self, title_start: str) -> Section | None:
        """The shown section whose title starts with `title_start` (Source, Target, History…)."""
        return self._main.section(title_start) or self._side.section(title_start)

    def show(self, view: SegmentView | None, now: datetime) -> None:
        """Fill the pane from a view (None clears it); leaves edit and split modes."""
        self.end_mode()
        self._shown_target = view.segment.target or "" if view else ""
        self.mark_misspelt(view)
        if view is None:
            self._main_sections = (Section("Source"), Section("Machine translation"))
            self._main_sections += (Section("Target"),)
            self._main.show(self._main_sections)
            self._side.show((Section("QA flags"), Section("Memory"), Section("History")))
            return
        segment = view.segment
        parts = view.target_parts
        approved = f" · by {view.approval[0]} {ago(view.approval[1], now)}" if view.approval else ""
        target_title = (
            f"Target · {status_text(segment)}{approved}"
            + (f" · {segment.origin}" if segment.origin else "")
            + (f" · repetition: {view.repetitions} more" if view.repetitions else "")
            + (f" · split in {len(parts)}" if len(parts) > 1 else "")
        )
        self._main_sections = (
            Section(
                f"Source · {segment.kind} · {segment.lang} "
                f"{segment.lang_prob:.2f} · segment {segment.id}",
                Content(visible(segment.source)),
            ),
            _mt_section(view),
            Section(target_title, _target(self._shown_target, view)),
        )
        self._main.show(self._main_sections)
        self._side.show(
            (
                Section("QA flags", _flags(view.flags)),
                Section("Memory", _suggestions(view.suggestions)),
                Section("History", _history(view, now)),
            )
        )

    def mark_misspelt(self, view: SegmentView | None) -> None:
        """Underline in the editor the words flagged in the view's stored target."""
        text = view.segment.target or "" if view else ""
        self._editor.mark_misspelt(frozenset(text[f.start : f.end] for f in _spelling(view)))

    def begin_edit(self) -> None:
        """Open the shown target in the editor, cursor at its end."""
        target = self._open_editor(
            "Target · editing — ctrl+s saves, escape cancels", "-editing", read_only=False
        )
        target.move_cursor(target.document.end)

    def begin_split(self) -> None:
        """Let the reviewer place the cursor where the target splits in two."""
        target = self._open_editor(
            "Target · split — move the cursor, enter splits, escape cancels",
            "-splitting",
            read_only=True,
        )
        target.move_cursor(location(target.text, split_point(target.text)))

    def end_mode(self) -> None:
        """Leave edit or split mode; the stored target shows again."""
        self._editor.end_completion()
        if self.has_class("-editing") or self.has_class("-splitting"):
            self.remove_class("-editing", "-splitting")
            self.target.read_only = True
            self._main.show(self._main_sections)

    @property
    def cursor_offset(self) -> int:
        """The target cursor as a character offset into the text."""
        target = self.target
        row, column = target.cursor_location
        return sum(len(line) + 1 for line in target.text.split("\n")[:row]) + column

    # --- private helpers ---------------------------------------------------------------

    def _open_editor(self, title: str, mode_class: str, *, read_only: bool) -> TextArea:
        # The target's title stays above the editor, which takes the place of its text.
        self._main.show((*self._main_sections[:-1], Section(title)))
        target = self.target
        target.load_text(self._shown_target)
        target.read_only = read_only
        self.add_class(mode_class)
        target.focus()
        return target


def _mt_section(view: SegmentView) -> Section:
    if view.mt is None:
        return Section(
            f"Machine translation · none · bead {view.bead_type}",
            Content.styled("—", "$text-muted"),
        )
    return Section(
        f"Machine translation · {view.mt.origin} · "
        f"score {score_text(view.mt.score, view.mt.origin)} · bead {view.bead_type}",
        Content(visible(view.mt.text)),
    )


def _target(stored: str, view: SegmentView) -> Content:
    if len(view.target_parts) > 1:
        # Split sentences stay visibly apart: one line each, as the bead holds them.
        return Content("\n").join(
            Content.assemble(("│ ", "$text-accent"), visible(p)) for p in view.target_parts
        )
    shown = visible(stored)
    # Underline spans index the stored text; a target shown with control marks has none.
    return _underlined(shown, _spelling(view)) if shown == stored else Content(shown)


def location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of character `offset` of `text` in a TextArea."""
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)


def _spelling(view: SegmentView | None) -> list[Flag]:
    if view is None:
        return []
    return [f for f in view.flags if f.code in SPELLING_CODES and f.start is not None and f.end]


def _underlined(text: str, flags: list[Flag]) -> Content:
    content = Content(text)
    for flag in flags:
        content = content.stylize("underline $text-warning", flag.start or 0, flag.end)
    return content


def _flags(flags: tuple[Flag, ...]) -> Content:
    if not flags:
        return Content.styled("none", "$text-muted")
    lines = [
        Content.assemble(
            (f"{flag.severity:<7}", f"$text-{_severity_colour(str(flag.severity))}"),
            (f" {flag.code}", "bold"),
            f"  {flag.message}",
        )
        for flag in flags
    ]
    return Content("\n").join(lines)


def _severity_colour(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "primary")


def _suggestions(suggestions: tuple[tuple[str, str, float], ...]) -> Content:
    if not suggestions:
        return Content.styled("none", "$text-muted")
    lines = [
        Content.assemble(
            (f"{score:3.0f}% ", "bold"),
            visible(source),
            ("\n   → ", "$text-muted"),
            visible(target),
        )
        for source, target, score in suggestions
    ]
    return Content("\n").join(lines)


def _history(view: SegmentView, now: datetime) -> Content:
    """Versions (diffed against the MT) and review events, newest first."""
    reference = view.mt.text if view.mt else None
    # (time, id) keys: newest first, and a stable order when a clock gives equal times.
    entries: list[tuple[tuple[str, int], Content]] = []
    # Versions are numbered per segment (v1 is its first target), as `segments --history` does.
    for number, version in enumerate(view.history, start=1):
        rules = rules_applied(version.signature)
        header = Content.assemble(
            (f"v{number} {version.origin}", "bold"),
            f" · post-edit rules {', '.join(map(str, rules))}" if rules else "",
            f" · {version.author or 'unknown'} · {ago(version.created, now)}",
            (" · current", "$text-success") if version.id == view.segment.translation_id else "",
        )
        body = (
            word_diff(reference, version.text)
            if reference is not None and version.origin != "mt"
            else Content(visible(version.text))
        )
        entries.append(((version.created, version.id), header + Content("\n  ") + body))
    for event in view.events:
        if event.action in _SHOWN_EVENTS:
            comment = f": {event.details}" if event.action == "reject" and event.details else ""
            entries.append(
                (
                    (event.time, event.id),
                    Content.assemble(
                        (event.action, "$text-accent"),
                        f" · {event.actor} · {ago(event.time, now)}{comment}",
                    ),
                )
            )
    if not entries:
        return Content.styled("no versions yet", "$text-muted")
    entries.sort(key=lambda entry: entry[0], reverse=True)
    return Content("\n").join(content for _, content in entries)
