"""Several real processes editing the same segments: no "database is locked", nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT
from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind
from workbench.store import Store

WORKERS = 4
ROUNDS = 25


@pytest.mark.slow
def test_concurrent_reviewers_lose_no_update(store_path: Path) -> None:
    with Store.open(store_path) as store:
        document, _ = store.add_document(
            path="shared.txt",
            title="shared",
            sha256="c" * 64,
            source_lang="sv",
            target_lang="en",
            segments=[
                NewSegment(1, i, f"Mening {i}.", " ", SegmentKind.BODY, "sv", 1.0, True)
                for i in range(5)
            ],
        )
        segment_ids = store.segment_ids(document.id)
        store.record_translations(
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
        versions = [v for i in segment_ids for v in store.history(i)]
        human = [v for v in versions if v.origin == Origin.HUMAN]
        # Every attempt is in history: saved ones as versions, conflicting ones kept aside.
        assert len(human) == attempted
        notes = store.conn.execute(
            "SELECT count(*) FROM translations WHERE note = 'conflict'"
        ).fetchone()[0]
        assert notes == conflicts
        # Saved versions form one unbroken chain per segment: none overwrote another.
        for segment_id in segment_ids:
            chain = [v for v in store.history(segment_id) if v.id not in _conflict_ids(store)]
            for parent, child in zip(chain, chain[1:], strict=False):
                assert child.parent_id == parent.id
            assert store.segment(segment_id).translation_id == chain[-1].id
        assert store.check() == []
    print(
        f"\nconcurrency: {WORKERS} processes, {attempted} updates attempted, {saved} saved, "
        f"{conflicts} conflicts detected, 0 lost"
    )


def _conflict_ids(store: Store) -> set[int]:
    return {
        row[0] for row in store.conn.execute("SELECT id FROM translations WHERE note = 'conflict'")
    }
