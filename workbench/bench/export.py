"""Benchmark: export 1,000,000 units to every format, in seconds, megabytes and resident memory.

Baselines from the same run: iterating the units without writing, and for TMX the two obvious
alternatives on a smaller slice — translate-toolkit's `tmxfile` (whole tree in memory) and lxml
building one `<tu>` element at a time. Optionally times the store-backed path. Never run from tests.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from workbench.bench import emit
from workbench.export import export_to_path, format_names, get_exporter
from workbench.export.base import ExportUnit, tmx_timestamp
from workbench.export.stage import export_documents
from workbench.records import NewSegment, NewTranslation, Origin, SegmentKind, SegmentStatus
from workbench.store import Store

_WORDS = (
    "regeringen budget skolan vädret staden kommunen nya gamla stora många flera under efter "
    "mellan enligt samtidigt presenterade ökade minskade beslutade räknar kräver visar har är "
    "government budget school weather city council new old large many several during after "
    "between according presented increased decreased decided expects demands shows has is"
).split()


def _texts(pairs_path: Path | None, rng: random.Random) -> list[tuple[str, str]]:
    """Up to 50,000 (source, target) texts to cycle through: a Tatoeba-style TSV or generated."""
    if pairs_path is not None:
        with pairs_path.open(encoding="utf-8") as stream:
            rows = (line.rstrip("\n").split("\t") for line in stream)
            return [(row[1], row[0]) for row in itertools.islice(rows, 50_000) if len(row) > 1]
    return [
        (
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 24))).capitalize() + ".",
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 24))).capitalize() + ".",
        )
        for _ in range(5000)
    ]


def _units(count: int, texts: list[tuple[str, str]]) -> Iterator[ExportUnit]:
    origins = (Origin.MT, Origin.MT, Origin.HUMAN, Origin.TM)
    for number in range(count):
        source, target = texts[number % len(texts)]
        document_id = number // 500 + 1
        paragraph, index = divmod(number % 500, 5)
        stamp = f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}T{number % 24:02d}:15:07.123456"
        yield ExportUnit(
            source=source,
            target=target,
            source_lang="sv",
            target_lang="en",
            document=f"Artikel {document_id}",
            document_id=document_id,
            position=f"{paragraph + 1}.{index + 1}",
            segment_ids=(number + 1,),
            bead_type="1-1",
            origin=origins[number % len(origins)],
            status=SegmentStatus.APPROVED,
            author="reviewer",
            created=stamp + "+00:00",
            changed=stamp + "+00:00",
            score=None,
        )


def _rss_mb() -> float:
    """Resident memory now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return _peak_rss_mb()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sampled(
    units: Iterator[ExportUnit], checkpoint: int, samples: dict[str, float]
) -> Iterator[ExportUnit]:
    count = 0
    for unit in units:
        yield unit
        count += 1
        if count == checkpoint:
            samples[f"rss_mb_at_{checkpoint}"] = round(_rss_mb(), 1)
    samples[f"rss_mb_at_{count}"] = round(_rss_mb(), 1)


def _lxml_tmx_seconds(units: Iterator[ExportUnit]) -> float:
    """The natural lxml writer: build each `<tu>` as elements, stream it with `xmlfile`."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    started = time.perf_counter()
    with etree.xmlfile(io.BytesIO(), encoding="utf-8") as xml, xml.element("tmx"):
        with xml.element("body"):
            for unit in units:
                tu = etree.Element(
                    "tu",
                    creationdate=tmx_timestamp(unit.created),
                    changedate=tmx_timestamp(unit.changed),
                )
                for kind, value in (
                    ("x-document", unit.document),
                    ("x-position", unit.position),
                    ("x-origin", unit.origin.value),
                    ("x-status", unit.status.value),
                ):
                    etree.SubElement(tu, "prop", type=kind).text = value
                for lang, text in (("sv", unit.source), ("en", unit.target)):
                    tuv = etree.SubElement(tu, "tuv", {xml_lang: lang})
                    etree.SubElement(tuv, "seg").text = text
                xml.write(tu)
    return time.perf_counter() - started


def _ttk_tmx(units: Iterator[ExportUnit]) -> tuple[float, float]:
    """translate-toolkit's `tmxfile`: seconds and resident-memory growth in MB."""
    before = _rss_mb()
    started = time.perf_counter()
    store = tmxfile(sourcelanguage="sv", targetlanguage="en")
    for unit in units:
        store.addtranslation(unit.source, "sv", unit.target, "en")
    grown = _rss_mb() - before
    store.serialize(io.BytesIO())
    return time.perf_counter() - started, grown


def _store_export(count: int, texts: list[tuple[str, str]], folder: Path) -> dict[str, float]:
    """Fill a real store with `count` approved segments and time `export_documents` to TMX."""
    with Store.open(folder / "bench.db") as store:
        for first in range(0, count, 1000):
            size = min(1000, count - first)
            segments = [
                NewSegment(
                    n // 5 + 1,
                    n % 5 + 1,
                    texts[(first + n) % len(texts)][0],
                    " ",
                    SegmentKind.BODY,
                    "sv",
                    0.99,
                    True,
                )
                for n in range(size)
            ]
            document, _ = store.documents.add(
                path=f"doc{first}.txt",
                title=f"Artikel {first}",
                sha256=f"{first:064d}",
                source_lang="sv",
                target_lang="en",
                segments=segments,
            )
            ids = [s.id for s in store.documents.segments(document.id)]
            store.reviews.record_translations(
                [
                    NewTranslation(i, texts[(first + n) % len(texts)][1], Origin.MT)
                    for n, i in enumerate(ids)
                ]
            )
            store.reviews.approve_many(document.id, ids, "bench")
        started = time.perf_counter()
        summary = export_documents(store, "tmx", folder / "store.tmx")
        seconds = time.perf_counter() - started
    return {
        "store_units": summary.units,
        "store_tmx_s": round(seconds, 3),
        "store_units_per_s": round(summary.units / seconds),
    }


def main(argv: list[str]) -> int:
    """Run the export benchmark; `--json` prints one JSON object."""
    parser = argparse.ArgumentParser(prog="workbench.bench export", description=__doc__)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--formats", default=",".join(format_names()))
    parser.add_argument("--checkpoint", type=int, default=100_000, help="RSS sample point")
    parser.add_argument("--baseline-units", type=int, default=100_000)
    parser.add_argument("--store-units", type=int, default=0, help="0 skips the store path")
    parser.add_argument("--pairs", type=Path, help="Tatoeba-style en<TAB>sv TSV for the texts")
    parser.add_argument("--out-dir", type=Path, help="keep the files here (default: temp dir)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    texts = _texts(args.pairs, random.Random(1))
    result: dict[str, object] = {"units": args.units, "rss_mb_start": round(_rss_mb(), 1)}
    started = time.perf_counter()
    for _ in _units(args.units, texts):
        pass
    generation_s = time.perf_counter() - started
    result["baseline_generate_only_s"] = round(generation_s, 3)

    with tempfile.TemporaryDirectory() as temp:
        folder = args.out_dir or Path(temp)
        formats: dict[str, dict[str, object]] = {}
        for name in args.formats.split(","):
            samples: dict[str, float] = {}
            path = folder / f"corpus{get_exporter(name).extensions[0]}"
            started = time.perf_counter()
            summary = export_to_path(
                name,
                _sampled(_units(args.units, texts), args.checkpoint, samples),
                path,
                source_lang="sv",
                target_lang="en",
            )
            seconds = time.perf_counter() - started
            size_mb = sum(written.stat().st_size for written in summary.paths) / 2**20
            formats[name] = {
                "seconds": round(seconds, 3),
                "seconds_without_generation": round(seconds - generation_s, 3),
                "mb": round(size_mb, 1),
                "units_per_s": round(summary.units / seconds),
                **samples,
            }
            if args.out_dir is None:
                for written in summary.paths:
                    written.unlink()
        result["formats"] = formats
        result["peak_rss_mb_after_streaming"] = round(_peak_rss_mb(), 1)

        sample = args.baseline_units
        started = time.perf_counter()
        get_exporter("tmx").write(
            _units(sample, texts), io.BytesIO(), source_lang="sv", target_lang="en"
        )
        ours_s = time.perf_counter() - started
        lxml_s = _lxml_tmx_seconds(_units(sample, texts))
        ttk_s, ttk_mb = _ttk_tmx(_units(sample, texts))
        result["tmx_slice"] = {
            "units": sample,
            "workbench_s": round(ours_s, 3),
            "lxml_elements_s": round(lxml_s, 3),
            "translate_toolkit_s": round(ttk_s, 3),
            "translate_toolkit_rss_growth_mb": round(ttk_mb, 1),
            "lxml_over_workbench": round(lxml_s / ours_s, 2),
            "translate_toolkit_over_workbench": round(ttk_s / ours_s, 2),
        }
        if args.store_units:
            result["store"] = _store_export(args.store_units, texts, Path(temp))

    return emit(result, args.json)
