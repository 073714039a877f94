"""The spelling check on Hunspell's real en-US/en-GB dictionaries, alone and through the store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import add_sentences
from workbench.quality import spelling
from workbench.quality.checks import recheck
from workbench.quality.spelling import SpellingOptions, Variant, check_spelling
from workbench.records import NewTranslation, Origin
from workbench.settings import set_setting
from workbench.store import Store
from workbench.translate.glossary import GlossaryTerm
from workbench.translate.stage import EngineProvider, translate_document


def _words(flags: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(flag.code, flag.message.split("'")[1]) for flag in flags]


def test_a_misspelt_word_is_a_warning_with_its_span() -> None:
    target = "The comittee met on Tuesday."
    flags = check_spelling("Kommittén möttes i tisdags.", target)
    assert _words(flags) == [("spelling", "comittee")]
    assert target[flags[0].start : flags[0].end] == "comittee"
    assert str(flags[0].severity) == "warning"


def test_what_is_right_by_construction_is_never_flagged() -> None:
    source = "Kieu Hai Nam från Việt Trì besökte Lai Chau 2024."
    target = (
        "Kieu Hai Nam from Việt Trì visited Lai Chau in 2024 with Folkkommittén, "
        "see https://example.org/xqzw or mail qwxz@zzyq.se, code 4kqx, {usrname}, NATO's QXZ."
    )
    terms = [GlossaryTerm("Folkkommittén", "Folkkommittén")]
    assert check_spelling(source, target, terms=terms) == []


def test_user_words_are_accepted() -> None:
    target = "The Lunarex probe landed."
    assert _words(check_spelling("Sonden landade.", target)) == [("spelling", "Lunarex")]
    options = SpellingOptions(user_words=frozenset({"lunarex"}))
    assert check_spelling("Sonden landade.", target, options=options) == []


def test_both_variants_by_default_and_the_other_variant_flagged_when_narrowed() -> None:
    target = "The colour of the color organisation."
    assert check_spelling("", target) == []
    british = check_spelling("", target, options=SpellingOptions(Variant.GB))
    assert _words(british) == [("spelling-variant", "color")]
    american = check_spelling("", target, options=SpellingOptions(Variant.US))
    assert _words(american) == [
        ("spelling-variant", "colour"),
        ("spelling-variant", "organisation"),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Ljungsunds kommun växer.", "Ljungsund municipality is growing."),
        ("Ljungsunds kommun växer.", "Ljungsund's municipality is growing."),
        ("Thưởngs bil stod kvar.", "Thưởng’s car stayed."),
        ("Thưởng kom hem.", "Thưởng’s home."),
    ],
)
def test_a_name_from_the_source_is_trusted_with_or_without_its_genitive(
    source: str, target: str
) -> None:
    assert check_spelling(source, target) == []


def test_only_the_genitive_of_a_source_name_is_trusted() -> None:
    flags = check_spelling("Ljungsunds kommun.", "Ljungsnd and Ljungsun municipality.")
    assert _words(flags) == [("spelling", "Ljungsnd"), ("spelling", "Ljungsun")]


def _one_segment(store: Store, source: str, target: str) -> int:
    segment_id = store.documents.segment_ids(add_sentences(store, "doc", [source], gap=""))[0]
    store.reviews.record_translations([NewTranslation(segment_id, target, Origin.MT)])
    return segment_id


def test_recheck_uses_the_stores_dictionary_and_variant(store: Store) -> None:
    segment_id = _one_segment(store, "Sonden landade.", "The Lunarex probe has the color.")
    recheck(store, segment_id)
    assert [f.code for f in store.flags.of_segment(segment_id)] == ["spelling"]
    store.dictionary.add_words(["Lunarex"], "anna")
    set_setting(store, "spelling-variant", "en-GB", "anna")
    recheck(store, segment_id)
    assert [(f.code, f.start) for f in store.flags.of_segment(segment_id)] == [
        ("spelling-variant", 26)
    ]


def test_mt_output_gets_post_edit_rules_then_qa_and_spelling(
    store: Store, install_model: Callable[[str], Path]
) -> None:
    models = install_model("copy")
    store.learning.decide("c1", "rule", "anna", rule=("sover", "sleeeps", "sv", "en"))
    document_id = add_sentences(store, "doc", ["Katten sover."], gap="")
    translate_document(store, document_id, EngineProvider(models, "sv", "en"))
    segment = store.documents.segments(document_id)[0]
    # The copy model keeps "Katten" (trusted: it is in the source); the rule wrote "sleeeps".
    assert segment.target == "Katten sleeeps."
    assert [(f.code, f.start) for f in store.flags.of_segment(segment.id)] == [("spelling", 7)]
    (version,) = store.reviews.history(segment.id)
    rule_id = store.learning.postedit_rules("sv", "en")[0].id
    assert version.origin == Origin.MT
    assert version.signature is not None and version.signature.endswith(f"|postedit={rule_id}")


def test_without_dictionaries_spelling_is_skipped_and_the_cli_says_so(
    store: Store,
    tmp_path: Path,
    monkeypatch,
    invoke,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("WORKBENCH_HUNSPELL", str(tmp_path))
    segment_id = _one_segment(store, "Sonden landade.", "The Lunarex probe landd.")
    recheck(store, segment_id)
    assert store.flags.of_segment(segment_id) == []
    listed = invoke("dictionary", "list", "--store", str(store.path))
    assert listed.exit_code == 0 and "spelling is not checked" in listed.stderr


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dictionaries loaded from now on, by name, starting with none loaded."""
    monkeypatch.setattr(spelling, "_loaded", {})
    spelling._accepts.cache_clear()  # words looked up by earlier tests would skip the dictionaries
    loaded: list[str] = []
    load_lookup = spelling.load_lookup

    def counted(folder: Path, name: str) -> spelling.Lookup:
        loaded.append(name)
        return load_lookup(folder, name)

    monkeypatch.setattr(spelling, "load_lookup", counted)
    return loaded


def test_a_preloading_thread_and_a_check_load_each_dictionary_once(
    loaded: list[str],
) -> None:
    preloading = threading.Thread(target=spelling.preload)
    preloading.start()
    target = "The colour of teh sky."
    flags = check_spelling("Himlens färg.", target, options=SpellingOptions(Variant.US))
    preloading.join()
    assert sorted(loaded) == ["en_GB", "en_US"]
    assert [(f.code, target[f.start : f.end]) for f in flags] == [
        ("spelling-variant", "colour"),
        ("spelling", "teh"),
    ]


def test_a_check_loads_the_other_variants_dictionary_only_for_a_word_the_first_rejects(
    loaded: list[str],
) -> None:
    assert check_spelling("Katten sover.", "The cat sleeps on the sofa.") == []
    assert loaded == ["en_US"]
    # Any variant: en-US rejects "colour", en-GB (loaded now) knows it.
    assert check_spelling("Färgen.", "The colour.") == []
    assert loaded == ["en_US", "en_GB"]
    # A store writing en-GB asks en-GB first, and en-US to name the variant of a rejected word.
    flags = check_spelling("Färgen.", "The color.", options=SpellingOptions(Variant.GB))
    assert [(f.code, f.message) for f in flags] == [
        ("spelling-variant", "'color' is the en-US spelling; this store writes en-GB")
    ]


def test_the_dictionaries_come_with_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_HUNSPELL", raising=False)
    folder = spelling.dictionary_dir()
    assert folder.is_relative_to(Path(spelling.__file__).parent)
    assert spelling.dictionaries_installed()
    assert sorted(p.name for p in folder.glob("*.license.txt")) == [
        "en_GB.license.txt",
        "en_US.license.txt",
    ]
    assert _words(check_spelling("", "The comittee met.")) == [("spelling", "comittee")]


def test_preloading_also_loads_the_language_profiles_the_first_check_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.ingest import langid

    monkeypatch.setattr(langid, "_factory", None)
    spelling.preload()
    assert langid._factory is not None
