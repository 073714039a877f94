"""Outputs never destroy what they replace: the store, streams, links, and half-finished pairs."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.errors import InputError
from workbench.export import export_to_path
from workbench.export.base import ExportUnit
from workbench.records import NewTranslation, Origin, SegmentStatus
from workbench.store import Store
from workbench.store import connection as store_connection

Invoke = Callable[..., object]


@pytest.fixture
def approved(invoke: Invoke, store_path: Path) -> Path:
    """The Swedish seed ingested with two approved targets; returns the store path."""
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0  # type: ignore[attr-defined]
    with Store.open(store_path) as store:
        ids = store.documents.segment_ids(1, translatable_only=True)[:2]
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i}", Origin.MT) for i in ids]
        )
        for segment_id in ids:
            store.reviews.approve(segment_id, "anna")
    return store_path


def _unit(text: str) -> ExportUnit:
    return ExportUnit(
        source=f"sv {text}",
        target=f"en {text}",
        source_lang="sv",
        target_lang="en",
        document="d",
        document_id=1,
        position="1.1",
        segment_ids=(1,),
        bead_type="1-1",
        origin=Origin.MT,
        status=SegmentStatus.APPROVED,
        author=None,
        created="2025-01-01T00:00:00+00:00",
        changed="2025-01-01T00:00:00+00:00",
        score=None,
    )


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_store_or_its_wal_is_refused(
    invoke: Invoke, approved: Path, suffix: str
) -> None:
    target = approved.with_name(approved.name + suffix)
    before = approved.read_bytes()
    result = invoke("export", "-o", str(target))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.count("\n") == 1  # type: ignore[attr-defined]
    assert "refusing to write" in result.stderr  # type: ignore[attr-defined]
    assert approved.read_bytes() == before
    with Store.open(approved) as store:
        assert len(store.documents.summaries()) == 1


def test_moses_side_that_is_the_store_is_refused(
    invoke: Invoke, approved: Path, tmp_path: Path
) -> None:
    corpus_sv = tmp_path / "corpus.sv"
    approved.rename(corpus_sv)
    result = invoke("export", "-f", "moses", "-o", str(tmp_path / "corpus"), "--store", corpus_sv)
    assert result.exit_code == 2, result.stderr  # type: ignore[attr-defined]
    assert "refusing to write" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "corpus.en").exists()
    with Store.open(corpus_sv) as store:
        assert len(store.documents.summaries()) == 1


def test_export_through_a_symlink_or_hard_link_to_the_store_is_refused(
    invoke: Invoke, approved: Path, tmp_path: Path
) -> None:
    (tmp_path / "soft.tmx").symlink_to(approved)
    os.link(approved, tmp_path / "hard.tmx")
    for name in ("soft.tmx", "hard.tmx"):
        result = invoke("export", "-o", str(tmp_path / name))
        assert result.exit_code == 2, name  # type: ignore[attr-defined]
    with Store.open(approved) as store:
        assert len(store.documents.summaries()) == 1


def test_export_to_a_fifo_streams_into_it(invoke: Invoke, approved: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.tmx"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("export", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert fifo.is_fifo()
    assert b"<tmx" in received[0] and b"English" in received[0]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_through_a_link_to_a_device_writes_the_device(
    invoke: Invoke, approved: Path, tmp_path: Path
) -> None:
    link = tmp_path / "null.tmx"
    link.symlink_to(os.devnull)
    result = invoke("export", "-o", str(link))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert link.is_symlink() and link.is_char_device()


def test_export_through_a_symlink_replaces_its_target(
    invoke: Invoke, approved: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.tmx"
    real.write_text("old")
    link = tmp_path / "link.tmx"
    link.symlink_to(real)
    result = invoke("export", "-o", str(link))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert link.is_symlink()
    assert b"English" in real.read_bytes()


def test_export_to_dash_writes_stdout(invoke: Invoke, approved: Path, tmp_path: Path) -> None:
    result = invoke("export", "-f", "tsv", "-o", "-")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "English" in result.stdout  # type: ignore[attr-defined]
    assert not (tmp_path / "-").exists()
    moses = invoke("export", "-f", "moses", "-o", "-")
    assert moses.exit_code == 2  # type: ignore[attr-defined]


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no cleanup undoes a rename."""


def test_moses_pair_is_never_torn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export_to_path("moses", [_unit("old")] * 3, tmp_path / "c", source_lang="sv", target_lang="en")
    real_replace = os.replace
    calls: list[str] = []

    def replace_then_die(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise _Killed
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(_Killed):
        export_to_path(
            "moses", [_unit("new")] * 5, tmp_path / "c", source_lang="sv", target_lang="en"
        )
    sides = [tmp_path / "c.sv", tmp_path / "c.en"]
    present = [side.read_text() for side in sides if side.exists()]
    # One export's files, or one side missing: never old and new side by side.
    assert len(present) < 2 or {len(text.splitlines()) for text in present} == {5}
    assert present and all("new" in text for text in present)


def test_stale_export_temp_files_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".c.tmx.0123abcd.tmp"
    live = tmp_path / ".c.tmx.4567cdef.tmp"
    other = tmp_path / ".c.tmx.notours.tmp"
    for path in (stale, live, other):
        path.write_text("partial")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running export holds its temp file
        export_to_path("tmx", [_unit("x")], tmp_path / "c.tmx", source_lang="sv", target_lang="en")
    assert not stale.exists()
    assert live.exists() and other.exists()


def test_backup_onto_the_wal_is_refused(store: Store) -> None:
    wal = store.path.with_name(store.path.name + "-wal")
    # Compared by stat: reading the live WAL here would itself drop the store's locks.
    wal_before = os.stat(wal) if wal.exists() else None
    with pytest.raises(InputError, match="refusing to write"):
        store.backup(wal)
    assert (os.stat(wal) if wal.exists() else None) == wal_before


def test_backup_leaves_no_partial_file_and_cleans_stale_ones(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    stale = tmp_path / ".copy.db.89abcdef.tmp"
    stale_journal = tmp_path / ".copy.db.89abcdef.tmp-journal"
    for path in (stale, stale_journal):
        path.write_bytes(b"partial")
        os.utime(path, (1_000_000, 1_000_000))
    store.backup(target)
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


class _InterruptedAtTheEnd(sqlite3.Connection):
    """A connection whose backup receives Ctrl-C just as the copy completes."""

    def backup(self, target: sqlite3.Connection, **kwargs: object) -> None:  # type: ignore[override]
        super().backup(target, **kwargs)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_after_the_copy_finished_is_not_reported_as_interrupted(
    store_path: Path, tmp_path: Path
) -> None:
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path, factory=_InterruptedAtTheEnd, isolation_level=None)
    try:
        written = store_connection.backup(conn, tmp_path / "copy.db")
    except KeyboardInterrupt:
        pytest.fail("a Ctrl-C after the copy had finished was reported as an interruption")
    finally:
        conn.close()
    with Store.open(written, create=False) as copy:
        assert copy.check() == []
