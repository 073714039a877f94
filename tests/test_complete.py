"""Interactive completion on the real engine (fixture models): prefixes, words typed in part,
glossary terms, the memory, alternatives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.translate import packages
from workbench.translate.complete import Completer, Completion
from workbench.translate.engine import Engine
from workbench.translate.fixture import MARKER
from workbench.translate.glossary import GlossaryTerm
from workbench.translate.masking import mask, unmask

SENTENCES = [
    "Hej och välkommen till huset.",
    "Regeringen föreslår att skatten sänks med 1,5 kronor från 1 juli.",
    "Kontakta oss på kundtjanst@firma.se i dag.",
]


@pytest.fixture(scope="module")
def engine(fixture_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("marker") / "models"
    return Engine.load(packages.install_from_file(fixture_packages["marker"], folder))


@pytest.mark.parametrize("source", SENTENCES)
def test_every_prefix_of_the_translation_is_completed_to_the_translation(
    engine: Engine, source: str
) -> None:
    # The typed text ends anywhere, mid-word included; the completion starts where it ends.
    completer = Completer(engine, "sv")
    # The translation as MT makes it: masked (numbers, e-mails), translated, unmasked.
    masked = mask(source, lang="sv")
    full = unmask(engine.translate([masked.text])[0].text, masked)
    assert full is not None and full.startswith(MARKER)
    for cut in range(len(full)):
        typed = full[:cut]
        completion = completer.complete(source, typed)
        assert completion.typed == typed
        assert typed + completion.text == full, typed


def test_a_prefix_off_the_models_path_gets_the_models_forced_continuation(
    engine: Engine,
) -> None:
    completer = Completer(engine, "sv")
    source = SENTENCES[0]
    # No next word of the model starts "there": the model goes on from the typed pieces.
    typed = MARKER + "Hello there"
    pieces = engine.tokenize(typed)
    [(continuation, _)] = engine.continuations(source, pieces)
    forced = engine.decode(pieces + continuation)[len(engine.decode(pieces)) :]
    assert forced
    assert completer.complete(source, typed).text == forced


def test_glossary_terms_come_as_the_glossary_says_and_are_never_left_out(
    engine: Engine,
) -> None:
    completer = Completer(engine, "sv", [GlossaryTerm("katt", "feline")])
    source = "Hej katt i huset."
    assert completer.complete(source, "[en] Hej ").text == "feline i huset."
    # Typed past the term without it: a completion would contradict the glossary, so none.
    assert completer.complete(source, "[en] Hej cat i ").text == ""


def test_an_exact_memory_match_wins_while_the_typed_text_agrees(engine: Engine) -> None:
    completer = Completer(engine, "sv")
    memory = "Hello and welcome to the house."
    found = completer.complete(SENTENCES[0], "Hello a", memory)
    assert (found.text, found.origin) == ("nd welcome to the house.", "tm")
    assert completer.complete(SENTENCES[0], "[en] Hej ", memory).origin == "mt"


def test_alternatives_give_next_words_for_a_word_typed_in_part_and_n_best(
    engine: Engine,
) -> None:
    found = Completer(engine, "sv").alternatives(SENTENCES[0], "[en] Hej oc")
    assert found.head == "[en] Hej "
    assert found.next_words == ("och",)
    assert found.translations[0] == MARKER + SENTENCES[0]
    assert len(found.translations) > 1


def test_multi_line_sources_are_not_completed(engine: Engine) -> None:
    assert Completer(engine, "sv").complete("Hej.\nDå.", "[en] ").text == ""


def test_a_request_superseded_before_its_turn_never_reaches_the_engine(
    tmp_path: Path, install_model: Callable[[str], Path]
) -> None:
    from workbench.review.completion import CompletionTarget, complete
    from workbench.store import Store

    with Store.open(tmp_path / "c.db"):
        pass
    target = CompletionTarget(tmp_path / "c.db", install_model("marker"), SENTENCES[0], "sv", "en")
    assert complete(target, MARKER + "Hej ", lambda: False) is None
    found = complete(target, MARKER + "Hej ")
    assert found is not None and found.text == "och välkommen till huset."
    # Without an engine (none installed, or it failed to load) nothing but the memory answers.
    assert complete(replace(target, engine=False), MARKER + "Hej ") == Completion(
        MARKER + "Hej ", "", ""
    )
