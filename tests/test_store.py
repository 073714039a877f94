"""The store on real SQLite files: schema versions, history, conflicts, beads, backups."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from tests.support import add_sentences
from workbench.errors import ConflictError, InputError, StoreError
from workbench.export.render import load_article, render
from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind, SegmentStatus
from workbench.store import Store
from workbench.store import connection as store_connection
from workbench.store.schema import SCHEMA_VERSION


def _segments(*texts: str, boilerplate: tuple[int, ...] = ()) -> list[NewSegment]:
    return [
        NewSegment(
            paragraph=1 if i < 3 else 2,
            index=i if i < 3 else i - 3,
            source=text,
            gap=" ",
            kind=SegmentKind.BOILERPLATE if i in boilerplate else SegmentKind.BODY,
            lang="sv",
            lang_prob=0.99,
            translatable=i not in boilerplate,
        )
        for i, text in enumerate(texts)
    ]


def _add(store: Store, sha: str = "a" * 64, path: str = "doc.txt", **kwargs: object) -> int:
    document, added = store.documents.add(
        path=path,
        title="Titel",
        sha256=sha,
        source_lang="sv",
        target_lang="en",
        segments=_segments("Hej.", "Katten sover.", "Kommentar (0)", "Två.", boilerplate=(2,)),
        **kwargs,  # type: ignore[arg-type]
    )
    assert added
    return document.id


def _translate(store: Store, document_id: int) -> list[int]:
    ids = store.documents.segment_ids(document_id, translatable_only=True)
    store.reviews.record_translations(
        [NewTranslation(i, f"mt {i}", Origin.MT, score=-0.5, engine="ct2") for i in ids]
    )
    return ids


def test_new_store_has_current_schema_and_wal(store_path: Path) -> None:
    with Store.open(store_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 1000


def test_same_content_is_not_added_twice_and_changed_file_is_a_revision(store: Store) -> None:
    first = _add(store)
    again, added = store.documents.add(
        path="doc.txt",
        title="Titel",
        sha256="a" * 64,
        source_lang="sv",
        target_lang="en",
        segments=_segments("Hej."),
    )
    assert not added and again.id == first
    second = _add(store, sha="b" * 64)
    assert store.documents.get(second).revision == 2
    assert len(store.documents.summaries()) == 2


def test_record_translations_skips_segments_that_already_have_one(store: Store) -> None:
    document_id = _add(store)
    ids = _translate(store, document_id)
    again = store.reviews.record_translations([NewTranslation(ids[0], "other", Origin.MT)])
    assert again == 0
    assert store.documents.segment(ids[0]).target == f"mt {ids[0]}"
    assert [len(store.reviews.history(i)) for i in ids] == [1] * len(ids)
    assert store.documents.segment(ids[0]).status == SegmentStatus.TRANSLATED
    assert store.beads.mt_bead_type(ids[0]) == "1-1"


def test_edit_history_is_append_only_and_revert_restores(store: Store) -> None:
    document_id = _add(store)
    segment_id = _translate(store, document_id)[0]
    base = store.documents.segment(segment_id).translation_id
    edited = store.reviews.save_edit(segment_id, "Hello.", "anna", base)
    assert store.documents.segment(segment_id).status == SegmentStatus.EDITED
    store.reviews.revert(segment_id, "anna", edited.id)
    history = store.reviews.history(segment_id)
    assert [v.text for v in history] == [f"mt {segment_id}", "Hello.", f"mt {segment_id}"]
    assert [v.origin for v in history] == [Origin.MT, Origin.HUMAN, Origin.MT]
    assert store.documents.segment(segment_id).target == f"mt {segment_id}"


def test_stale_edit_is_a_conflict_and_both_texts_are_kept(store_path: Path) -> None:
    with Store.open(store_path) as anna, Store.open(store_path) as bo:
        document_id = _add(anna)
        segment_id = _translate(anna, document_id)[0]
        opened_version = anna.documents.segment(segment_id).translation_id
        bo.reviews.save_edit(segment_id, "Bo's text", "bo", opened_version)
        with pytest.raises(ConflictError):
            anna.reviews.save_edit(segment_id, "Anna's text", "anna", opened_version)
        assert anna.documents.segment(segment_id).target == "Bo's text"
        assert {"Bo's text", "Anna's text"} <= {v.text for v in anna.reviews.history(segment_id)}


def test_approve_refuses_empty_and_boilerplate_and_enters_tm(store: Store) -> None:
    document_id = _add(store)
    ids = _translate(store, document_id)
    boilerplate_id = next(
        s.id for s in store.documents.segments(document_id) if s.kind == SegmentKind.BOILERPLATE
    )
    with pytest.raises(InputError, match="boilerplate"):
        store.reviews.approve(boilerplate_id, "anna")
    store.reviews.save_edit(ids[1], "  ", "anna", store.documents.segment(ids[1]).translation_id)
    with pytest.raises(InputError, match="empty"):
        store.reviews.approve(ids[1], "anna")
    store.reviews.approve(ids[0], "anna")
    assert store.documents.segment(ids[0]).status == SegmentStatus.APPROVED
    assert store.memory.pairs("sv", "en") == [("Hej.", f"mt {ids[0]}")]
    assert store.events.recent(ids[0])[0].action == "approve"


def test_approve_many_is_all_or_nothing(store: Store) -> None:
    document_id = _add(store)
    ids = _translate(store, document_id)
    store.reviews.save_edit(ids[2], "", "anna", store.documents.segment(ids[2]).translation_id)
    before = store.content_digest()
    with pytest.raises(InputError):
        store.reviews.approve_many(document_id, ids, "anna")
    assert store.content_digest() == before
    assert store.reviews.approve_many(document_id, ids[:2], "anna") == 2
    assert store.documents.status_counts(document_id)["approved"] == 2


def test_merge_and_split_move_the_bead_and_keep_history(store: Store) -> None:
    document_id = _add(store)
    first, second, *_ = _translate(store, document_id)
    merged = store.restructure.merge_with_next(
        first, "anna", store.documents.segment(first).translation_id
    )
    assert merged.text == f"mt {first} mt {second}"
    assert store.beads.mt_bead_type(first) == "2-1"
    visible = store.documents.segments(document_id)
    assert second not in [s.id for s in visible]
    assert store.documents.segment(first).source == "Hej. Katten sover."
    assert store.reviews.history(second)[0].text == f"mt {second}"
    store.restructure.split_target(first, len(f"mt {first}"), "anna", merged.id)
    assert store.beads.mt_bead_type(first) == "2-2"
    with pytest.raises(InputError):
        store.restructure.split_target(first, 0, "anna", merged.id)


def test_segments_filter_search_and_score_order(store: Store) -> None:
    document_id = _add(store)
    ids = _translate(store, document_id)
    store.conn.execute("UPDATE translations SET score = -2.0 WHERE segment_id = ?", (ids[2],))
    assert (
        store.documents.segment_ids(document_id, order="score", translatable_only=True)[0] == ids[2]
    )
    assert store.documents.segment_ids(document_id, search="KATTEN") == [ids[1]]
    assert store.documents.segment_ids(document_id, search=f"mt {ids[0]}") == [ids[0]]
    store.reviews.approve(ids[0], "anna")
    assert store.documents.segment_ids(document_id, status=SegmentStatus.APPROVED) == [ids[0]]


def test_newer_schema_is_refused(store_path: Path) -> None:
    Store.open(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store.open(store_path)


@pytest.mark.parametrize(
    "content", [b"not a database at all", b"SQLite format 3\x00" + b"\x07" * 90]
)
def test_corrupt_store_is_refused(store_path: Path, content: bytes) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(content)
    with pytest.raises(StoreError):
        Store.open(store_path)


def test_migration_backs_up_first(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(store_path) as store:
        _add(store)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN note TEXT")

    migrations = [*store_connection.MIGRATIONS, add_column]
    monkeypatch.setattr(store_connection, "MIGRATIONS", migrations)
    monkeypatch.setattr(store_connection, "SCHEMA_VERSION", len(migrations))
    with Store.open(store_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations)
    backup = store_path.with_name(f"{store_path.name}.v{SCHEMA_VERSION}.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_failed_migration_leaves_the_old_version(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(store_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        conn.execute("THIS IS NOT SQL")

    migrations = [*store_connection.MIGRATIONS, broken]
    monkeypatch.setattr(store_connection, "MIGRATIONS", migrations)
    monkeypatch.setattr(store_connection, "SCHEMA_VERSION", len(migrations))
    with pytest.raises(StoreError, match="migrate"):
        Store.open(store_path)
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchone()


def test_backup_and_check(store: Store, tmp_path: Path) -> None:
    document_id = _add(store)
    _translate(store, document_id)
    copy = store.backup(tmp_path / "copy.db")
    with Store.open(copy) as restored:
        assert restored.content_digest() == store.content_digest()
    with pytest.raises(StoreError, match="exists"):
        store.backup(copy)
    assert store.check() == []
    store.conn.execute(
        "UPDATE segments SET status = 'new' WHERE current_translation_id IS NOT NULL"
    )
    assert any("status new" in problem for problem in store.check())


def test_document_summaries_count_a_page_as_the_full_listing_does(store: Store) -> None:
    first = _add(store)
    second = _add(store, sha="b" * 64, path="other.txt")
    third = _add(store, sha="c" * 64, path="third.txt")
    lead, follower, *_ = _translate(store, second)
    store.restructure.merge_with_next(lead, "anna", store.documents.segment(lead).translation_id)
    store.reviews.approve(lead, "anna")
    listing = store.documents.summaries()
    assert [s.document.id for s in listing] == [first, second, third]
    # Merged-away segments are not counted; boilerplate is not translatable.
    assert [(s.segments, s.translatable, s.translated, s.approved) for s in listing] == [
        (4, 3, 0, 0),
        (3, 2, 2, 1),
        (4, 3, 0, 0),
    ]
    assert listing[1].last_activity is not None
    assert store.documents.summaries_of([third, second]) == [listing[2], listing[1]]
    assert store.documents.summaries_of([]) == []
    assert [d.id for d in store.documents.list_all()] == [first, second, third]
    assert follower not in store.documents.segment_ids(second)


def test_a_revert_to_machine_translation_is_not_a_second_one(store: Store) -> None:
    document_id = _add(store)
    first, *_ = _translate(store, document_id)
    edited = store.reviews.save_edit(
        first, "Hello.", "anna", store.documents.segment(first).translation_id
    )
    store.reviews.revert(first, "anna", edited.id)
    assert store.documents.segment(first).origin == Origin.MT
    assert store.check() == []
    # A second engine version is still caught.
    store.conn.execute(
        "INSERT INTO translations (segment_id, text, origin, engine, author, created) "
        "SELECT segment_id, text, origin, 'ct2', author, created FROM translations WHERE id = ?",
        (store.reviews.history(first)[0].id,),
    )
    assert store.check() == [
        f"segment {first}: translated segment has more than one machine translation"
    ]


def _rendered(store: Store, document_id: int) -> str:
    out = io.BytesIO()
    render(load_article(store, document_id), "txt", out)
    return out.getvalue().decode()


def test_reverting_a_merge_undoes_it_whole(store: Store) -> None:
    document_id = _add(store)
    first, second, *_ = _translate(store, document_id)
    store.restructure.split_target(
        second, len("mt"), "anna", store.documents.segment(second).translation_id
    )
    beads_before = store.conn.execute(
        "SELECT id FROM beads WHERE superseded = 0 ORDER BY id"
    ).fetchall()
    before = store.documents.segment(first).translation_id
    merged = store.restructure.merge_with_next(first, "anna", before)
    store.reviews.approve(first, "anna")
    assert store.restructure.revert(first, "anna", merged.id) == [second]
    assert store.documents.segment(first).status == SegmentStatus.TRANSLATED
    # Both segments are back, each with the target it had: the article keeps both sentences.
    assert [s.id for s in store.documents.segments(document_id)][:2] == [first, second]
    assert store.documents.segment(first).source == "Hej."
    assert store.documents.segment(first).translation_id == before
    assert store.documents.segment(second).target == f"mt {second}"
    assert store.beads.mt_bead_type(first) == "1-1"
    assert store.beads.mt_bead_type(second) == "1-2"
    assert (
        store.conn.execute("SELECT id FROM beads WHERE superseded = 0 ORDER BY id").fetchall()
        == beads_before
    )
    assert f"mt {second}" in _rendered(store, document_id)
    assert store.check() == []
    # The merge stays in the history; the lead's own version has nothing earlier to revert to.
    assert [v.text for v in store.reviews.history(first)] == [f"mt {first}", merged.text]
    with pytest.raises(InputError, match="no earlier version"):
        store.restructure.revert(first, "anna", before)


def test_each_revert_undoes_one_merge_then_the_edit_before_them(store: Store) -> None:
    document_id = add_sentences(store, "three", ["Ett.", "Två.", "Tre."])
    first, second, third = _translate(store, document_id)
    edited = store.reviews.save_edit(
        first, "One.", "anna", store.documents.segment(first).translation_id
    )
    store.restructure.merge_with_next(first, "anna", edited.id)
    store.restructure.merge_with_next(first, "anna", store.documents.segment(first).translation_id)

    def revert() -> list[int]:
        current = store.documents.segment(first).translation_id
        return store.restructure.revert(first, "anna", current)

    assert revert() == [third]
    assert store.documents.segment(first).target == f"One. mt {second}"
    assert revert() == [second]
    assert store.documents.segment(first).target == "One."
    assert revert() == []
    assert store.documents.segment(first).target == f"mt {first}"
    assert store.documents.segment_ids(document_id) == [first, second, third]
    assert store.check() == []
