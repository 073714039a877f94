"""`workbench lookup WORD`: glossary, concordance and (where installed) FreeDict entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import add_sentences
from workbench.records import NewTranslation, Origin
from workbench.store import Store

FREEDICT = Path("/usr/share/dictd/freedict-swe-eng.index")


def _store(store_path: Path) -> None:
    with Store.open(store_path) as store:
        document_id = add_sentences(store, "doc", ["Hunden sover i huset."], paragraph=0)
        [segment_id] = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [NewTranslation(segment_id, "The dog sleeps in the house.", Origin.MT)]
        )
        store.memory.add_pairs(
            [("En hund skäller.", "A dog barks.")], source_lang="sv", target_lang="en"
        )
        store.glossary.add_terms(
            [("hund", "hound", "a tracking dog")], source_lang="sv", target_lang="en"
        )


def test_lookup_prints_glossary_and_concordance_without_a_dictionary(
    invoke, store_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _store(store_path)
    empty = tmp_path / "no-dictd"
    empty.mkdir()
    shown = invoke("lookup", "hund", "--dictionaries", empty)
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "  hund → hound  (a tracking dog)" in lines
    # Concordance: the segment (its source holds "Hunden") and the memory entry.
    assert any(line.startswith("  segment ") and "Hunden sover" in line for line in lines)
    assert "  memory: En hund skäller." in lines and "    → A dog barks." in lines
    assert "  not installed (Debian: apt install dict-freedict-swe-eng)" in lines
    as_json = json.loads(invoke("lookup", "hund", "--dictionaries", empty, "--json").stdout)
    assert as_json["glossary"] == [["hund", "hound", "a tracking dog"]]
    assert as_json["dictionary"] is None


def test_lookup_refuses_an_empty_word_in_one_line(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store(store_path)
    refused = invoke("lookup", "  ")
    assert refused.exit_code == 2
    assert refused.stderr == "workbench: error: give a word to look up\n"


@pytest.mark.skipif(
    not FREEDICT.is_file(), reason="Debian's dict-freedict-swe-eng is not installed here"
)
def test_lookup_reads_freedict_from_the_system_for_inflected_words(
    invoke, store_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _store(store_path)
    shown = invoke("lookup", "hundarna")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "Dictionary (freedict-swe-eng, FreeDict, GPL)" in lines
    assert "    dog" in lines
    assert "  hund → hound  (a tracking dog)" in lines  # an inflected form finds the term
