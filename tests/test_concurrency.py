"""Several real processes editing the same segments: no "database is locked", nothing lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, add_sentences
from workbench.records import NewTranslation, Origin
from workbench.store import Store

WORKERS = 4
ROUNDS = 25


@pytest.mark.slow
def test_concurrent_reviewers_lose_no_update(store_path: Path) -> None:
    with Store.open(store_path) as store:
        document_id = add_sentences(store, "shared", [f"Mening {i}." for i in range(5)])
        segment_ids = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [NewTranslation(i, f"Sentence {i}.", Origin.MT) for i in segment_ids]
        )
    code = (
        "import sys, json; from tests.support import hammer; "
        "hammer(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]))"
    )
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                str(store_path),
                f"w{n}",
                json.dumps(segment_ids),
                str(ROUNDS),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "locked" not in err
        results.append(json.loads(out.strip().splitlines()[-1]))
    attempted = sum(r["attempted"] for r in results)
    saved = sum(r["saved"] for r in results)
    conflicts = sum(r["conflicts"] for r in results)
    assert attempted == WORKERS * ROUNDS * len(segment_ids) == saved + conflicts
    with Store.open(store_path) as store:
        versions = [v for i in segment_ids for v in store.reviews.history(i)]
        human = [v for v in versions if v.origin == Origin.HUMAN]
        # Every attempt is in history: saved ones as versions, conflicting ones kept aside.
        assert len(human) == attempted
        notes = store.conn.execute(
            "SELECT count(*) FROM translations WHERE note = 'conflict'"
        ).fetchone()[0]
        assert notes == conflicts
        # Saved versions form one unbroken chain per segment: none overwrote another.
        for segment_id in segment_ids:
            chain = [
                v for v in store.reviews.history(segment_id) if v.id not in _conflict_ids(store)
            ]
            for parent, child in zip(chain, chain[1:], strict=False):
                assert child.parent_id == parent.id
            assert store.documents.segment(segment_id).translation_id == chain[-1].id
        assert store.check() == []
    print(
        f"\nconcurrency: {WORKERS} processes, {attempted} updates attempted, {saved} saved, "
        f"{conflicts} conflicts detected, 0 lost"
    )


def _conflict_ids(store: Store) -> set[int]:
    return {
        row[0] for row in store.conn.execute("SELECT id FROM translations WHERE note = 'conflict'")
    }


def _has_open(pid: int, path: Path) -> bool:
    """Whether process `pid` holds `path` open (it has reached the store)."""
    folder = Path(f"/proc/{pid}/fd")
    try:
        return any(Path(os.readlink(fd)) == path for fd in folder.iterdir())
    except OSError:
        return False


@pytest.mark.slow
def test_concurrent_ingest_of_one_file_stores_it_once(store_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "same.txt"
    article.write_text("Katten sover i soffan hela dagen.\n", encoding="utf-8")
    Store.open(store_path).close()
    blocker = sqlite3.connect(store_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # both ingests reach the store and wait behind this
    env = {**os.environ, "WORKBENCH_STORE": str(store_path)}
    command = [sys.executable, "-m", "workbench", "ingest", str(article), "--source-lang", "sv"]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for _ in range(600):
        if all(_has_open(p.pid, store_path) for p in processes):
            break
        time.sleep(0.1)
    time.sleep(0.5)  # from opening the store to its first statement is microseconds
    blocker.execute("ROLLBACK")
    blocker.close()
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    stdouts = sorted(out for out, _ in outputs)
    stderrs = sorted(err for _, err in outputs)
    assert stdouts[0] == "" and stdouts[1].startswith("document 1 ")
    assert "already stored as document 1 (same content); nothing to do" in stderrs[1]
    with Store.open(store_path) as store:
        assert len(store.documents.summaries()) == 1
