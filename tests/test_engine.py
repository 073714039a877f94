"""The CTranslate2 engine, run for real on the fixture models."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import pytest

from tests.support import run_python
from workbench.errors import ModelError
from workbench.translate import packages
from workbench.translate.engine import MAX_INPUT_PIECES, Engine, MTResult, get_engine
from workbench.translate.fixture import MARKER
from workbench.translate.packages import InstalledPackage

SENTENCES = [
    "Hej!",
    "Vi ses på måndag klockan 09.30.",
    "Regeringen föreslår att skatten på bensin sänks med 1,5 kronor per liter från 1 juli.",
    "”Det här är en bra dag”, sa hon – och log.",
    "Andelen ökade från 12 % till 17,5 % på tre år.",
    "Kontakta oss på kundtjanst@firma.se eller ring 08-123 45 67.",
    "Filen heter rapport_2024_slutlig.pdf och ligger i mappen /data/ut.",
    "Ångermanälven, Öresund och Åre ligger i Sverige.",
    "Nguyễn Văn An flyttade från Hà Nội till Göteborg 2019.",
    "Ja.",
]


def _install(archive: Path, folder: Path) -> InstalledPackage:
    return packages.install_from_file(archive, folder / "models")


@pytest.fixture(scope="module")
def copy_engine(
    fixture_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Engine:
    return Engine.load(_install(fixture_packages["copy"], tmp_path_factory.mktemp("copy")))


@pytest.fixture(scope="module")
def marker_engine(
    fixture_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Engine:
    return Engine.load(_install(fixture_packages["marker"], tmp_path_factory.mktemp("marker")))


def test_copy_model_returns_its_inputs(copy_engine: Engine) -> None:
    results = copy_engine.translate(SENTENCES)
    assert [r.text for r in results] == SENTENCES


def test_marker_proves_each_segment_went_through_the_model(marker_engine: Engine) -> None:
    results = marker_engine.translate(SENTENCES)
    assert [r.text for r in results] == [MARKER + s for s in SENTENCES]


def test_order_is_kept_across_sorting_and_many_batches(copy_engine: Engine) -> None:
    rng = random.Random(7)
    words = " ".join(SENTENCES).split()
    texts = [
        f"{index}: " + " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        for index in range(120)
    ]
    progress: list[int] = []
    results = copy_engine.translate(texts, on_progress=progress.append, batch_tokens=64)
    assert [r.text for r in results] == texts
    assert len(progress) > 10
    assert progress == sorted(progress)
    assert progress[-1] == len(texts)


def test_scores_are_log_probabilities(copy_engine: Engine) -> None:
    results = copy_engine.translate(SENTENCES)
    assert all(isinstance(r, MTResult) and isinstance(r.score, float) for r in results)
    assert all(r.score <= 0.0 for r in results)


def test_long_input_is_not_truncated(marker_engine: Engine) -> None:
    sentence = " ".join(f"punkt {n} i listan, därefter" for n in range(1, 21))
    assert 300 < len(marker_engine.tokenize(sentence)) <= MAX_INPUT_PIECES
    [result] = marker_engine.translate([sentence])
    assert result.text == MARKER + sentence


def test_input_longer_than_the_model_takes_is_split_at_words(marker_engine: Engine) -> None:
    sentence = " ".join(f"rad {n}" for n in range(400))
    pieces = len(marker_engine.tokenize(sentence))
    assert pieces > 2 * MAX_INPUT_PIECES
    [result] = marker_engine.translate([sentence])
    assert result.text.replace(MARKER, "") == sentence
    assert result.text.count(MARKER) == -(-pieces // MAX_INPUT_PIECES)


def test_line_breaks_and_outer_whitespace_are_kept(marker_engine: Engine) -> None:
    text = "  Första raden\nAndra raden  \n\n Tredje raden\t"
    [result] = marker_engine.translate([text])
    expected = "  [en] Första raden\n[en] Andra raden  \n\n [en] Tredje raden\t"
    assert result.text == expected


def test_underscores_and_repeated_words_survive(copy_engine: Engine) -> None:
    texts = ["snake_case_namn och __init__", "ja ja ja ja ja ja ja ja"]
    assert [r.text for r in copy_engine.translate(texts)] == texts


def test_blank_inputs_come_back_empty(marker_engine: Engine) -> None:
    results = marker_engine.translate(["", "Hej!", "   ", "\n\n"])
    assert [r.text for r in results] == ["", MARKER + "Hej!", "", ""]
    assert [r.score for r in results if not r.text] == [0.0, 0.0, 0.0]


class _RefusingTranslator:
    """Stands in for CTranslate2 where the point is that it is never asked."""

    def translate_batch(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the model was called")


def test_blank_inputs_never_reach_the_model(copy_engine: Engine) -> None:
    engine = Engine(
        copy_engine.package,
        _RefusingTranslator(),
        copy_engine._tokenizer,
        beam_size=4,
        device="cpu",
        compute_type="int8",
        inter_threads=1,
        version="test",
    )
    progress: list[int] = []
    assert engine.translate(["", " \n\t "], on_progress=progress.append) == [
        MTResult("", 0.0),
        MTResult("", 0.0),
    ]
    assert engine.translate([]) == []


def test_substitution_variant_maps_words(fixture_packages: dict[str, Path], tmp_path: Path) -> None:
    engine = Engine.load(_install(fixture_packages["subst"], tmp_path))
    [result] = engine.translate(["Hej, min katt och din hund."])
    assert result.text == "Hello, min cat and din dog."


def test_target_prefix_is_forced_then_dropped(
    fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    # The marker model's first step emits "▁[" anyway, so forcing it as the prefix keeps the
    # rest of the output; the engine must then strip exactly that piece.
    with zipfile.ZipFile(fixture_packages["marker"]) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    metadata_name = next(name for name in members if name.endswith("/metadata.json"))
    metadata = json.loads(members[metadata_name])
    metadata["target_prefix"] = "\u2581["
    members[metadata_name] = json.dumps(metadata).encode()
    prefixed = tmp_path / "prefixed.argosmodel"
    with zipfile.ZipFile(prefixed, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    engine = Engine.load(_install(prefixed, tmp_path))
    assert engine.package.target_prefix == "\u2581["
    assert [r.text for r in engine.translate(["Hej!", "Ja."])] == ["en] Hej!", "en] Ja."]


def test_signature_and_model_id(copy_engine: Engine) -> None:
    import ctranslate2

    assert copy_engine.model_id == "translate-sv_en-1_0"
    assert copy_engine.signature == (
        f"ctranslate2={ctranslate2.__version__}|model=translate-sv_en-1_0|beam=4|device=cpu|compute=int8"
    )


def test_one_engine_per_package_and_options(copy_engine: Engine) -> None:
    package = copy_engine.package
    first = get_engine(package)
    assert get_engine(package) is first
    other = get_engine(package, beam_size=2)
    assert other is not first
    assert other.signature.endswith("|beam=2|device=cpu|compute=int8")
    assert other.translate(["Hej!"])[0].text == "Hej!"


def test_broken_model_is_a_model_error(fixture_packages: dict[str, Path], tmp_path: Path) -> None:
    package = _install(fixture_packages["copy"], tmp_path)
    (package.path / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot load the model in"):
        Engine.load(package)


def test_translating_imports_neither_torch_nor_argostranslate(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from workbench.translate.fixture import build_fixture_package\n"
        "from workbench.translate import packages\n"
        "from workbench.translate.engine import get_engine\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "archive = build_fixture_package(folder / 'm.argosmodel', variant='marker')\n"
        "package = packages.install_from_file(archive, folder / 'models')\n"
        "print(get_engine(package).translate(['Hej!'])[0].text)\n"
        "heavy = ('torch', 'stanza', 'spacy', 'argostranslate')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    assert run_python(script).splitlines() == ["[en] Hej!", "[]"]
