"""The store's own integrity: damaged, emptied and non-UTF-8 stores caught, files kept private."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.support import run_cli
from workbench.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _new_store(path: Path) -> None:
    result = run_cli("glossary", "add", "hus", "house", env={"WORKBENCH_STORE": str(path)})
    assert result.returncode == 0, result.stderr


def test_new_stores_and_their_wal_are_private(store_path: Path) -> None:
    _new_store(store_path)
    with Store.open(store_path):
        assert _mode(store_path) == 0o600
        assert _mode(store_path.with_name(store_path.name + "-wal")) == 0o600


def test_a_backup_keeps_the_stores_mode(store_path: Path, tmp_path: Path) -> None:
    _new_store(store_path)
    assert run_cli("store", "backup", str(tmp_path / "private.db")).returncode == 0
    assert _mode(tmp_path / "private.db") == 0o600
    os.chmod(store_path, 0o640)  # a team's shared store, readable by its group
    assert run_cli("store", "backup", str(tmp_path / "shared.db")).returncode == 0
    assert _mode(tmp_path / "shared.db") == 0o640


def _damage(path: Path) -> None:
    # An index whose definition no longer matches its rows: what a bad sector or another
    # tool's write leaves ("row 1 missing from index"), while the file still opens.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'source, target)', 'target, source)') "
            "WHERE name = 'glossary'"
        )
    conn.close()


def test_backup_of_a_damaged_store_fails_and_writes_nothing(
    store_path: Path, tmp_path: Path
) -> None:
    _new_store(store_path)
    _damage(store_path)
    result = run_cli("store", "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 2
    assert result.stderr.startswith("workbench: error: the store is damaged")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "copy.db").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_truncated_store_is_not_recreated_by_reading_commands(store_path: Path) -> None:
    _new_store(store_path)
    store_path.write_bytes(b"")
    for command in (["documents"], ["store", "check"], ["glossary", "list"]):
        result = run_cli(*command)
        assert result.returncode == 2, command
        assert "is empty" in result.stderr
    assert store_path.stat().st_size == 0


def test_store_check_finds_text_that_is_not_utf8(store_path: Path) -> None:
    _new_store(store_path)
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE glossary SET note = CAST(x'4b61ff' AS TEXT)")
    conn.close()
    result = run_cli("store", "check")
    assert result.returncode != 0
    assert "glossary row 1: note is not valid UTF-8 text" in result.stdout + result.stderr


def test_a_backup_removes_copies_killed_backups_left_in_its_folder(
    store_path: Path, tmp_path: Path
) -> None:
    _new_store(store_path)
    left = tmp_path / ".monday.db.0123abcd.tmp"  # what `kill -9` during a backup leaves
    left.write_bytes(b"\0" * 4096)
    assert run_cli("store", "backup", str(tmp_path / "tuesday.db")).returncode == 0
    assert not left.exists()


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_backup_stops_between_steps_on_a_stop_signal(number: int) -> None:
    from workbench.store.connection import _interrupt_between_steps

    with _interrupt_between_steps() as progress:
        progress(0, 10, 20)  # nothing received: the copy goes on
        os.kill(os.getpid(), number)
        with pytest.raises(KeyboardInterrupt):
            progress(0, 5, 20)
        progress(0, 0, 20)  # the last step done: the finished copy is kept
