"""The statistics screen: progress by status and post-editing effort per document and reviewer.

Effort (HTER, chrF, character edits, time to approval) is measured at each approval and
summed up by the store (`store.effort.summary`); the plot shows mean HTER per document, the
reviewer's share of rewriting.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from workbench.measures import EDIT_KINDS_NOTE, GroupEffort, edit_kinds
from workbench.review.display import duration
from workbench.review.messages import StatsLoaded
from workbench.review.screens.base import StoreScreen

# Document titles are cut to this many characters under the plot's bars.
BAR_LABEL_WIDTH = 18
# The chart is laid out for at least this many documents.
MIN_BAR_SLOTS = 4


class StatsScreen(StoreScreen[None]):
    """Counts by status, and effort between MT and approved text."""

    TITLE = "Statistics"
    BINDING_GROUP_TITLE = "Statistics"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reload", "Reload", tooltip="Compute the statistics again", id="reload"),
        Binding("escape", "back", "Documents", tooltip="Back to the documents", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="stats-counts")
        table: DataTable[str] = DataTable(id="effort", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            "by",
            "name",
            "approved",
            "HTER",
            "chrF",
            "char edits",
            "unchanged",
            "median to approval",
        )
        yield table
        yield PlotextPlot(id="effort-plot")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.review.sub_title
        self.action_reload()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def load_stats(self) -> None:
        """Read the status counts and the effort the store aggregates."""
        with self.open_store() as store:
            counts = store.documents.status_counts()
            summary = store.effort.summary()
        self.post_message(StatsLoaded(counts, summary))

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        counts = " · ".join(f"{status} {count}" for status, count in message.status_counts.items())
        summary = message.summary
        kinds = " · ".join(f"{label} {count}" for label, count in edit_kinds(summary.overall))
        self.query_one("#stats-counts", Static).update(
            Content(
                f"Translatable segments: {counts}\n"
                f"Approved after MT or memory {summary.overall.segments} — {kinds} "
                f"({EDIT_KINDS_NOTE})"
            )
        )
        table = self.query_one("#effort", DataTable)
        table.clear()
        for by, groups in (
            ("all", (summary.overall,)),
            ("document", summary.per_document),
            ("reviewer", summary.per_reviewer),
        ):
            for group in groups:
                table.add_row(by, *_cells(group))
        self._plot(summary.per_document)

    def _plot(self, documents: tuple[GroupEffort, ...]) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if documents:
            plt.bar(
                [_label(group.name) for group in documents],
                [group.mean_ter for group in documents],
                width=0.4,
            )
            # Bars sit at x = 1…n; room for a few keeps one document from filling the screen.
            plt.xlim(0, max(len(documents), MIN_BAR_SLOTS) + 1)
            plt.title("Post-editing effort per document: mean HTER (0 = approved as MT)")
        else:
            plt.title("No approved segments yet: effort appears once segments are approved")
        plot.refresh()

    def action_reload(self) -> None:
        self.load_stats()

    def action_back(self) -> None:
        self.review.show_documents()


def _cells(group: GroupEffort) -> list[str]:
    if not group.segments:
        return [group.name, "0", "—", "—", "—", "—", "—"]
    return [
        group.name,
        str(group.segments),
        f"{group.mean_ter:.1f}",
        f"{group.mean_chrf:.1f}",
        f"{group.mean_char_distance:.1f}",
        f"{group.share_unchanged:.0%}",
        duration(group.median_seconds_to_approval),
    ]


def _label(name: str) -> str:
    return name if len(name) <= BAR_LABEL_WIDTH else name[: BAR_LABEL_WIDTH - 1] + "…"
