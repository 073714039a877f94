"""Package management: checked installs, listing, removal, and the index over real loopback HTTP."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.errors import ModelError
from workbench.translate import packages

TOP = "translate-sv_en-1_0"


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def _write_zip(path: Path, members: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(info, "../../../etc/passwd")
    return path


def _entries(path: Path) -> list[str]:
    # The models folder's lock file is part of the layout, not a leftover.
    return sorted(p.name for p in path.iterdir() if p.name != ".lock") if path.exists() else []


def test_install_list_find_remove(fixture_packages: dict[str, Path], models_dir: Path) -> None:
    installed = packages.install_from_file(fixture_packages["copy"], models_dir)
    assert installed.path == models_dir / "translate-sv_en-1_0"
    assert (installed.from_code, installed.to_code) == ("sv", "en")
    assert (installed.from_name, installed.to_name) == ("Swedish", "English")
    assert installed.model_id == "translate-sv_en-1_0"
    assert installed.size_bytes == sum(
        f.stat().st_size for f in installed.path.rglob("*") if f.is_file()
    )
    assert packages.list_installed(models_dir) == [installed]
    assert packages.find_installed(models_dir, "sv", "en") == installed
    assert packages.remove_installed(models_dir, "sv", "en") == installed
    assert packages.list_installed(models_dir) == []
    assert _entries(models_dir) == []


def test_listing_skips_broken_folders(fixture_packages: dict[str, Path], models_dir: Path) -> None:
    packages.install_from_file(fixture_packages["copy"], models_dir)
    (models_dir / "empty").mkdir()
    (models_dir / "bad-json").mkdir()
    (models_dir / "bad-json" / "metadata.json").write_text("{not json")
    (models_dir / "stray-file.txt").write_text("hello")
    listed = packages.list_installed(models_dir)
    assert [p.path.name for p in listed] == ["translate-sv_en-1_0"]


def test_listing_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert packages.list_installed(tmp_path / "nowhere") == []


def test_missing_pair_names_it_and_both_ways_to_install(models_dir: Path) -> None:
    with pytest.raises(ModelError) as caught:
        packages.find_installed(models_dir, "sv", "en")
    message = str(caught.value)
    assert "sv→en" in message
    assert "workbench models install sv en" in message
    assert "workbench models install PATH.argosmodel" in message
    assert "\n" not in message


def test_pivot_is_reported_as_unsupported(
    fixture_packages: dict[str, Path], models_dir: Path
) -> None:
    packages.install_from_file(fixture_packages["copy"], models_dir)
    members = _members(fixture_packages["copy"])
    metadata = json.loads(members[f"{TOP}/metadata.json"])
    metadata.update(from_code="en", to_code="de", code="translate-en_de")
    members[f"{TOP}/metadata.json"] = json.dumps(metadata).encode()
    packages.install_from_file(_write_zip(models_dir.parent / "en_de.zip", members), models_dir)
    with pytest.raises(ModelError, match="sv→en and en→de are installed.*not supported"):
        packages.find_installed(models_dir, "sv", "de")


def test_same_pair_is_replaced(fixture_packages: dict[str, Path], models_dir: Path) -> None:
    packages.install_from_file(fixture_packages["copy"], models_dir)
    new = packages.install_from_file(fixture_packages["marker"], models_dir)
    assert packages.list_installed(models_dir) == [new]
    metadata = json.loads((new.path / "metadata.json").read_text())
    assert metadata["fixture"] == "marker"
    assert _entries(models_dir) == ["translate-sv_en-1_0"]


def _broken_archives(copy: Path, folder: Path) -> dict[str, Path]:
    good = _members(copy)
    without = {
        name: {k: v for k, v in good.items() if k != f"{TOP}/{name}"}
        for name in ("metadata.json", "model/model.bin", "sentencepiece.model")
    }
    not_zip = folder / "not-a-zip.argosmodel"
    not_zip.write_bytes(b"PK\x03\x04 this is not really a zip")
    return {
        "not a zip": not_zip,
        "absolute path": _write_zip(folder / "abs.zip", {**good, "/etc/evil": b"x"}),
        "parent path": _write_zip(folder / "dots.zip", {**good, f"{TOP}/../../evil": b"x"}),
        "symlink": _write_zip(folder / "link.zip", good, links=(f"{TOP}/model/link",)),
        "two folders": _write_zip(folder / "two.zip", {**good, "other/file": b"x"}),
        "loose file": _write_zip(folder / "loose.zip", {**good, "README.md": b"x"}),
        "no metadata": _write_zip(folder / "nometa.zip", without["metadata.json"]),
        "no model.bin": _write_zip(folder / "nomodel.zip", without["model/model.bin"]),
        "no tokenizer": _write_zip(folder / "nospm.zip", without["sentencepiece.model"]),
        "bad metadata": _write_zip(
            folder / "badmeta.zip", {**good, f"{TOP}/metadata.json": b"[1, 2]"}
        ),
        "bad tokenizer": _write_zip(
            folder / "badspm.zip", {**good, f"{TOP}/sentencepiece.model": b"garbage"}
        ),
    }


BROKEN = [
    ("not a zip", "not an .argosmodel"),
    ("absolute path", "unsafe member path '/etc/evil'"),
    ("parent path", "unsafe member path"),
    ("symlink", "link or special file"),
    ("two folders", "exactly one top-level folder"),
    ("loose file", "exactly one top-level folder"),
    ("no metadata", "missing translate-sv_en-1_0/metadata.json"),
    ("no model.bin", "missing translate-sv_en-1_0/model/model.bin"),
    ("no tokenizer", "missing translate-sv_en-1_0/sentencepiece.model"),
    ("bad metadata", "not a JSON object"),
    ("bad tokenizer", "not a sentencepiece model"),
]


@pytest.mark.parametrize(("case", "message"), BROKEN, ids=[case for case, _ in BROKEN])
def test_bad_archives_are_refused_and_change_nothing(
    fixture_packages: dict[str, Path], tmp_path: Path, case: str, message: str
) -> None:
    models_dir = tmp_path / "models"
    before = packages.install_from_file(fixture_packages["copy"], models_dir)
    snapshot = {p: p.read_bytes() for p in before.path.rglob("*") if p.is_file()}
    bad = _broken_archives(fixture_packages["copy"], tmp_path)[case]
    with pytest.raises(ModelError, match=message):
        packages.install_from_file(bad, models_dir)
    assert _entries(models_dir) == ["translate-sv_en-1_0"]
    assert {p: p.read_bytes() for p in before.path.rglob("*") if p.is_file()} == snapshot
    assert not (tmp_path / "evil").exists()
    assert not Path("/etc/evil").exists()


def test_unsafe_archive_is_refused_before_anything_is_extracted(
    fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    bad = _broken_archives(fixture_packages["copy"], tmp_path)["parent path"]
    models_dir = tmp_path / "models"
    with pytest.raises(ModelError):
        packages.install_from_file(bad, models_dir)
    assert _entries(models_dir) == []


def test_removing_a_missing_pair_says_so(models_dir: Path) -> None:
    with pytest.raises(ModelError, match="no sv→en translation package"):
        packages.remove_installed(models_dir, "sv", "en")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output clean."""


@pytest.fixture
def index_server(fixture_packages: dict[str, Path], tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving an index, a package and a non-package."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "translate-sv_en-1_0.argosmodel").write_bytes(fixture_packages["marker"].read_bytes())
    (root / "broken.argosmodel").write_bytes(b"<html>not found</html>")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    entry = {
        "package_version": "1.0",
        "argos_version": "1.9.0",
        "from_code": "sv",
        "from_name": "Swedish",
        "to_code": "en",
        "to_name": "English",
        "code": "translate-sv_en",
        "links": ["ipfs://skipped", f"{base}/translate-sv_en-1_0.argosmodel"],
    }
    older = {**entry, "package_version": "0.9", "links": [f"{base}/missing.argosmodel"]}
    broken = {
        **entry,
        "from_code": "sv",
        "to_code": "fi",
        "code": "translate-sv_fi",
        "links": [f"{base}/broken.argosmodel"],
    }
    (root / "index.json").write_text(json.dumps([older, entry, broken, {"junk": 1}]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{base}/index.json"
    server.shutdown()
    server.server_close()
    thread.join()


def test_index_is_parsed(index_server: str) -> None:
    available = packages.fetch_index(index_server)
    assert [(p.from_code, p.to_code, p.package_version) for p in available] == [
        ("sv", "en", "0.9"),
        ("sv", "en", "1.0"),
        ("sv", "fi", "1.0"),
    ]
    assert available[1].model_id == "translate-sv_en-1_0"
    assert available[1].links[0] == "ipfs://skipped"


def test_index_url_comes_from_the_environment_at_call_time(
    index_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(packages.INDEX_URL_ENV, index_server)
    assert packages.index_url() == index_server
    assert len(packages.fetch_index()) == 3


def test_install_from_index_downloads_the_newest(
    index_server: str, fixture_packages: dict[str, Path], models_dir: Path
) -> None:
    progress: list[tuple[int, int | None]] = []
    installed = packages.install_from_index(
        "sv", "en", models_dir, url=index_server, on_progress=lambda d, t: progress.append((d, t))
    )
    assert installed.package_version == "1.0"
    assert json.loads((installed.path / "metadata.json").read_text())["fixture"] == "marker"
    done = [d for d, _ in progress]
    assert done == sorted(done)
    assert progress[-1] == (fixture_packages["marker"].stat().st_size,) * 2
    assert _entries(models_dir) == ["translate-sv_en-1_0"]


def test_download_of_a_non_package_is_refused(index_server: str, tmp_path: Path) -> None:
    broken = next(p for p in packages.fetch_index(index_server) if p.to_code == "fi")
    with pytest.raises(ModelError, match="cannot download translate-sv_fi-1_0.*not an .argosmodel"):
        packages.download_package(broken, tmp_path / "downloads")
    assert _entries(tmp_path / "downloads") == []


def test_pair_missing_from_the_index(index_server: str, models_dir: Path) -> None:
    with pytest.raises(ModelError, match="has no sv→de package"):
        packages.install_from_index("sv", "de", models_dir, url=index_server)
    assert packages.list_installed(models_dir) == []


def test_offline_is_one_clear_error(models_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/index.json"
    with pytest.raises(ModelError) as caught:
        packages.install_from_index("sv", "en", models_dir, url=url)
    assert str(caught.value).startswith(f"cannot read the package index {url}: ")
    assert "\n" not in str(caught.value)
    assert _entries(models_dir) == []
