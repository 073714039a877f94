"""argostranslate on a workbench package, offline, in its own process (benchmark and compat test).

argostranslate reads its settings from the environment when imported and imports torch, so it
only ever runs in a child: `python -m workbench.bench.argos SPEC.json` prints one JSON object.
Its sentence splitter is spaCy's rule-based `sentencizer` on a blank pipeline saved into the
package (`ARGOS_CHUNK_TYPE=SPACY`), which needs no download; stanza and MiniSBD would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def prepare(
    root: Path,
    package_dir: Path,
    *,
    intra_threads: int,
    inter_threads: int,
    batch_tokens: int | None = None,
    compute_type: str | None = None,
) -> dict[str, str]:
    """Copy the package into argos's folders under `root`; return the child's environment.

    `batch_tokens` and `compute_type` left None keep argos's own defaults (32 tokens, auto).
    """
    packages = root / "packages"
    if not (packages / package_dir.name).exists():
        shutil.copytree(package_dir, packages / package_dir.name)
        # With a cached multilingual model present argos never tries to download one; the
        # package's own blank spaCy pipeline (made by the child) does the sentence splitting.
        (root / "cache" / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True)
    env = {
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "ARGOS_PACKAGES_DIR": str(packages),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_INTRA_THREADS": str(intra_threads),
        "ARGOS_INTER_THREADS": str(inter_threads),
    }
    if batch_tokens is not None:
        env["ARGOS_BATCH_SIZE"] = str(batch_tokens)
    if compute_type is not None:
        env["ARGOS_COMPUTE_TYPE"] = compute_type
    return env


def run(
    env: dict[str, str], texts: list[str], *, from_code: str = "sv", to_code: str = "en"
) -> dict[str, Any]:
    """Translate each text with one `translate` call in a child process (see `translate`)."""
    spec = {"texts": texts, "from_code": from_code, "to_code": to_code}
    completed = subprocess.run(
        [sys.executable, "-m", "workbench.bench.argos"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"argostranslate failed:\n{completed.stderr[-3000:]}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def translate(spec: dict[str, Any]) -> dict[str, Any]:
    """In the child: translate `spec["texts"]`, one `translate` call each, as argos users do.

    Returns the outputs, the sentences argos's splitter made of each text (not timed), the
    seconds and CPU seconds of the translate calls, the import time and the peak RSS.
    """
    import resource

    started = time.perf_counter()
    import argostranslate.translate as argos_translate

    import_s = time.perf_counter() - started
    import spacy

    from_code, to_code = spec["from_code"], spec["to_code"]
    packages = Path(os.environ["ARGOS_PACKAGES_DIR"])
    for package in packages.iterdir():
        if not (package / "spacy").exists():
            spacy.blank("xx").to_disk(package / "spacy")
    translation = argos_translate.get_translation_from_codes(from_code, to_code)
    translation.translate("Hej.")  # loads the model, as Engine.load does for the others
    started, cpu_started = time.perf_counter(), time.process_time()
    outputs = [translation.translate(text) for text in spec["texts"]]
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    # The CachedTranslation wrapper keeps the PackageTranslation, whose splitter we ask.
    sentencizer = translation.underlying.sentencizer
    return {
        "outputs": outputs,
        "sentences": [sentencizer.split_sentences(text) for text in spec["texts"]],
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu_s, 3),
        "import_s": round(import_s, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(translate(json.loads(sys.stdin.read()))))
