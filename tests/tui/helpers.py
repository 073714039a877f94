"""What the TUI tests share: a small review store built through the store API, and waiting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.geometry import Region
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from workbench.records import (
    Bead,
    Flag,
    NewSegment,
    NewTranslation,
    Origin,
    SegmentKind,
    Severity,
)
from workbench.review.screens.segments import SegmentScreen
from workbench.store import Store

# (paragraph, kind, Swedish source, English MT, MT score); written for these tests.
ARTICLE = [
    (0, SegmentKind.TITLE, "Nytt bibliotek öppnar i Umeå", "New library opens in Umeå", -0.21),
    (1, SegmentKind.BODY, "Biblioteket har fyra våningar.", "The library has four floors.", -0.35),
    (1, SegmentKind.BODY, "Det kostade 120 miljoner kronor.", "It cost 210 million kronor.", -1.40),
    (
        1,
        SegmentKind.BODY,
        "Arkitekten heter Sara Lind.",
        "The architect is called Sara Lind.",
        -0.52,
    ),
    (
        2,
        SegmentKind.BODY,
        "Barnavdelningen ligger på bottenvåningen.",
        "The children's section is on the ground floor.",
        -0.18,
    ),
    (2, SegmentKind.CAPTION, "Foto: Erik Berg", "Photo: Erik Berg", -0.95),
    (3, SegmentKind.BOILERPLATE, "Dela artikeln", None, None),
]
# QA flags by index in ARTICLE: one error (approval asks first) and one warning.
FLAGS = {
    1: (Flag("length", Severity.WARNING, "target is much shorter than usual"),),
    2: (Flag("numbers", Severity.ERROR, "120 became 210", 9, 12),),
}

ALIGN_SOURCE = [
    "Vi reste till Kiruna.",
    "Där var det kallt.",
    "Snön låg kvar i maj.",
    "Tåget var sent.",
]
ALIGN_TARGET = [
    "We travelled to Kiruna.",
    "It was cold there.",
    "The snow stayed until May.",
    "A note from the editor.",
]


@dataclass(frozen=True, slots=True)
class ReviewStore:
    """Ids of what `build_review_store` made."""

    path: Path
    article_id: int
    article_segment_ids: list[int]
    source_id: int
    target_id: int


def build_review_store(path: Path) -> ReviewStore:
    """A store with a translated article and an aligned document pair."""
    with Store.open(path) as store:
        article, _ = store.documents.add(
            path="library.txt",
            title="Nytt bibliotek",
            sha256="library",
            source_lang="sv",
            target_lang="en",
            segments=[
                NewSegment(
                    paragraph, index, source, " ", kind, "sv", 0.99, kind != SegmentKind.BOILERPLATE
                )
                for index, (paragraph, kind, source, _, _) in enumerate(ARTICLE)
            ],
        )
        segment_ids = store.documents.segment_ids(article.id)
        store.reviews.record_translations(
            [
                NewTranslation(
                    segment_id,
                    mt,
                    Origin.MT,
                    score=score,
                    engine="test",
                    model_id="test",
                    flags=FLAGS.get(number, ()),
                )
                for number, (segment_id, (_, _, _, mt, score)) in enumerate(
                    zip(segment_ids, ARTICLE, strict=True)
                )
                if mt is not None
            ]
        )
        store.memory.record_suggestions(
            [
                (
                    segment_ids[1],
                    "Biblioteket har tre våningar.",
                    "The library has three floors.",
                    91.0,
                )
            ]
        )
        source, _ = store.documents.add(
            path="trip.sv.txt",
            title="Resan",
            sha256="trip-sv",
            source_lang="sv",
            target_lang="en",
            segments=_sentences(ALIGN_SOURCE, "sv"),
        )
        target, _ = store.documents.add(
            path="trip.en.txt",
            title="The trip",
            sha256="trip-en",
            source_lang="sv",
            target_lang="en",
            role="target",
            segments=_sentences(ALIGN_TARGET, "en"),
        )
        s_ids, t_ids = (
            store.documents.segment_ids(source.id),
            store.documents.segment_ids(target.id),
        )
        store.beads.replace(
            source.id,
            target.id,
            [
                Bead((s_ids[0],), (t_ids[0],), 0.9, "test"),
                Bead((s_ids[1], s_ids[2]), (t_ids[1],), 0.6, "test"),
                Bead((), (t_ids[2],), 0.2, "test"),
                Bead((s_ids[3],), (), 0.1, "test"),
                Bead((), (t_ids[3],), 0.1, "test"),
            ],
            "aligner",
        )
    return ReviewStore(path, article.id, segment_ids, source.id, target.id)


def _sentences(texts: list[str], lang: str) -> list[NewSegment]:
    return [
        NewSegment(0, index, text, " ", SegmentKind.BODY, lang, 0.99, True)
        for index, text in enumerate(texts)
    ]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and every message they posted has been handled."""
    for _ in range(100):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue  # an exclusive worker replaced by a newer one: wait for that one instead
        await pilot.pause()
        if not len(pilot.app.workers):
            await pilot.pause()
            if not len(pilot.app.workers):
                return
    raise AssertionError("the app kept starting workers")


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press `keys`, then `settle`: what a test does before it looks at the screen."""
    await pilot.press(*keys)
    await settle(pilot)


def shown_section(screen: SegmentScreen, title_start: str) -> tuple[str, str]:
    """The detail pane's section (Source, Target, History…) as shown: its title and its text."""
    section = screen.detail.section(title_start)
    assert section is not None, f"no {title_start} section shown"
    return section.title, section.body.plain if section.body is not None else ""


def type_at_once(pilot: Pilot[None], *keys: str) -> None:
    """Send key presses as a fast typist's burst arrives: all queued before any is handled.

    (`Pilot.press` waits until the app is idle after each key, which hides what a burst does.)
    """
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        character = key if len(key) == 1 else None
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        driver.send_message(event)


def shown_rows(pilot: Pilot[None], region: Region) -> list[str]:
    """The text the terminal shows in a screen region, row by row, as the reviewer reads it."""
    # The compositor's frame is what the driver writes; a widget's own lines may be cut by it.
    strips = pilot.app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


async def help_rows(pilot: Pilot[None]) -> list[str]:
    """Every row of the open help screen's key list as shown (less trailing blanks), scrolled."""
    from textual.containers import VerticalScroll

    keys = pilot.app.screen.query_one("#help-keys", VerticalScroll)
    region = keys.scrollable_content_region
    rows: list[str] = []
    for y in range(0, keys.max_scroll_y + region.height, region.height):
        keys.scroll_to(y=y, animate=False, immediate=True)
        await pilot.pause()
        top = min(y, keys.max_scroll_y)
        # The last page may overlap the one before it.
        rows[top:] = [row.rstrip() for row in shown_rows(pilot, region)]
    return rows
