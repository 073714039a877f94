"""The main job and model management through the CLI, on the self-built fixture packages."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.support import ENGLISH_SEED, SWEDISH_SEED
from workbench.records import Origin
from workbench.store import Store
from workbench.translate.stage import EngineProvider


def _digits_joined(text: str) -> str:
    return re.sub(r"(?<=\d)[ ,\u00a0](?=\d{3}\b)", "", text)


def test_run_translates_every_translatable_segment_once(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], store_path: Path
) -> None:
    install_model("marker")
    result = invoke("run", str(SWEDISH_SEED))
    assert result.exit_code == 0, result.stderr
    assert "next: workbench review" in result.stderr
    assert "translated 42 segments by MT" in result.stderr
    segments = json.loads(invoke("segments", "1", "--json", "--history").stdout)
    translatable = [s for s in segments if s["translatable"]]
    assert len(translatable) == 42
    for segment in translatable:
        # The marker model proves the text went through MT, and whose text it was; numbers
        # come back in English convention (3 700 → 3,700), so compare without separators.
        assert _digits_joined(segment["target"]) == "[en] " + _digits_joined(segment["source"])
        assert segment["status"] == "translated" and segment["origin"] == "mt"
        assert len(segment["history"]) == 1
        assert segment["history"][0]["model_id"].startswith("translate-sv_en")
        # one 0–100 scale everywhere; the model's own figure under its own name
        assert segment["confidence"] == 100.0 and segment["mt_log_prob"] == 0.0
        assert "score" not in segment
    assert all(s["target"] is None for s in segments if not s["translatable"])
    assert any("3,700" in s["target"] for s in translatable)
    with Store.open(store_path) as store:
        beads = store.conn.execute("SELECT bead_type, count(*) FROM beads GROUP BY 1").fetchall()
        assert beads == [("1-1", 42)]
        assert all(
            v.origin == Origin.MT for s in translatable for v in store.reviews.history(s["id"])
        )

    again = invoke("run", str(SWEDISH_SEED))
    assert again.exit_code == 0
    assert "nothing to translate: 42 segments already have a target" in again.stderr


def test_run_says_what_to_do_next_with_the_new_document_id(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], tmp_path: Path
) -> None:
    install_model("marker")
    other = tmp_path / "andra.txt"
    other.write_text("Rubrik\n\nDet här är en annan artikel om vädret i Sverige.\n", "utf-8")
    assert invoke("run", str(other)).exit_code == 0  # document 1
    result = invoke("run", str(SWEDISH_SEED))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    translated = next(i for i, line in enumerate(lines) if line.startswith("translated "))
    hint = next(i for i, line in enumerate(lines) if line.startswith("next:"))
    assert hint > translated
    assert "workbench review 2" in lines[hint] and "workbench render 2" in lines[hint]
    assert "DOC" not in lines[hint]


def test_run_without_model_offline_says_how_to_install(invoke, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("run", str(SWEDISH_SEED), "--yes")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "sv→en" in line or "sv-en" in line or "sv to en" in line
    assert "models install sv en" in line and ".argosmodel" in line
    assert not store_path.exists() or Store.open(store_path).documents.summaries() == []


def test_models_install_list_remove(  # type: ignore[no-untyped-def]
    invoke, fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    installed = invoke("models", "install", str(fixture_packages["copy"]))
    assert installed.exit_code == 0, installed.stderr
    listing = json.loads(invoke("models", "list", "--json").stdout)
    assert [(p["from_code"], p["to_code"]) for p in listing] == [("sv", "en")]
    assert Path(listing[0]["path"]).parent == tmp_path / "models"
    assert invoke("models", "remove", "sv", "en").exit_code == 0
    assert json.loads(invoke("models", "list", "--json").stdout) == []


def test_translate_document_id_then_idempotent(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path]
) -> None:
    install_model("copy")
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    first = invoke("translate", "1", "--json")
    assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["machine"] == 42 and report["already_done"] == 0
    second = json.loads(invoke("translate", "1", "--json").stdout)
    assert second["machine"] == 0 and second["already_done"] == 42


def test_pivot_pair_is_refused_clearly(invoke, install_model) -> None:  # type: ignore[no-untyped-def]
    install_model("copy")
    result = invoke("run", "--target-lang", "de", str(SWEDISH_SEED))
    assert result.exit_code == 2
    assert "sv→de" in result.stderr or "sv-de" in result.stderr or "sv to de" in result.stderr


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SWEDISH_SEED, folder / "sv.txt")
    shutil.copy(ENGLISH_SEED, folder / "en.txt")
    return folder


def test_translate_folder_skips_a_file_already_in_english_and_says_so(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], tmp_path: Path
) -> None:
    install_model("marker")
    folder = _mixed_folder(tmp_path)
    result = invoke("translate", folder, "--json")
    assert result.exit_code == 3, result.stderr  # done, but some inputs were skipped
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert str(folder / "en.txt") in warnings[0] and "skipped" in warnings[0]
    assert json.loads(result.stdout)["machine"] == 42
    documents = json.loads(invoke("documents", "--json").stdout)
    assert [d["path"] for d in documents] == [str(folder / "sv.txt")]

    # nothing left to translate is an error, as for one file
    only_english = tmp_path / "english"
    only_english.mkdir()
    shutil.copy(ENGLISH_SEED, only_english / "en.txt")
    refused = invoke("translate", only_english)
    assert refused.exit_code == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "already in the target language" in refused.stderr


def test_explicit_source_lang_overrides_detection_with_a_warning(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], tmp_path: Path
) -> None:
    install_model("marker")
    folder = _mixed_folder(tmp_path)
    result = invoke("translate", folder, "--source-lang", "sv")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert str(folder / "en.txt") in warnings[0] and "--source-lang sv" in warnings[0]
    documents = json.loads(invoke("documents", "--json").stdout)
    assert sorted(d["source_lang"] for d in documents) == ["sv", "sv"]


def test_run_translates_all_its_files_in_shared_batches(  # type: ignore[no-untyped-def]
    invoke, install_model: Callable[[str], Path], tmp_path: Path, monkeypatch
) -> None:
    install_model("marker")
    calls: list[list[str]] = []
    original = EngineProvider.get
    wrapped: set[int] = set()

    def recording(self: EngineProvider):  # type: ignore[no-untyped-def]
        engine = original(self)
        if id(engine) in wrapped:
            return engine
        wrapped.add(id(engine))
        translate = engine.translate

        def record(texts, **options):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return translate(texts, **options)

        monkeypatch.setattr(engine, "translate", record)
        return engine

    monkeypatch.setattr(EngineProvider, "get", recording)
    shared = "Kommunen har beslutat att bygga en ny bro över älven i år."
    files = []
    for number in range(2):
        path = tmp_path / f"artikel{number}.txt"
        path.write_text(f"Rubrik nummer {number} om bron\n\n{shared}\n", "utf-8")
        files.append(path)
    result = invoke("run", *files)
    assert result.exit_code == 0, result.stderr
    # both documents in one batch, and the sentence they share translated once
    assert len(calls) == 1
    assert sum(text.count("bro över älven") for text in calls[0]) == 1
    assert len(result.stdout.strip().splitlines()) == 2  # both articles written
