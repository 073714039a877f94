"""The CLI's rough edges a new user hit: each reproduced, each fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer.main

from tests.support import SWEDISH_SEED
from workbench import __version__
from workbench.cli import app
from workbench.records import NewTranslation, Origin
from workbench.store import Store


@pytest.fixture
def one_approved(invoke, store_path: Path) -> int:  # type: ignore[no-untyped-def]
    """The Swedish seed with its first translatable segment translated, edited and approved."""
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    with Store.open(store_path) as store:
        first = store.documents.segment_ids(1, translatable_only=True)[0]
        store.reviews.record_translations([NewTranslation(first, "Machine text.", Origin.MT)])
        store.reviews.save_edit(
            first, "Human text.", "anna", store.documents.segment(first).translation_id
        )
        store.reviews.approve(first, "anna")
    return first


@pytest.mark.parametrize(("fmt", "name"), [("tsv", "corpus.tsv"), ("jsonl", "corpus.jsonl")])
def test_export_default_file_name_follows_the_format(  # type: ignore[no-untyped-def]
    invoke, one_approved: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).exists() and not (tmp_path / "corpus.tmx").exists()
    assert f"wrote 1 unit as {fmt} to {name}" in result.stderr


def test_segments_history_prints_every_version(  # type: ignore[no-untyped-def]
    invoke, one_approved: int
) -> None:
    plain = invoke("segments", "1").stdout
    history = invoke("segments", "1", "--history").stdout
    assert history != plain
    lines = [line for line in history.splitlines() if line.startswith(f"{one_approved} ")]
    assert len(lines) == 2
    assert "v1" in lines[0] and "mt" in lines[0] and "Machine text." in lines[0]
    assert "v2 (current)" in lines[1] and "anna" in lines[1] and "Human text." in lines[1]


def test_version_flag(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"workbench {__version__}")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ingest", "--bogus"], "No such option: --bogus (see `workbench ingest --help`)"),
        (["nosuch"], "No such command 'nosuch' (see `workbench --help`)"),
        (["segments", "abc"], "Invalid value for 'document'"),
        (["ingest"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_line(invoke, args: list[str], expected: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke(*args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("workbench: error: ") and expected in line
    assert result.stdout == ""


def test_every_option_has_help() -> None:
    def walk(command, path):  # type: ignore[no-untyped-def]
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from walk(sub, f"{path} {name}")
        yield path, command

    missing = [
        f"{path} {param.name}"
        for path, command in walk(typer.main.get_command(app), "workbench")
        for param in command.params
        if not getattr(param, "help", None)
    ]
    assert missing == []


def test_counts_use_singular_for_one(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "one.txt"
    article.write_text("Katten sover i soffan hela dagen.\n", encoding="utf-8")
    result = invoke("ingest", article, "--source-lang", "sv")
    assert "1 paragraph, 1 segment, 1 translatable" in result.stdout


def test_offline_run_says_the_index_is_unreachable_and_how_to_sideload(  # type: ignore[no-untyped-def]
    invoke,
) -> None:
    result = invoke("run", str(SWEDISH_SEED), "--yes")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "the package index could not be reached" in line
    assert "127.0.0.1:9" in line
    assert "workbench models install PATH.argosmodel" in line


def test_aligned_reference_is_listed_as_counterpart_outside_progress(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    from tests.cli.test_align_cli import ENGLISH, SWEDISH

    (tmp_path / "sv.txt").write_text(SWEDISH, "utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, "utf-8")
    assert invoke("align", tmp_path / "sv.txt", tmp_path / "en.txt").exit_code == 0
    listed = {d["id"]: d for d in json.loads(invoke("documents", "--json").stdout)}
    source, reference = (
        next(d for d in listed.values() if d["role"] == role) for role in ("source", "target")
    )
    assert reference["reference_of"] == source["id"]
    assert (reference["translatable"], reference["translated"], reference["approved"]) == (0, 0, 0)
    row = next(
        line
        for line in invoke("documents").stdout.splitlines()
        if line.startswith(f"{reference['id']} ")
    )
    assert f"reference of {source['id']}" in row and "en→sv" not in row
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["status"]["new"] == source["translatable"]


def test_cli_speaks_the_tui_vocabulary(invoke, one_approved: int, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "HTER" in invoke("stats").stdout.splitlines()[1]
    with Store.open(store_path) as store:
        boilerplate = next(s for s in store.documents.segments(1) if not s.translatable)
    row = next(
        line.split()
        for line in invoke("segments", "1").stdout.splitlines()
        if line.startswith(f"{boilerplate.id} ")
    )
    assert row[2:4] == [str(boilerplate.kind), "boilerplate"]
