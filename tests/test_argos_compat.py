"""The workbench translates a package exactly as argostranslate does (argos runs in a child).

Each segment goes to argos alone and each paragraph whole, so argos splits (with its
no-download spaCy splitter) and batches the sentences itself; outputs are compared wherever
argos's split gave the same sentences as our segments. Set WORKBENCH_REAL_PACKAGE=
path.argosmodel to run the same check on a real package.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED
from workbench.bench import argos
from workbench.pipeline import prepare_inputs
from workbench.translate.engine import Engine
from workbench.translate.packages import InstalledPackage, install_from_file

PARAGRAPHS = [
    ["Hej och välkommen!", "Katten och hunden sover i soffan."],
    ["Vi ses på måndag klockan 09.30.", "Andelen ökade från 12 % till 17,5 % på tre år."],
    ["Ångermanälven, Öresund och Åre ligger i Sverige."],
    ["Regeringen föreslår att skatten på bensin sänks med 1,5 kronor per liter från 1 juli."],
    ["Nguyễn Văn An flyttade från Hà Nội till Göteborg 2019.", "Ja.", "Hunden åt."],
]


def _compare(package: InstalledPackage, paragraphs: list[list[str]], root: Path) -> int:
    """Assert identical outputs wherever argos saw the same sentences; return how many did.

    Each segment goes to argos alone, and each paragraph whole (argos splits and batches it).
    """
    segments = [sentence for paragraph in paragraphs for sentence in paragraph]
    env = argos.prepare(root, package.path, intra_threads=1, inter_threads=1, compute_type="int8")
    by_argos = argos.run(env, segments + [" ".join(paragraph) for paragraph in paragraphs])
    engine = Engine.load(package, intra_threads=1)
    ours = [result.text for result in engine.translate(segments)]

    compared = 0
    for segment, split, argos_output, our_output in zip(
        segments, by_argos["sentences"], by_argos["outputs"], ours, strict=False
    ):
        if split == [segment]:
            assert argos_output == our_output, segment
            compared += 1
    position = 0
    for paragraph, split, argos_output in zip(
        paragraphs,
        by_argos["sentences"][len(segments) :],
        by_argos["outputs"][len(segments) :],
        strict=True,
    ):
        if split == paragraph:
            assert argos_output == " ".join(ours[position : position + len(paragraph)])
            compared += len(paragraph)
        position += len(paragraph)
    return compared


@pytest.mark.slow
def test_fixture_package_translates_identically(
    fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    # The substitution model changes some words, so a different decode would show.
    package = install_from_file(fixture_packages["subst"], tmp_path / "models")
    segments = sum(len(paragraph) for paragraph in PARAGRAPHS)
    assert _compare(package, PARAGRAPHS, tmp_path / "argos") == 2 * segments


@pytest.mark.slow
def test_argos_turns_underscores_into_spaces_and_we_do_not(
    fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    package = install_from_file(fixture_packages["copy"], tmp_path / "models")
    text = "Filen heter rapport_2024_slutlig.pdf."
    env = argos.prepare(tmp_path / "argos", package.path, intra_threads=1, inter_threads=1)
    assert argos.run(env, [text])["outputs"] == ["Filen heter rapport 2024 slutlig.pdf."]
    assert Engine.load(package).translate([text])[0].text == text


@pytest.mark.skipif(
    not os.environ.get("WORKBENCH_REAL_PACKAGE"),
    reason="set WORKBENCH_REAL_PACKAGE=path.argosmodel to compare on a real package",
)
def test_real_package_translates_identically(tmp_path: Path) -> None:
    archive = Path(os.environ["WORKBENCH_REAL_PACKAGE"])
    package = install_from_file(archive, tmp_path / "models")
    [seed] = prepare_inputs([str(SWEDISH_SEED)], source_lang=package.from_code)
    # argos turns "_" into a space (see above): those segments cannot come out the same.
    seed_segments = [[s.source] for s in seed.segments if s.translatable and "_" not in s.source]
    paragraphs = [*PARAGRAPHS, *seed_segments]
    segments = sum(len(paragraph) for paragraph in paragraphs)
    # Where argos's splitter cuts a segment differently the inputs differ; most must agree.
    assert _compare(package, paragraphs, tmp_path / "argos") >= 1.5 * segments
