"""Export formats and corpus readers: one contract over every format, then each format's details."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage.tmx import tmxfile
from translate.storage.xliff import xlifffile

from tests.support import run_python
from workbench.errors import ExportError
from workbench.export import ExportUnit, export_to_path, format_names, get_exporter
from workbench.export.base import TextCleaner, tmx_timestamp
from workbench.export.read import ImportedPair, ImportReport, read_pairs
from workbench.export.tsv import COLUMNS
from workbench.export.xliff import STATE_BY_STATUS, STATUS_BY_STATE
from workbench.records import Origin, SegmentStatus

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STRICT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def make_unit(source: str, target: str, **changes: object) -> ExportUnit:
    fields: dict[str, object] = {
        "source": source,
        "target": target,
        "source_lang": "sv",
        "target_lang": "en",
        "document": "Nyheter 12 mars",
        "document_id": 1,
        "position": "1.1",
        "segment_ids": (10,),
        "bead_type": "1-1",
        "origin": Origin.MT,
        "status": SegmentStatus.APPROVED,
        "author": "anna",
        "created": "2024-03-12T09:15:00.250000+00:00",
        "changed": "2024-03-12T10:02:33Z",
        "score": -0.42,
    }
    fields.update(changes)
    return ExportUnit(**fields)  # type: ignore[arg-type]


UNITS = [
    make_unit("Regeringen presenterade budgeten.", "The government presented the budget."),
    make_unit(
        "Den ökar försvaret. Och skolan.",
        "It boosts defence and schools.",
        position="1.2-1.3",
        segment_ids=(11, 12),
        bead_type="2-1",
        origin=Origin.HUMAN,
        author=None,
        score=None,
    ),
    make_unit(
        "Vädret blir kallt.",
        "The weather turns cold.",
        document="Väder & vind",
        document_id=2,
        position="3.1",
        segment_ids=(40,),
        origin=Origin.TM,
        status=SegmentStatus.EDITED,
        author="björn",
    ),
]
PAIRS = [(unit.source, unit.target) for unit in UNITS]

# One of each kind of character no format can carry, in source and target.
HOSTILE_SOURCE = 'A & B < C ]]> D "q" \x01bell\x0bvt\ud800lone'
HOSTILE_TARGET = "Tab\there\nline\r\ncr \ufffe end \ud83d\ude00"
HOSTILE_REPLACED = 4  # \x01, \x0b, \ud800 and \ufffe; the surrogate pair joins into one emoji
HOSTILE_SOURCE_CLEAN = 'A & B < C ]]> D "q" bellvt\ufffdlone'
HOSTILE_TARGET_CLEAN = "Tab\there\nline\r\ncr \ufffd end \U0001f600"


def export(tmp_path: Path, name: str, units: list[ExportUnit], stem: str = "out") -> Path:
    path = tmp_path / f"{stem}{get_exporter(name).extensions[0]}"
    export_to_path(name, units, path, source_lang="sv", target_lang="en")
    return path


def parsed_units(name: str, path: Path) -> list[tuple[str, str]]:
    """Read an export back with an independent parser for its format."""
    if name == "tmx":
        root = etree.parse(str(path), STRICT_PARSER).getroot()
        return [
            (
                tu.findtext("tuv[@xml:lang='sv']/seg", namespaces=_XML_NS),
                tu.findtext("tuv[@xml:lang='en']/seg", namespaces=_XML_NS),
            )
            for tu in root.iter("tu")
        ]
    if name == "xliff":
        root = etree.parse(str(path), STRICT_PARSER).getroot()
        ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
        return [
            (unit.findtext("x:source", namespaces=ns), unit.findtext("x:target", namespaces=ns))
            for unit in root.iterfind(".//x:trans-unit", namespaces=ns)
        ]
    if name == "tsv":
        lines = path.read_text(encoding="utf-8").split("\n")[1:-1]
        return [tuple(line.split("\t")[:2]) for line in lines]  # type: ignore[misc]
    if name == "jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [(record["source"], record["target"]) for record in records]
    sources = path.with_name(f"{path.name}.sv").read_text(encoding="utf-8").split("\n")
    targets = path.with_name(f"{path.name}.en").read_text(encoding="utf-8").split("\n")
    assert sources[-1] == targets[-1] == ""
    return list(zip(sources[:-1], targets[:-1], strict=True))


_XML_NS = {"xml": "http://www.w3.org/XML/1998/namespace"}


def written_paths(name: str, path: Path) -> list[Path]:
    if name == "moses":
        return [path.with_name(f"{path.name}.sv"), path.with_name(f"{path.name}.en")]
    return [path]


@pytest.mark.parametrize("name", format_names())
class TestExportContract:
    """Every registered format keeps these promises."""

    def test_writes_every_unit_and_reports_the_files(self, tmp_path: Path, name: str) -> None:
        path = tmp_path / "corpus"
        summary = export_to_path(name, iter(UNITS), path, source_lang="sv", target_lang="en")
        assert summary.format == name
        assert summary.units == len(UNITS)
        assert summary.replaced_chars == 0
        assert list(summary.paths) == written_paths(name, path)
        assert sorted(tmp_path.iterdir()) == sorted(summary.paths)
        assert parsed_units(name, path) == PAIRS

    def test_failure_midway_leaves_no_file_and_keeps_the_old_one(
        self, tmp_path: Path, name: str
    ) -> None:
        path = tmp_path / "corpus"
        for existing in written_paths(name, path):
            existing.write_text("previous export\n", encoding="utf-8")

        def units_then_crash() -> Iterator[ExportUnit]:
            yield from UNITS * 500
            raise RuntimeError("store went away")

        with pytest.raises(RuntimeError, match="store went away"):
            export_to_path(name, units_then_crash(), path, source_lang="sv", target_lang="en")
        assert sorted(tmp_path.iterdir()) == sorted(written_paths(name, path))
        for existing in written_paths(name, path):
            assert existing.read_text(encoding="utf-8") == "previous export\n"

    def test_failure_on_first_unit_creates_nothing(self, tmp_path: Path, name: str) -> None:
        def broken() -> Iterator[ExportUnit]:
            raise KeyboardInterrupt
            yield  # pragma: no cover

        with pytest.raises(KeyboardInterrupt):
            export_to_path(name, broken(), tmp_path / "c", source_lang="sv", target_lang="en")
        assert list(tmp_path.iterdir()) == []

    def test_missing_directory_is_one_line_export_error(self, tmp_path: Path, name: str) -> None:
        missing = tmp_path / "no" / "such"
        with pytest.raises(ExportError) as caught:
            export_to_path(name, UNITS, missing / "c", source_lang="sv", target_lang="en")
        message = str(caught.value)
        assert "\n" not in message
        assert str(missing) in message and "does not exist" in message
        assert not (tmp_path / "no").exists()

    def test_hostile_text_comes_out_well_formed_and_counted(
        self, tmp_path: Path, name: str
    ) -> None:
        units = [make_unit(HOSTILE_SOURCE, HOSTILE_TARGET), UNITS[0]]
        summary = export_to_path(
            name, units, tmp_path / "hostile", source_lang="sv", target_lang="en"
        )
        assert summary.replaced_chars == HOSTILE_REPLACED
        source, target = parsed_units(name, tmp_path / "hostile")[0]
        if name in ("tmx", "xliff", "jsonl"):
            assert (source, target) == (HOSTILE_SOURCE_CLEAN, HOSTILE_TARGET_CLEAN)
        else:
            assert source == HOSTILE_SOURCE_CLEAN
            assert target == "Tab here line  cr \ufffd end \U0001f600"
        assert parsed_units(name, tmp_path / "hostile")[1] == PAIRS[0]

    def test_empty_export_is_a_valid_file(self, tmp_path: Path, name: str) -> None:
        summary = export_to_path(name, [], tmp_path / "none", source_lang="sv", target_lang="en")
        assert summary.units == 0
        assert parsed_units(name, tmp_path / "none") == []


def test_registry_lists_formats_and_rejects_unknown_names() -> None:
    assert format_names() == ("tmx", "xliff", "tsv", "moses", "jsonl")
    with pytest.raises(ExportError, match="unknown export format 'csv'.*tmx, xliff, tsv"):
        get_exporter("csv")


def test_importing_the_package_loads_no_xml_library() -> None:
    code = (
        "import sys, workbench.export, workbench.export.read, workbench.translate.memory; "
        "print(sorted(m for m in ('lxml', 'translate', 'rapidfuzz', 'numpy') if m in sys.modules))"
    )
    assert run_python(code).strip() == "[]"


def test_text_cleaner_counts_and_escapes() -> None:
    clean = TextCleaner()
    assert clean("plain") == "plain"
    assert clean.xml_text("a<b>&]]>\r") == "a&lt;b&gt;&amp;]]&gt;&#13;"
    assert clean.xml_attr('say "x"\t\n') == "say &quot;x&quot;&#9;&#10;"
    assert clean("\x00\x1f\ud800\udc00\udfff") == "\U00010000\ufffd"
    assert clean.replaced == 3


@pytest.mark.parametrize(
    ("iso", "tmx"),
    [
        ("2024-03-12T10:02:33Z", "20240312T100233Z"),
        ("2024-03-12T10:02:33.999+00:00", "20240312T100233Z"),
        ("2024-03-12T10:02:33", "20240312T100233Z"),
        ("2024-03-12T12:02:33+02:00", "20240312T100233Z"),
    ],
)
def test_tmx_timestamp(iso: str, tmx: str) -> None:
    assert tmx_timestamp(iso) == tmx


def test_tmx_timestamp_rejects_garbage() -> None:
    with pytest.raises(ExportError, match="not an ISO 8601 timestamp: 'yesterday'"):
        tmx_timestamp("yesterday")


def test_tmx_header_units_and_props(tmp_path: Path) -> None:
    path = export(tmp_path, "tmx", UNITS)
    root = etree.parse(str(path), STRICT_PARSER).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.get("creationtool") == "workbench"
    assert header.get("creationtoolversion")
    assert {key: header.get(key) for key in ("srclang", "adminlang", "segtype", "datatype")} == {
        "srclang": "sv",
        "adminlang": "en",
        "segtype": "sentence",
        "datatype": "plaintext",
    }
    assert header.get("o-tmf") and len(header.get("creationdate", "")) == 16
    first, second, third = root.iter("tu")
    assert first.get("creationdate") == "20240312T091500Z"
    assert first.get("changedate") == "20240312T100233Z"
    assert first.get("creationid") == first.get("changeid") == "anna"
    assert second.get("changeid") is None
    assert all(tuv.get(XML_LANG) in ("sv", "en") for tuv in root.iter("tuv"))
    props = {prop.get("type"): prop.text for prop in second.iter("prop")}
    assert props == {
        "x-document": "Nyheter 12 mars",
        "x-document-id": "1",
        "x-position": "1.2-1.3",
        "x-segment-ids": "11,12",
        "x-bead-type": "2-1",
        "x-origin": "human",
        "x-status": "approved",
    }
    assert third.findtext("prop[@type='x-document']") == "Väder & vind"
    assert third.findtext("prop[@type='x-origin']") == "tm"
    # the MT log-probability -0.42 as the confidence a translator reads: 100 × e^-0.42
    assert first.findtext("prop[@type='x-confidence']") == "66"
    assert not root.findall(".//prop[@type='x-score']")


def test_tmx_reads_back_with_translate_toolkit_and_read_pairs(tmp_path: Path) -> None:
    path = export(tmp_path, "tmx", UNITS)
    store = tmxfile.parsefile(str(path))
    assert store.sourcelanguage == "sv"
    assert [(unit.source, unit.target) for unit in store.units] == PAIRS
    imported = list(read_pairs(path))
    assert [(pair.source, pair.target) for pair in imported] == PAIRS
    assert {(pair.source_lang, pair.target_lang) for pair in imported} == {("sv", "en")}
    assert imported[0].origin_note == f"{path.name}:6"


def test_xliff_states_metadata_and_files(tmp_path: Path) -> None:
    units = [*UNITS, make_unit("Nej.", "No.", status=SegmentStatus.REJECTED, segment_ids=(9,))]
    path = export(tmp_path, "xliff", units)
    root = etree.parse(str(path), STRICT_PARSER).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    files = root.findall("x:file", ns)
    assert [file.get("original") for file in files] == [
        "Nyheter 12 mars",
        "Väder & vind",
        "Nyheter 12 mars",
    ]
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("sv", "en")}
    trans_units = root.findall(".//x:trans-unit", ns)
    assert [unit.get("id") for unit in trans_units] == ["10", "11-12", "40", "9"]
    assert [unit.find("x:target", ns).get("state") for unit in trans_units] == [
        "final",
        "final",
        "translated",
        "needs-translation",
    ]
    assert trans_units[0].get("approved") == "yes" and trans_units[2].get("approved") is None

    def context(unit: etree._Element, name: str) -> str | None:
        return unit.findtext(f"x:context-group/x:context[@context-type='x-{name}']", None, ns)

    assert context(trans_units[1], "segment-ids") == "11,12"
    assert context(trans_units[1], "origin") == "human"
    assert context(trans_units[2], "author") == "björn"
    assert context(trans_units[0], "confidence") == "66"
    assert context(trans_units[0], "score") is None
    assert context(trans_units[1], "confidence") is None  # a human translation has none


def test_xliff_reads_back_with_translate_toolkit_and_read_pairs(tmp_path: Path) -> None:
    path = export(tmp_path, "xliff", UNITS)
    store = xlifffile.parsefile(str(path))
    assert [(unit.source, unit.target) for unit in store.units] == PAIRS
    assert [unit.isapproved() for unit in store.units] == [True, True, False]
    imported = list(read_pairs(path))
    assert [(pair.source, pair.target) for pair in imported] == PAIRS
    assert imported[0] == ImportedPair(*PAIRS[0], "sv", "en", f"{path.name}:6")


def test_status_state_tables_are_inverse() -> None:
    for status in SegmentStatus:
        assert STATUS_BY_STATE[STATE_BY_STATUS[status]] is status
    assert STATUS_BY_STATE["signed-off"] is SegmentStatus.APPROVED


def test_tsv_header_columns_and_read_back(tmp_path: Path) -> None:
    path = export(tmp_path, "tsv", UNITS)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert lines[2].split("\t") == [
        *PAIRS[1],
        "Nyheter 12 mars",
        "1.2-1.3",
        "human",
        "approved",
        "",
        "2024-03-12T10:02:33Z",
    ]
    assert [(pair.source, pair.target) for pair in read_pairs(path)] == PAIRS


def test_moses_writes_two_aligned_files(tmp_path: Path) -> None:
    summary = export_to_path("moses", UNITS, tmp_path / "c", source_lang="sv", target_lang="en")
    assert summary.paths == (tmp_path / "c.sv", tmp_path / "c.en")
    assert (tmp_path / "c.sv").read_text(encoding="utf-8").splitlines() == [s for s, _ in PAIRS]
    assert (tmp_path / "c.en").read_text(encoding="utf-8").splitlines() == [t for _, t in PAIRS]


def test_moses_refuses_a_single_stream_or_one_language(tmp_path: Path) -> None:
    with open(tmp_path / "x", "wb") as out, pytest.raises(ExportError, match="two files"):
        get_exporter("moses").write(UNITS, out, source_lang="sv", target_lang="en")
    with pytest.raises(ExportError, match="got sv twice"):
        export_to_path("moses", UNITS, tmp_path / "c", source_lang="sv", target_lang="sv")


def test_jsonl_carries_every_field(tmp_path: Path) -> None:
    path = export(tmp_path, "jsonl", UNITS)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[1] == {
        "source": PAIRS[1][0],
        "target": PAIRS[1][1],
        "source_lang": "sv",
        "target_lang": "en",
        "document": "Nyheter 12 mars",
        "document_id": 1,
        "position": "1.2-1.3",
        "segment_ids": [11, 12],
        "bead_type": "2-1",
        "origin": "human",
        "status": "approved",
        "author": None,
        "created": "2024-03-12T09:15:00.250000+00:00",
        "changed": "2024-03-12T10:02:33Z",
        "confidence": None,
        "mt_log_prob": None,
    }
    assert (records[0]["confidence"], records[0]["mt_log_prob"]) == (65.7, -0.42)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


TMX_FROM_ANOTHER_TOOL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-GB" creationtool="x" creationtoolversion="1"
 segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-GB">
<seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="de-DE"><seg>Speichern</seg></tuv>
<tuv xml:lang="sv-SE"><seg>Tryck på <hi>Spara</hi>.</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>Only English.</seg></tuv></tu>
<tu><prop type="x-status">rejected</prop>
<tuv lang="SV"><seg>Fel.</seg></tuv><tuv lang="EN"><seg>Wrong.</seg></tuv></tu>
<tu><tuv lang="SV"><seg>Ja.</seg></tuv><tuv lang="EN"><seg>Yes.</seg></tuv></tu>
</body></tmx>
"""


def test_read_tmx_matches_language_prefixes_and_strips_inline_codes(tmp_path: Path) -> None:
    path = write(tmp_path / "other.tmx", TMX_FROM_ANOTHER_TOOL)
    assert list(read_pairs(path)) == [
        ImportedPair("Tryck på Spara.", "Press Save.", "sv-SE", "en-GB", "other.tmx:5"),
        ImportedPair("Ja.", "Yes.", "sv", "en", "other.tmx:12"),
    ]


def test_read_tmx_without_the_languages_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "other.tmx", TMX_FROM_ANOTHER_TOOL)
    with pytest.raises(
        ExportError,
        match=r"no usable fi→en pair in its 4 units \(skipped: 4 without both languages\)",
    ):
        list(read_pairs(path, source_lang="fi"))


def test_read_malformed_tmx_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.tmx", '<tmx version="1.4"><body>\n<tu><tuv>\n</body></tmx>')
    with pytest.raises(ExportError, match=r"bad\.tmx: line 3: malformed TMX"):
        list(read_pairs(path))


def test_read_tmx_drops_and_counts_entities_it_does_not_expand(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET")
    path = write(
        tmp_path / "xxe.tmx",
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="sv"><seg>Hej &x;då</seg></tuv>'
        '<tuv xml:lang="en"><seg>ok</seg></tuv></tu></body></tmx>',
    )
    report = ImportReport()
    assert [pair.source for pair in read_pairs(path, report=report)] == ["Hej då"]
    assert report.entities.dropped == 1


def test_read_tsv_detects_headers_and_skips_empty_rows(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.tsv", "Hej.\tHi.\n\nTack.\t\nGod natt.\tGood night.\textra\n")
    assert [(pair.source, pair.target, pair.origin_note) for pair in read_pairs(plain)] == [
        ("Hej.", "Hi.", "plain.tsv:1"),
        ("God natt.", "Good night.", "plain.tsv:4"),
    ]
    swapped = write(tmp_path / "swapped.tsv", "\ufeffen-US\tsv\r\nHi.\tHej.\r\n")
    assert list(read_pairs(swapped)) == [
        ImportedPair("Hej.", "Hi.", "sv", "en-US", "swapped.tsv:2")
    ]


def test_read_tsv_errors_name_the_line(tmp_path: Path) -> None:
    no_tab = write(tmp_path / "a.tsv", "Hej.\tHi.\nno tab here\n")
    with pytest.raises(ExportError, match=r"a\.tsv: line 2: expected source<TAB>target"):
        list(read_pairs(no_tab))
    latin1 = tmp_path / "b.tsv"
    latin1.write_bytes("Hej.\tHi.\nVäder\tWeather\n".encode("latin-1"))
    with pytest.raises(ExportError, match=r"b\.tsv: line 2: not UTF-8"):
        list(read_pairs(latin1))


XLIFF_REVERSED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="ui" source-language="en" target-language="sv" datatype="plaintext"><body>
<trans-unit id="1"><source>Open</source><target state="translated">Öppna</target></trans-unit>
<trans-unit id="2"><source>Close</source>
<target state="needs-translation">Stäng</target></trans-unit>
<trans-unit id="3"><source>Quit</source></trans-unit>
</body></file></xliff>
"""


def test_read_xliff_swaps_reversed_files_and_skips_unusable_units(tmp_path: Path) -> None:
    path = write(tmp_path / "ui.xlf", XLIFF_REVERSED)
    assert list(read_pairs(path)) == [ImportedPair("Öppna", "Open", "sv", "en", "ui.xlf:4")]


def test_read_xliff_of_other_languages_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "ui.xliff", XLIFF_REVERSED)
    with pytest.raises(ExportError, match="XLIFF file is en→sv, not de→fr"):
        list(read_pairs(path, source_lang="de", target_lang="fr"))


def test_read_malformed_xliff_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.xlf", '<xliff version="1.2">\n<file>\n</xliff>')
    with pytest.raises(ExportError, match=r"bad\.xlf: line 3: malformed XLIFF"):
        list(read_pairs(path))


def test_read_pairs_rejects_unknown_or_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown extension '.csv'"):
        read_pairs(tmp_path / "pairs.csv")
    with pytest.raises(ExportError, match="no such file"):
        read_pairs(tmp_path / "missing.tmx")


# Hypothesis never draws surrogates by itself; the tricky pieces are mixed in by hand.
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(["\ud800", "\udc00", "\ud83d\ude00", "\ufffe", "\r\n", "]]>", "&amp;"]),
    ),
    max_size=20,
).map("".join)


@pytest.mark.parametrize("name", ["tmx", "xliff"])
@given(source=ANY_TEXT, target=ANY_TEXT)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_round_trips_through_xml(
    tmp_path: Path, name: str, source: str, target: str
) -> None:
    units = [make_unit(f"s{source}", f"t{target}")]
    path = export(tmp_path, name, units, stem=f"any-{name}")
    clean = TextCleaner()
    assert [(pair.source, pair.target) for pair in read_pairs(path)] == [
        (clean(f"s{source}"), clean(f"t{target}"))
    ]
