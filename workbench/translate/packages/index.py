"""The Argos package index: fetch it, download a listed package, install the newest for a pair."""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from workbench import __version__
from workbench.errors import ModelError
from workbench.translate.packages.archive import CHUNK_BYTES, inspect_archive, reason
from workbench.translate.packages.folder import TEMP_PREFIX, exclusive, make_dir
from workbench.translate.packages.installed import install_locked
from workbench.translate.packages.metadata import (
    AvailablePackage,
    InstalledPackage,
    available,
    safe_name,
    version_key,
)

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
INDEX_URL_ENV = "WORKBENCH_PACKAGE_INDEX"
_USER_AGENT = f"workbench/{__version__}"
_DOWNLOAD_SCHEMES = ("http", "https", "file")
ProgressCallback = Callable[[int, int | None], None]


def index_url(url: str | None = None) -> str:
    """The index to use: `url`, else $WORKBENCH_PACKAGE_INDEX, else Argos's public index."""
    return url or os.environ.get(INDEX_URL_ENV) or DEFAULT_INDEX_URL


def fetch_index(url: str | None = None, timeout: float = 10) -> list[AvailablePackage]:
    """Download and parse the package index (one attempt; `ModelError` when unreachable)."""
    source = index_url(url)
    try:
        with _open_url(source, timeout) as response:
            entries = json.loads(response.read())
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ModelError(
            f"cannot read the package index {source}: {reason(exc)}",
            hint="check the network, or install a file: workbench models install PATH.argosmodel",
        ) from exc
    if not isinstance(entries, list):
        raise ModelError(f"the package index {source} is not a JSON list of packages")
    return sorted(
        (package for entry in entries if (package := available(entry)) is not None),
        key=lambda p: (p.from_code, p.to_code, version_key(p.package_version)),
    )


def download_package(
    package: AvailablePackage,
    dest_dir: Path,
    on_progress: ProgressCallback | None = None,
    *,
    timeout: float = 60,
) -> Path:
    """Download `package` into `dest_dir`, check it is a package archive, return its path."""
    links = [link for link in package.links if link.split(":", 1)[0] in _DOWNLOAD_SCHEMES]
    if not links:
        raise ModelError(f"the index lists no downloadable link for {package.model_id}")
    make_dir(dest_dir)
    final = dest_dir / f"{safe_name(package.model_id)}.argosmodel"
    failures = []
    for link in links:
        handle, partial_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}download-", dir=dest_dir)
        partial = Path(partial_name)
        try:
            with os.fdopen(handle, "wb") as partial_file:
                _stream(link, partial_file, on_progress, timeout)
            inspect_archive(partial)
            partial.replace(final)
            return final
        except (OSError, ValueError, http.client.HTTPException, ModelError) as exc:
            failures.append(f"{link}: {reason(exc)}")
        finally:
            partial.unlink(missing_ok=True)
    raise ModelError(f"cannot download {package.model_id}: {'; '.join(failures)}")


def install_from_index(
    from_code: str,
    to_code: str,
    models_dir: Path,
    *,
    url: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> InstalledPackage:
    """Find the newest package for a pair in the index, download it and install it."""
    candidates = [p for p in fetch_index(url) if (p.from_code, p.to_code) == (from_code, to_code)]
    if not candidates:
        raise ModelError(
            f"the package index {index_url(url)} has no {from_code}→{to_code} package",
            hint="sideload a file with `workbench models install PATH.argosmodel`; "
            "translating through another language is not supported",
        )
    newest = max(candidates, key=lambda p: version_key(p.package_version))
    make_dir(models_dir)
    with (
        exclusive(models_dir),
        tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}download-", dir=models_dir) as tmp,
    ):
        archive = download_package(newest, Path(tmp), on_progress)
        return install_locked(archive, models_dir)


def _open_url(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    return urllib.request.urlopen(request, timeout=timeout)


def _stream(
    link: str, out: IO[bytes], on_progress: ProgressCallback | None, timeout: float
) -> None:
    with _open_url(link, timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        for chunk in _chunks(response):
            out.write(chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, total)
    if total is not None and done != total:
        raise ModelError(f"download stopped after {done} of {total} bytes")


def _chunks(response: Any) -> Iterator[bytes]:
    while chunk := response.read(CHUNK_BYTES):
        yield chunk
