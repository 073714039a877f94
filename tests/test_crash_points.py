"""Every command that writes, killed before each of its durable steps: nothing lost or doubled.

Adding a command is one line in `CASES` (`writes_files(...)` for a command with output files,
`CrashCase(...)` otherwise); `tests/crashpoints.py` does the rest.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.crashpoints import CrashCase, crash_at_every_point
from tests.support import ENGLISH_SEED, ROOT, SWEDISH_SEED
from workbench.records import NewTranslation, Origin
from workbench.store import Store
from workbench.translate import packages
from workbench.translate.engine import Engine
from workbench.translate.fixture import MARKER

pytestmark = pytest.mark.slow

_TIME_COLUMNS = {"created", "updated", "reviewed_at", "time"}
# Surrogate keys of rows a run adds: a resumed run batches (and so numbers) its remaining
# segments in another order than an uninterrupted one, with the same content.
_ROW_IDS = {"id", "current_translation_id", "parent_id", "translation_id"}
_TABLES = ("documents", "segments", "translations", "beads", "tm_entries", "glossary")
_TIMESTAMP = re.compile(rb"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)?")
_OLD = b"an older export\n"


def store_state(work: Path) -> object:
    """Every user-visible row of the store, without the times a rerun changes."""
    path = work / "store.db"
    if not path.exists():
        return None
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        return {
            table: sorted(
                repr(
                    {
                        k: _stable(row[k])
                        for k in row.keys()
                        if k not in _TIME_COLUMNS and (table == "documents" or k not in _ROW_IDS)
                    }
                )
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")
            )
            for table in _TABLES
        }


def _stable(value: object) -> object:
    # Alignment scores differ in the last bits between runs (summation order), not in meaning.
    return round(value, 9) if isinstance(value, float) else value


# --- starting states -------------------------------------------------------------------------


# The session's fixture archives, for the cases (built at import) to name when they run.
ARCHIVES: dict[str, Path] = {}


@pytest.fixture(scope="module", autouse=True)
def _archives(fixture_packages: dict[str, Path]) -> None:
    ARCHIVES.update(fixture_packages)


def _with_store(work: Path) -> None:
    """The Swedish seed ingested, half its segments translated and approved."""
    with Store.open(work / "store.db") as store:
        from workbench.pipeline import prepare_inputs, run

        list(run(store, prepare_inputs([str(SWEDISH_SEED)]), None))
        ids = store.documents.segment_ids(1, translatable_only=True)[:6]
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i}", Origin.MT) for i in ids]
        )
        for segment_id in ids:
            store.reviews.approve(segment_id, "anna")


def _translated(work: Path) -> None:
    """The seed with a target for every translatable segment: an article to render."""
    _with_store(work)
    with Store.open(work / "store.db") as store:
        ids = [s.id for s in store.documents.untranslated_segments(1)]
        store.reviews.record_translations(
            [NewTranslation(i, f"English {i}.", Origin.MT) for i in ids]
        )


def _with_model(work: Path) -> None:
    packages.install_from_file(ARCHIVES["marker"], work / "models")


def _with_store_and_model(work: Path) -> None:
    """The approved seed, a long second document (several commit chunks), and the model."""
    _with_store(work)
    long_article = work / "long.txt"
    long_article.write_text(
        "\n\n".join(
            f"Det här är mening nummer {n} i en lång artikel om vädret." for n in range(150)
        ),
        encoding="utf-8",
    )
    with Store.open(work / "store.db") as store:
        from workbench.pipeline import prepare_inputs, run

        list(run(store, prepare_inputs([str(long_article)], source_lang="sv"), None))
    _with_model(work)


def _with_inputs(work: Path) -> None:
    shutil.copy(SWEDISH_SEED, work / "sv.txt")
    shutil.copy(ENGLISH_SEED, work / "en.txt")
    shutil.copy(ROOT / "tests" / "data" / "text_scraped_sv.txt", work / "sv2.txt")
    shutil.copy(ROOT / "tests" / "data" / "qa_glossary.csv", work / "terms.csv")
    (work / "pairs.tsv").write_text(
        "".join(f"Mening nummer {n}.\tSentence number {n}.\n" for n in range(40)),
        encoding="utf-8",
    )


def _with_store_and_inputs(work: Path) -> None:
    _with_store(work)
    _with_inputs(work)


def _with_old_outputs(
    prepare: Callable[[Path], None], names: tuple[str, ...]
) -> Callable[[Path], None]:
    def prepare_with_outputs(work: Path) -> None:
        prepare(work)
        for name in names:
            (work / name).write_bytes(_OLD)

    return prepare_with_outputs


# --- invariants right after a kill -----------------------------------------------------------


def _normalised(data: bytes) -> bytes:
    return _TIMESTAMP.sub(b"T", data)


def _outputs_old_or_new(names: tuple[str, ...]) -> Callable[[Path, Path], None]:
    def check(work: Path, reference: Path) -> None:
        found = []
        for name in names:
            path = work / name
            if not path.exists():
                found.append("missing")
                continue
            data = path.read_bytes()
            if data == _OLD:
                found.append("old")
            else:
                assert _normalised(data) == _normalised((reference / name).read_bytes()), name
                found.append("new")
        # Files of one export may go missing in a crash, never stand beside another export's.
        assert not {"old", "new"} <= set(found), found

    return check


def _outputs_state(names: tuple[str, ...]) -> Callable[[Path], object]:
    def state(work: Path) -> object:
        return [_normalised((work / name).read_bytes()) for name in names], store_state(work)

    return state


def _package_translates(work: Path, reference: Path) -> None:
    package = packages.find_installed(work / "models", "sv", "en")
    text = Engine.load(package).translate(["Hej."])[0].text
    assert text in ("Hej.", MARKER + "Hej.")


def _packages_state(work: Path) -> object:
    return [
        (p.path.name, p.from_code, p.to_code, (p.path / "metadata.json").read_text())
        for p in packages.list_installed(work / "models")
    ]


def _backup_state(work: Path) -> object:
    return store_state(work), store_state_of(work / "copy.db")


def store_state_of(path: Path) -> object:
    folder = path.parent / "view"
    folder.mkdir(exist_ok=True)
    shutil.copy(path, folder / "store.db")
    try:
        return store_state(folder)
    finally:
        shutil.rmtree(folder)


def _backup_complete(work: Path) -> bool:
    return (work / "copy.db").exists()


def writes_files(
    name: str,
    args: list[str],
    *outputs: str,
    prepare: Callable[[Path], None] = _with_store,
) -> CrashCase:
    """A command whose `outputs` (present, from an older run) must end old or new, never torn."""
    return CrashCase(
        name,
        lambda work: args,
        _with_old_outputs(prepare, outputs),
        _outputs_state(outputs),
        after_crash=_outputs_old_or_new(outputs),
    )


CASES = [
    CrashCase(
        "models-install",
        lambda work: ["models", "install", str(ARCHIVES["copy"])],
        _with_model,
        _packages_state,
        after_crash=_package_translates,
    ),
    writes_files("export-tmx", ["export", "-f", "tmx", "-o", "out.tmx"], "out.tmx"),
    writes_files("export-xliff", ["export", "-f", "xliff", "-o", "out.xlf"], "out.xlf"),
    writes_files("export-tsv", ["export", "-f", "tsv", "-o", "out.tsv"], "out.tsv"),
    writes_files("export-jsonl", ["export", "-f", "jsonl", "-o", "out.jsonl"], "out.jsonl"),
    writes_files("export-moses", ["export", "-f", "moses", "-o", "out"], "out.sv", "out.en"),
    writes_files("render", ["render", "1", "-o", "out.html"], "out.html", prepare=_translated),
    CrashCase(
        "store-backup",
        lambda work: ["store", "backup", "copy.db"],
        _with_store,
        _backup_state,
        finished=_backup_complete,
    ),
    CrashCase(
        "tm-import", lambda work: ["tm", "import", "pairs.tsv"], _with_store_and_inputs, store_state
    ),
    CrashCase(
        "glossary-import",
        lambda work: ["glossary", "import", "terms.csv"],
        _with_store_and_inputs,
        store_state,
    ),
    CrashCase("ingest", lambda work: ["ingest", "sv.txt", "sv2.txt"], _with_inputs, store_state),
    CrashCase(
        "translate", lambda work: ["translate", "1", "2"], _with_store_and_model, store_state
    ),
    CrashCase(
        "align",
        lambda work: ["align", "sv.txt", "en.txt", "--source-lang", "sv", "--target-lang", "en"],
        _with_inputs,
        store_state,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_kill_at_any_durable_step_loses_and_doubles_nothing(
    case: CrashCase, tmp_path: Path
) -> None:
    steps = crash_at_every_point(case, tmp_path)
    print(f"{case.name}: {steps} crash points")
    assert steps > 0
