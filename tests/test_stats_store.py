"""The store's effort aggregate equals the per-segment computation `stats` used to run.

The reference below is the old path: select every approved segment's first MT/TM text, final
text and times, measure each with `workbench.measures`, then take means and medians in Python.
"""

from __future__ import annotations

import sqlite3
import statistics
from pathlib import Path

import pytest

from workbench.measures import (
    UNKNOWN_REVIEWER,
    EffortSummary,
    GroupEffort,
    edit_effort,
    seconds_to_approval,
)
from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind
from workbench.store import Store
from workbench.store.schema import MIGRATIONS

SENTENCES = (
    "Staden bygger en ny bro.",
    "Bron blir klar i vår.",
    "Kommunen betalar.",
    "Invånarna är nöjda.",
    "Trafiken flyttas under tiden.",
    "Arbetet börjar i maj.",
)


def _reference(store: Store, document_id: int | None = None) -> EffortSummary:
    where, params = "s.status = 'approved'", []
    if document_id is not None:
        where += " AND s.document_id = ?"
        params.append(document_id)
    rows = store.conn.execute(
        f"""
        SELECT d.title, s.reviewer, m.text, t.text, m.created, s.reviewed_at
        FROM segments s
        JOIN documents d ON d.id = s.document_id
        JOIN translations t ON t.id = s.current_translation_id
        JOIN translations m ON m.id = (SELECT min(id) FROM translations x
            WHERE x.segment_id = s.id AND x.origin IN ('mt', 'tm'))
        WHERE {where}
        """,
        params,
    ).fetchall()
    groups: dict[tuple[str, str], list[tuple[float, float, int, bool, float]]] = {}
    for title, reviewer, mt, final, translated_at, approved_at in rows:
        effort = edit_effort(mt, final)
        figures = (
            effort.ter,
            effort.chrf,
            effort.char_distance,
            effort.unchanged,
            seconds_to_approval(translated_at, approved_at),
        )
        for key in (
            ("all", "all"),
            ("document", title),
            ("reviewer", reviewer or UNKNOWN_REVIEWER),
        ):
            groups.setdefault(key, []).append(figures)

    def group(key: tuple[str, str]) -> GroupEffort:
        members = groups.get(key, [])
        if not members:
            return GroupEffort(key[1], 0, 0.0, 0.0, 0.0, 0.0, 0.0)
        columns = list(zip(*members, strict=True))
        return GroupEffort(
            key[1],
            len(members),
            statistics.fmean(columns[0]),
            statistics.fmean(columns[1]),
            statistics.fmean(columns[2]),
            sum(columns[3]) / len(members),
            statistics.median(columns[4]),
        )

    return EffortSummary(
        overall=group(("all", "all")),
        per_document=tuple(group(k) for k in sorted(groups) if k[0] == "document"),
        per_reviewer=tuple(group(k) for k in sorted(groups) if k[0] == "reviewer"),
    )


def _assert_same(actual: EffortSummary, expected: EffortSummary) -> None:
    pairs = [(actual.overall, expected.overall)]
    assert [g.name for g in actual.per_document] == [g.name for g in expected.per_document]
    assert [g.name for g in actual.per_reviewer] == [g.name for g in expected.per_reviewer]
    pairs += zip(actual.per_document, expected.per_document, strict=True)
    pairs += zip(actual.per_reviewer, expected.per_reviewer, strict=True)
    for got, want in pairs:
        assert got.name == want.name and got.segments == want.segments
        # SQL sums floats in row order, fmean exactly: equal to display precision and beyond.
        for field in (
            "mean_ter",
            "mean_chrf",
            "mean_char_distance",
            "share_unchanged",
            "median_seconds_to_approval",
        ):
            assert getattr(got, field) == pytest.approx(getattr(want, field), rel=1e-9, abs=1e-9)


def _segment(paragraph: int, index: int, text: str) -> NewSegment:
    return NewSegment(paragraph, index, text, " ", SegmentKind.BODY, "sv", 0.99, True)


def _document(store: Store, number: int, title: str) -> list[int]:
    segments = [
        _segment(p, i, SENTENCES[(number + 2 * p + i) % len(SENTENCES)])
        for p in range(3)
        for i in range(2)
    ]
    document, _ = store.documents.add(
        path=f"doc{number}.txt",
        title=title,
        sha256=f"doc-{number}",
        source_lang="sv",
        target_lang="en",
        segments=segments,
    )
    stored = store.documents.segments(document.id, translatable_only=True)
    store.reviews.record_translations(
        [NewTranslation(s.id, f"MT {s.source} ({s.id})", Origin.MT) for s in stored]
    )
    return [s.id for s in stored]


def _current(store: Store, segment_id: int) -> int | None:
    return store.documents.segment(segment_id).translation_id


def _review_history(store: Store) -> None:
    """Edits, merges, rejections, reverts and re-approvals across four documents."""
    a = _document(store, 1, "Bron")
    b = _document(store, 2, "Bron")  # the same title: stats groups documents by title
    c = _document(store, 3, "Trafiken")
    # Document a: an edited approval, an untouched one, a merged lead and its approved member.
    store.reviews.save_edit(a[0], "The city builds a bridge.", "anna", _current(store, a[0]))
    store.reviews.approve(a[0], "anna")
    store.reviews.approve(a[1], "anna")
    store.reviews.approve(a[3], "erik")
    store.restructure.merge_with_next(
        a[2], "erik", _current(store, a[2])
    )  # a[3] joins a[2], stays approved
    store.reviews.approve(a[2], "erik")
    # Superseded approvals: edited afterwards, rejected, reverted; then approved again.
    store.reviews.approve(a[4], "anna")
    store.reviews.save_edit(a[4], "Work starts in May.", "erik", _current(store, a[4]))
    store.reviews.approve(a[5], "anna")
    store.reviews.reject(a[5], "erik", "terminology")
    store.reviews.save_edit(b[0], "A first try.", "sara", _current(store, b[0]))
    store.reviews.approve(b[0], "sara")
    store.reviews.revert(b[0], "sara", _current(store, b[0]))
    store.reviews.approve(b[1], "sara")
    store.reviews.save_edit(b[1], "A second try.", "sara", _current(store, b[1]))
    store.reviews.approve(b[1], "anna")
    # Bulk approval, and a segment approved with no MT behind it (human text only).
    store.reviews.approve_many(store.documents.segment(c[0]).document_id, c[:4], "sara")
    human, _ = store.documents.add(
        path="human.txt",
        title="Handskrivet",
        sha256="human",
        source_lang="sv",
        target_lang="en",
        segments=[_segment(0, 0, "Hej.")],
    )
    only = store.documents.segments(human.id)[0].id
    store.reviews.save_edit(only, "Hello.", "anna", None)
    store.reviews.approve(only, "anna")


def test_aggregate_equals_per_segment_computation(store: Store) -> None:
    _review_history(store)
    expected = _reference(store)
    # a: two approved, the merged lead and its member; b: the re-approval; c: the bulk four.
    assert expected.overall.segments == 9
    assert [g.name for g in expected.per_reviewer] == ["anna", "erik", "sara"]
    assert [(g.name, g.segments) for g in expected.per_document] == [("Bron", 5), ("Trafiken", 4)]
    _assert_same(store.effort.summary(), expected)
    for document in store.documents.summaries():
        _assert_same(
            store.effort.summary(document.document.id), _reference(store, document.document.id)
        )


def test_superseded_approvals_do_not_count(store: Store) -> None:
    ids = _document(store, 1, "Bron")
    store.reviews.approve(ids[0], "anna")
    store.reviews.approve(ids[1], "anna")
    store.reviews.save_edit(ids[0], "Changed after approval.", "erik", _current(store, ids[0]))
    store.reviews.reject(ids[1], "erik")
    assert store.effort.summary().overall.segments == 0
    store.reviews.approve(ids[0], "erik")
    summary = store.effort.summary()
    assert [(g.name, g.segments) for g in summary.per_reviewer] == [("erik", 1)]
    assert summary.overall.mean_ter == pytest.approx(
        edit_effort(f"MT {SENTENCES[1]} ({ids[0]})", "Changed after approval.").ter
    )


def test_migration_backfills_approvals_made_before_it(store_path: Path) -> None:
    with Store.open(store_path) as store:
        _review_history(store)
        before = store.effort.summary()
        assert UNKNOWN_REVIEWER not in [g.name for g in before.per_reviewer]
    with sqlite3.connect(store_path) as conn:
        conn.execute("DROP TABLE approval_effort")
        conn.execute("DROP INDEX documents_title")
        conn.execute("DROP TRIGGER approval_effort_superseded")
        # back to before the effort migration, and the ones after it undone too
        conn.execute("DROP TABLE document_originals")
        conn.execute("DROP INDEX login_attempts_client")
        conn.execute("DROP INDEX login_attempts_time")
        conn.execute("ALTER TABLE login_attempts DROP COLUMN client")
        effort = [migration.__name__ for migration in MIGRATIONS].index("_approval_effort")
        conn.execute(f"PRAGMA user_version = {effort}")
        # An approval from before reviewers were recorded.
        first = conn.execute("SELECT min(id) FROM segments WHERE status = 'approved'").fetchone()
        conn.execute("UPDATE segments SET reviewer = NULL WHERE id = ?", first)
    with Store.open(store_path) as store:
        after = store.effort.summary()
        _assert_same(after, _reference(store))
        assert after.overall == before.overall
        assert UNKNOWN_REVIEWER in [g.name for g in after.per_reviewer]
        assert not [problem for problem in store.check() if "effort" in problem]


def test_check_names_an_approval_without_effort_figures(store: Store) -> None:
    ids = _document(store, 1, "Bron")
    store.reviews.approve(ids[0], "anna")
    with store.write() as conn:
        conn.execute("DELETE FROM approval_effort WHERE segment_id = ?", (ids[0],))
    assert store.check() == [f"segment {ids[0]}: approved segment has no effort figures"]


def test_check_names_effort_figures_that_outlived_their_approval(store: Store) -> None:
    ids = _document(store, 1, "Bron")
    store.reviews.approve(ids[0], "anna")
    with store.write() as conn:
        conn.execute("DROP TRIGGER approval_effort_superseded")
    store.reviews.reject(ids[0], "erik")
    assert store.check() == [f"segment {ids[0]}: effort figures outlived their approval"]
