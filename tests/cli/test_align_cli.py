"""`workbench align` on small hand-written parallel documents and on the non-parallel seeds."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import ENGLISH_SEED, SWEDISH_SEED

SWEDISH = """Bron i Umeå öppnades den 12 maj 2021.

Den kostade 340 miljoner kronor. Arbetet tog tre år och sysselsatte 120 personer.

Borgmästaren Anna Lindqvist höll ett tal. Hon tackade alla arbetare. Sedan klipptes bandet.

Trafiken började rulla klockan 14.

Mer information finns på https://umea.se/bron.
"""

ENGLISH = """The bridge in Umeå was opened on 12 May 2021.

It cost 340 million kronor. The work took three years and employed 120 people.

Mayor Anna Lindqvist gave a speech and thanked all the workers. Then the ribbon was cut.

Traffic started to flow at 14.

More information is available at https://umea.se/bron.
"""


def test_align_parallel_documents_json(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sv.txt").write_text(SWEDISH, "utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, "utf-8")
    result = invoke("align", str(tmp_path / "sv.txt"), str(tmp_path / "en.txt"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["looks_parallel"] is True
    pairs = [
        (
            " ".join(s["text"] for s in b["source"]),
            " ".join(t["text"] for t in b["target"]),
            b["type"],
        )
        for b in report["beads"]
    ]
    assert (
        "Bron i Umeå öppnades den 12 maj 2021.",
        "The bridge in Umeå was opened on 12 May 2021.",
        "1-1",
    ) in pairs
    assert (
        "Borgmästaren Anna Lindqvist höll ett tal. Hon tackade alla arbetare.",
        "Mayor Anna Lindqvist gave a speech and thanked all the workers.",
        "2-1",
    ) in pairs
    covered = [s["id"] for b in report["beads"] for s in b["source"]]
    assert covered == sorted(covered) and len(covered) == len(set(covered))
    assert "non-parallel" not in result.stderr


def test_align_presegmented_lines(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sv.txt").write_text(
        "Katten sover.\nHunden skäller högt på natten.\nVi åt middag klockan 19.\n", "utf-8"
    )
    (tmp_path / "en.txt").write_text(
        "The cat sleeps.\nThe dog barks loudly at night.\nWe had dinner at 19.\n", "utf-8"
    )
    result = invoke(
        "align",
        "--presegmented",
        "--source-lang",
        "sv",
        "--target-lang",
        "en",
        str(tmp_path / "sv.txt"),
        str(tmp_path / "en.txt"),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    beads = json.loads(result.stdout)["beads"]
    assert [b["type"] for b in beads] == ["1-1", "1-1", "1-1"]
    assert beads[2]["target"][0]["text"] == "We had dinner at 19."


def test_non_parallel_seeds_are_not_forced_into_pairs(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("align", str(SWEDISH_SEED), str(ENGLISH_SEED), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["looks_parallel"] is False
    assert "look non-parallel" in result.stderr
    beads = report["beads"]
    confident = [b for b in beads if b["source"] and b["target"] and b["score"] >= 0.5]
    assert len(confident) <= len(beads) // 10
