"""One process, several connections, other processes beside it: no lock is dropped, no WAL lost.

POSIX record locks belong to the process: a Python `open()` + `close()` of the store file drops
the locks of every SQLite connection the process holds on it. Another process closing the store
then believes it is the last user, checkpoints and deletes the WAL under the live connection.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, add_sentences
from workbench.errors import InputError
from workbench.records import NewTranslation, Origin
from workbench.store import Store

_OPEN_AND_CLOSE = "import sys; from workbench.store import Store; Store.open(sys.argv[1]).close()"


def _other_process_opens_and_closes(path: Path) -> None:
    subprocess.run([sys.executable, "-c", _OPEN_AND_CLOSE, str(path)], cwd=ROOT, check=True)


def test_a_second_store_in_the_process_keeps_the_first_ones_locks(store_path: Path) -> None:
    with Store.open(store_path) as reviewer:
        document_id = add_sentences(reviewer, "shared", ["En mening.", "Två meningar."])
        first, second = reviewer.documents.segment_ids(document_id)
        # The review app reads through one long-lived store and saves through fresh ones.
        Store.open(store_path).close()
        _other_process_opens_and_closes(store_path)
        assert store_path.with_name(store_path.name + "-wal").exists(), "WAL deleted under us"
        reviewer.reviews.record_translations([NewTranslation(first, "One sentence.", Origin.MT)])
        with Store.open(store_path) as saver:
            saver.reviews.record_translations([NewTranslation(second, "Two sentences.", Origin.MT)])
        _other_process_opens_and_closes(store_path)
        assert store_path.with_name(store_path.name + "-wal").exists(), "WAL deleted under us"
    with Store.open(store_path) as after:
        assert after.check() == []
        targets = [after.documents.segment(i).target for i in (first, second)]
    assert targets == ["One sentence.", "Two sentences."]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_reading_the_open_store_as_an_input_is_refused(store: Store, suffix: str) -> None:
    from workbench.ingest.textio import read_source

    name = store.path.with_name(store.path.name + suffix)
    name.touch()
    with pytest.raises(InputError, match="it is the store file"):
        read_source(str(name))


def test_a_non_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    from workbench.errors import StoreError

    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]
