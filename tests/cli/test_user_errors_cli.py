"""Stores that are not ours or not there, ids and ranges, and errors that say what happened."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT, SWEDISH_SEED
from workbench.store import Store

Invoke = Callable[..., object]
HUGE = str(2**63)


def _one_line_error(result: object) -> str:
    assert result.exit_code == 2, result.stderr  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert stderr.startswith("workbench: error: ") and stderr.count("\n") == 1, stderr
    return stderr


@pytest.fixture
def ingested(invoke: Invoke, store_path: Path) -> Path:
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0  # type: ignore[attr-defined]
    return store_path


def test_another_programs_sqlite_file_is_refused_untouched(invoke: Invoke, tmp_path: Path) -> None:
    foreign = tmp_path / "places.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO bookmarks (url) VALUES ('https://example.org')")
    conn.close()
    before = foreign.read_bytes()
    for command in (["documents"], ["ingest", str(SWEDISH_SEED)]):
        result = invoke(*command, "--store", foreign)
        assert "another program" in _one_line_error(result)
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


@pytest.mark.parametrize(
    "command",
    [
        ["documents"],
        ["segments", "1"],
        ["stats", "1"],
        ["review", "1"],
        ["tm", "list"],
        ["render", "1"],
        ["search", "hej"],
        ["dictionary", "list"],
        ["learn"],
        ["learn", "accept", "abc"],
    ],
    ids=lambda c: "-".join(c),
)
def test_read_only_commands_on_a_missing_store_say_so(
    invoke: Invoke, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "typo.db"
    stderr = _one_line_error(invoke(*command, "--store", missing))
    assert f"no store exists at {missing}" in stderr
    assert not missing.exists()


def test_a_command_that_adds_data_says_it_created_the_store(invoke: Invoke, tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    result = invoke("glossary", "add", "hund", "dog", "--store", new)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert f"created a new store at {new}" in result.stderr  # type: ignore[attr-defined]
    again = invoke("glossary", "add", "katt", "cat", "--store", new)
    assert "created" not in again.stderr  # type: ignore[attr-defined]


def test_negative_schema_version_is_named(invoke: Invoke, store_path: Path) -> None:
    Store.open(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute("PRAGMA user_version = -5")
    conn.close()
    # The store's path is taken out first: pytest's numbered temp folders can hold "-4".
    stderr = _one_line_error(invoke("documents")).replace(str(store_path), "STORE")
    assert "invalid schema version -5" in stderr and "-4" not in stderr


@pytest.mark.parametrize(
    "command",
    [
        ["segments", HUGE],
        ["export", HUGE],
        ["approve", HUGE, "--segments", "1"],
        ["approve", "1", "--segments", HUGE],
        ["stats", HUGE],
        ["review", HUGE],
        ["qa", HUGE],
        ["translate", HUGE],
        ["align", HUGE, "1"],
        ["align", "1", HUGE],
    ],
    ids=lambda c: "-".join(c[:2]).replace(HUGE, "huge"),
)
def test_ids_beyond_sqlite_integers_are_one_line_errors(
    invoke: Invoke, ingested: Path, command: list[str]
) -> None:
    with Store.open(ingested) as store:
        before = store.content_digest()
    _one_line_error(invoke(*command))
    with Store.open(ingested) as store:
        assert store.content_digest() == before


def test_a_huge_approve_range_is_checked_as_a_range(invoke: Invoke, ingested: Path) -> None:
    tracemalloc.start()
    try:
        result = invoke("approve", "1", "--segments", "1-2000000")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    stderr = _one_line_error(result)
    assert "is not a segment of document 1" in stderr
    # A list of two million ids alone takes ~70 MB; checking ranges needs the document only.
    assert peak < 20 * 1024 * 1024


def test_qa_of_a_missing_document_says_so(invoke: Invoke, ingested: Path) -> None:
    assert "no document 99999" in _one_line_error(invoke("qa", "99999"))


def test_a_document_is_not_aligned_with_itself(invoke: Invoke, ingested: Path) -> None:
    assert "with itself" in _one_line_error(invoke("align", "1", "1"))
    with Store.open(ingested) as store:
        assert store.conn.execute("SELECT count(*) FROM beads").fetchone()[0] == 0


def test_ingest_of_a_fifo_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    # Should the FIFO be opened after all, this writer lets the read end instead of hanging.
    threading.Thread(target=lambda: fifo.write_bytes(b""), daemon=True).start()
    assert "not a regular file" in _one_line_error(invoke("ingest", str(fifo)))


def test_utf16_big_endian_gets_the_big_endian_hint(invoke: Invoke, tmp_path: Path) -> None:
    article = tmp_path / "be.txt"
    article.write_bytes("Hej världen. Det här är en text.\n".encode("utf-16-be"))
    stderr = _one_line_error(invoke("ingest", str(article)))
    assert "iconv -f UTF-16BE" in stderr


@pytest.mark.slow
def test_a_file_size_limit_reports_the_first_error_and_keeps_committed_chunks(
    tmp_path: Path,
) -> None:
    article = tmp_path / "long.txt"
    article.write_text(
        "\n\n".join(
            f"Detta är stycke nummer {n} om hunden och katten som går till skolan." * 3
            for n in range(4000)
        ),
        encoding="utf-8",
    )
    store_path = tmp_path / "limited.db"
    limit = 600 * 1024

    def cap_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "workbench", "ingest", str(article), "--store", str(store_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=cap_file_size,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    assert "no transaction is active" not in result.stderr
    assert "disk I/O error" in result.stderr or "disk is full" in result.stderr
    assert str(store_path) in result.stderr
    with Store.open(store_path, create=False) as store:
        assert store.check() == []
