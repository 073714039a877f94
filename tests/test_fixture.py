"""The self-built fixture package: deterministic, a real Argos layout, real tokenizer and model."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.support import run_python
from workbench.errors import InputError
from workbench.translate import fixture

TOP = "translate-sv_en-1_0"


@pytest.fixture(scope="module")
def copy_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture.build_fixture_package(tmp_path_factory.mktemp("fixture") / "copy.argosmodel")


def test_same_bytes_every_build(copy_archive: Path, tmp_path: Path) -> None:
    again = fixture.build_fixture_package(tmp_path / "again.argosmodel")
    assert again.read_bytes() == copy_archive.read_bytes()


def test_variants_differ_only_in_the_model(copy_archive: Path, tmp_path: Path) -> None:
    marker = fixture.build_fixture_package(tmp_path / "m.argosmodel", variant="marker")
    with zipfile.ZipFile(copy_archive) as copy_zip, zipfile.ZipFile(marker) as marker_zip:
        tokenizer = f"{TOP}/sentencepiece.model"
        assert copy_zip.read(tokenizer) == marker_zip.read(tokenizer)
        weights = f"{TOP}/model/model.bin"
        assert copy_zip.read(weights) != marker_zip.read(weights)


def test_archive_has_the_argos_layout(copy_archive: Path) -> None:
    with zipfile.ZipFile(copy_archive) as archive:
        names = set(archive.namelist())
        metadata = json.loads(archive.read(f"{TOP}/metadata.json"))
    assert {
        f"{TOP}/metadata.json",
        f"{TOP}/sentencepiece.model",
        f"{TOP}/model/model.bin",
        f"{TOP}/model/config.json",
        f"{TOP}/model/shared_vocabulary.json",
        f"{TOP}/README.md",
    } <= names
    assert metadata["from_code"] == "sv"
    assert metadata["to_code"] == "en"
    assert metadata["type"] == "translate"
    assert metadata["package_version"] == fixture.PACKAGE_VERSION
    assert metadata["fixture"] == "copy"


def test_model_config_appends_source_eos(copy_archive: Path) -> None:
    with zipfile.ZipFile(copy_archive) as archive:
        config = json.loads(archive.read(f"{TOP}/model/config.json"))
        vocabulary = json.loads(archive.read(f"{TOP}/model/shared_vocabulary.json"))
    assert config["add_source_eos"] is True
    assert vocabulary[:3] == ["<unk>", "<s>", "</s>"]


def test_tokenizer_never_produces_unknown_pieces(copy_archive: Path) -> None:
    import sentencepiece as spm

    with zipfile.ZipFile(copy_archive) as archive:
        processor = spm.SentencePieceProcessor(
            model_proto=archive.read(f"{TOP}/sentencepiece.model")
        )
    text = "Smörgåsbord på Łódź-gatan kostar 12 € (≈ 140 kr) – “billigt” 😀 ngõ Hà Nội"
    ids = processor.encode(text)
    assert processor.unk_id() not in ids
    assert processor.decode(ids) == text


def test_substitution_words_are_single_pieces(copy_archive: Path) -> None:
    import sentencepiece as spm

    with zipfile.ZipFile(copy_archive) as archive:
        processor = spm.SentencePieceProcessor(
            model_proto=archive.read(f"{TOP}/sentencepiece.model")
        )
    for source, target in fixture.SUBSTITUTIONS:
        assert len(processor.encode(source)) == 1, source
        assert len(processor.encode(target)) == 1, target


def test_unknown_variant_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown fixture variant 'huge'"):
        fixture.build_fixture_package(tmp_path / "x.argosmodel", variant="huge")
    assert not (tmp_path / "x.argosmodel").exists()


def test_command_line_writes_the_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sub" / "subst.argosmodel"
    assert fixture.main([str(out), "--variant", "subst"]) == 0
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read(f"{TOP}/metadata.json"))["fixture"] == "subst"
    assert str(out) in capsys.readouterr().out


def test_building_never_imports_torch(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from workbench.translate.fixture import build_fixture_package\n"
        f"build_fixture_package(Path({str(tmp_path / 'x.argosmodel')!r}), variant='marker')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'argostranslate')))\n"
    )
    assert run_python(script).strip() == "[]"
    assert (tmp_path / "x.argosmodel").stat().st_size > 0
