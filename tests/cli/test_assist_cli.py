"""dictionary, settings and learn through the CLI on a real store file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_learn import _reviewed_store
from workbench.store import Store


def test_dictionary_add_and_list(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    added = invoke("dictionary", "add", "Lunarex", "Kieu’s", "Lunarex")
    assert added.exit_code == 0, added.stderr
    assert "added 2 new words" in added.stderr
    listed = invoke("dictionary", "list", "--json")
    assert json.loads(listed.stdout) == ["Kieu's", "Lunarex"]


def test_settings_show_set_and_refuse_bad_values(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(invoke("settings", "--json").stdout) == {
        "spelling-variant": "any",
        "propagate": "on",
        "completion": "on",
    }
    changed = invoke("settings", "spelling-variant", "en-GB", "--json")
    assert changed.exit_code == 0 and json.loads(changed.stdout) == {"spelling-variant": "en-GB"}
    with Store.open(store_path) as store:
        before = store.content_digest(), store.settings.values()
    for args, message in [
        (("spelling-variant", "en-AU"), "takes one of any, en-GB, en-US"),
        (("colour", "on"), "unknown setting 'colour'"),
    ]:
        refused = invoke("settings", *args)
        assert refused.exit_code == 2
        assert refused.stderr.count("\n") == 1 and message in refused.stderr
    with Store.open(store_path) as store:
        assert (store.content_digest(), store.settings.values()) == before


def test_learn_list_accept_reject(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Store.open(store_path) as store:
        _reviewed_store(store)
    listed = invoke("learn", "--min-count", "1", "--json")
    assert listed.exit_code == 0, listed.stderr
    candidates = {c["before"]: c for c in json.loads(listed.stdout)}
    assert (
        candidates["Chau-provinsen"]["count"] == 3 and candidates["Chau-provinsen"]["missed"] == 1
    )
    table = invoke("learn")
    assert "Chau-province" in table.stdout and "rains" not in table.stdout
    accepted = invoke("learn", "accept", candidates["Chau-provinsen"]["id"])
    assert accepted.exit_code == 0 and "as a post-edit rule" in accepted.stderr
    rejected = invoke("learn", "reject", candidates["rains"]["id"])
    assert rejected.exit_code == 0, rejected.stderr
    left = json.loads(invoke("learn", "--min-count", "1", "--json").stdout)
    assert [c["before"] for c in left] == ["hills"]
    unknown = invoke("learn", "accept", "deadbeef")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("workbench: error: no open")


def test_cli_approval_propagates_to_repetitions(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support import add_sentences
    from workbench.records import NewTranslation, Origin

    with Store.open(store_path) as store:
        document_id = add_sentences(store, "r", ["Tack så mycket!"] * 2)
        first, second = store.documents.segment_ids(document_id)
        store.reviews.record_translations(
            [
                NewTranslation(first, "Thanks a lot!", Origin.MT),
                NewTranslation(second, "Tack!", Origin.MT),
            ]
        )
    approved = invoke("approve", str(document_id), "--segments", str(first), "--reviewer", "anna")
    assert approved.exit_code == 0, approved.stderr
    assert "gave their targets to 1 repeated segment\n" in approved.stderr
    with Store.open(store_path) as store:
        repeated = store.documents.segment(second)
    assert (repeated.target, repeated.origin) == ("Thanks a lot!", Origin.PROPAGATED)
