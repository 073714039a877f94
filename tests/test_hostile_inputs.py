"""Hostile and broken inputs: one clear error line, exit code 2, the store exactly as it was.

Each case builds its bad input and returns the CLI arguments; add a case to grow the list.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ENGLISH_SEED, SWEDISH_SEED
from workbench.store import Store

Case = Callable[[Path], list[str]]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def empty_file(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "empty.txt", b""))]


def only_whitespace(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "blank.txt", b" \n\n\t  \n"))]


def only_boilerplate(tmp: Path) -> list[str]:
    text = "Kommentar (0)\n\nNo data\n\nArv\n\nFigur\n\nFöretag\n"
    return ["ingest", str(_write(tmp / "menu.txt", text.encode()))]


def binary_file(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "data.txt", bytes(range(256)) * 20))]


def png_renamed(tmp: Path) -> list[str]:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    return ["ingest", str(_write(tmp / "photo.txt", png))]


def latin1_text(tmp: Path) -> list[str]:
    text = "Lönen för en person är cirka 37 miljoner VND.\n\nDetta är en mening på svenska."
    return ["ingest", str(_write(tmp / "latin1.txt", text.encode("latin-1")))]


def utf16_text(tmp: Path) -> list[str]:
    text = "Lönen för en person är cirka 37 miljoner VND.\n\nDetta är en mening på svenska."
    return ["ingest", str(_write(tmp / "utf16.txt", text.encode("utf-16")))]


def fifty_megabytes(tmp: Path) -> list[str]:
    path = tmp / "huge.txt"
    with path.open("wb") as handle:
        handle.write("Detta är en mening. ".encode() * (50 * 1024 * 1024 // 21))
    return ["ingest", str(path)]


def long_paragraph(tmp: Path) -> list[str]:
    words = " ".join(f"ord{i % 97}" for i in range(40_000))[:200_000]
    return ["ingest", str(_write(tmp / "long.txt", words.encode()))]


def wrong_language(tmp: Path) -> list[str]:
    return ["ingest", str(ENGLISH_SEED)]  # already English: nothing to translate


def a_directory(tmp: Path) -> list[str]:
    (tmp / "folder").mkdir()
    return ["ingest", str(tmp / "folder")]


def missing_path(tmp: Path) -> list[str]:
    return ["ingest", str(tmp / "nowhere.txt")]


def store_under_a_file(tmp: Path) -> list[str]:
    blocker = _write(tmp / "plain-file", b"x")
    return ["ingest", "--store", str(blocker / "store.db"), str(SWEDISH_SEED)]


def corrupt_store(tmp: Path) -> list[str]:
    bad = _write(tmp / "corrupt.db", b"this is not sqlite" * 100)
    return ["documents", "--store", str(bad)]


def truncated_store(tmp: Path) -> list[str]:
    source = tmp / "full.db"
    with Store.open(source) as store:
        store.documents.add(
            path="x", title="x", sha256="1", source_lang="sv", target_lang="en", segments=[]
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = source.read_bytes()
    return ["documents", "--store", str(_write(tmp / "truncated.db", data[: len(data) // 3]))]


def newer_schema_store(tmp: Path) -> list[str]:
    path = tmp / "newer.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    return ["documents", "--store", str(path)]


def model_not_a_zip(tmp: Path) -> list[str]:
    return ["models", "install", str(_write(tmp / "bad.argosmodel", b"hello, not a zip"))]


def _package(tmp: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


_METADATA = json.dumps(
    {"package_version": "1.0", "from_code": "sv", "to_code": "en", "type": "translate"}
).encode()


def model_without_metadata(tmp: Path) -> list[str]:
    package = _package(
        tmp,
        "nometa.argosmodel",
        {"translate-sv_en/model/model.bin": b"0", "translate-sv_en/sentencepiece.model": b"0"},
    )
    return ["models", "install", str(package)]


def model_without_model_files(tmp: Path) -> list[str]:
    package = _package(tmp, "nomodel.argosmodel", {"translate-sv_en/metadata.json": _METADATA})
    return ["models", "install", str(package)]


def model_with_path_traversal(tmp: Path) -> list[str]:
    package = _package(
        tmp,
        "evil.argosmodel",
        {
            "translate-sv_en/metadata.json": _METADATA,
            "translate-sv_en/model/model.bin": b"0",
            "translate-sv_en/sentencepiece.model": b"0",
            "../../x": b"escaped",
        },
    )
    return ["models", "install", str(package)]


def export_to_missing_directory(tmp: Path) -> list[str]:
    return ["export", "--format", "tmx", "-o", str(tmp / "no" / "such" / "dir" / "out.tmx")]


def unknown_export_format(tmp: Path) -> list[str]:
    return ["export", "--format", "docx", "-o", str(tmp / "out.docx")]


def bad_segment_range(tmp: Path) -> list[str]:
    return ["approve", "1", "--segments", "5-x"]


CASES: list[Case] = [
    empty_file,
    only_whitespace,
    only_boilerplate,
    binary_file,
    png_renamed,
    latin1_text,
    utf16_text,
    fifty_megabytes,
    long_paragraph,
    wrong_language,
    a_directory,
    missing_path,
    store_under_a_file,
    corrupt_store,
    truncated_store,
    newer_schema_store,
    model_not_a_zip,
    model_without_metadata,
    model_without_model_files,
    model_with_path_traversal,
    export_to_missing_directory,
    unknown_export_format,
    bad_segment_range,
]


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        if path.name.endswith(("-wal", "-shm")):
            continue  # SQLite's transient companions of an opened file, not its content
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    case: Case, tmp_path: Path, store_path: Path, invoke: Callable[..., object]
) -> None:
    seeded = invoke("ingest", str(SWEDISH_SEED))
    assert seeded.exit_code == 0, seeded.stderr  # type: ignore[attr-defined]
    with Store.open(store_path) as store:
        before = store.content_digest()
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args = case(inputs)
    inputs_before = _tree_digest(inputs)
    models_before = _tree_digest(tmp_path / "models")

    result = invoke(*args)

    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2, (stderr, result.stdout)  # type: ignore[attr-defined]
    assert stderr.startswith("workbench: error: ")
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    with Store.open(store_path) as store:
        assert store.content_digest() == before
    assert _tree_digest(inputs) == inputs_before, "a bad input file was modified"
    assert _tree_digest(tmp_path / "models") == models_before
    assert not (tmp_path.parent / "x").exists()
