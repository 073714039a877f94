"""Completion in a real terminal: the review app in tmux, keys sent as a terminal sends them."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT, add_sentences
from workbench.bench.tui_terminal import Pane
from workbench.records import NewTranslation, Origin
from workbench.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
SOURCE = "Hej och välkommen till huset."
WAIT_S = 60.0


def test_ghost_text_tab_and_a_burst_of_keys_in_tmux(
    tmp_path: Path, install_model: Callable[[str], Path]
) -> None:
    models = install_model("marker")
    path = tmp_path / "t.db"
    with Store.open(path) as store:
        document_id = add_sentences(store, "doc", [SOURCE, SOURCE + " Igen."], paragraph=0)
        ids = store.documents.segment_ids(document_id)
        store.reviews.record_translations([NewTranslation(i, "draft", Origin.MT) for i in ids])
    pane = Pane(
        [
            sys.executable,
            "-m",
            "workbench",
            "review",
            str(document_id),
            "--store",
            str(path),
            "--reviewer",
            "anna",
        ],  # fmt: skip
        {"WORKBENCH_MODELS": str(models), "PYTHONPATH": str(ROOT)},
    )
    try:
        pane.wait(lambda s: s.shows(re.compile(rf"segment {ids[0]}\b")), WAIT_S)
        pane.send("e")
        pane.wait(lambda s: s.shows(re.compile("editing")), WAIT_S)
        pane.send("C-l")
        pane.type("[en] Hej ")
        # The ghost text follows what was typed on the editor's line.
        pane.wait(lambda s: s.shows(re.compile(r"\[en\] Hej och välkommen till huset\.")), WAIT_S)
        pane.send("Tab")
        pane.send("C-s")
        pane.wait(lambda s: s.shows(re.compile(rf"Saved segment {ids[0]}")), WAIT_S)
        # A burst typed while completions run: every key arrives, in order.
        burst = "[en] Hej och VÄLKOMMEN till huset, sa hon. Igen!"
        pane.send("j")
        pane.wait(lambda s: s.shows(re.compile(rf"segment {ids[1]}\b")), WAIT_S)
        pane.send("e")
        pane.send("C-l")
        for start in range(0, len(burst), 5):
            pane.type(burst[start : start + 5])
        pane.send("C-s")
        pane.wait(lambda s: s.shows(re.compile(rf"Saved segment {ids[1]}")), WAIT_S)
    finally:
        pane.close()
    with Store.open(path) as store:
        assert store.documents.segment(ids[0]).target == "[en] Hej och"
        assert store.documents.segment(ids[1]).target == burst
