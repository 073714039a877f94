"""Translation memories written by other tools: tests/data/interop holds one small file per
tool, shaped after the structures those tools write (inline codes, language tags, statuses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ExportError
from workbench.export.read import ImportReport, Verdict, read_pairs
from workbench.textkeys import language_preference, language_tag

DATA = Path(__file__).parent / "data" / "interop"


def read(name: str, **options: object) -> tuple[list[tuple[str, str]], ImportReport]:
    report = ImportReport()
    pairs = read_pairs(DATA / name, report=report, **options)  # type: ignore[arg-type]
    return [(pair.source, pair.target) for pair in pairs], report


def test_omegat_codes_for_whitespace_become_whitespace_and_comments_are_not_text() -> None:
    pairs, report = read("omegat.tmx")
    assert pairs == [
        ("1.\tBekräfta beställningen.", "1.\tConfirm the order."),
        ("Det här är\nett stycke.", "This is\na paragraph."),
        ("Klicka på Spara nu.", "Click Save now."),
    ]
    assert report.skipped == {Verdict.PLACEHOLDERS_ONLY: 1}


def test_okapi_codes_subflows_and_unexpanded_entities() -> None:
    pairs, report = read("okapi.tmx")
    assert pairs == [
        ("Läs mer\nhär.", "Read more\nhere."),
        ("Bilden visar logotyp.", "The picture shows the logo."),
        ("Pris:\u00a0100 kr", "Price:\u00a0SEK 100"),
    ]
    assert report.entities.dropped == 2


@pytest.mark.parametrize(
    ("wanted", "first_target"),
    [("en", "Press Start (bare)."), ("en-US", "Press Start."), ("en-AU", "Press Start (bare).")],
)
def test_trados_target_variants_prefer_exact_then_bare_then_first(
    wanted: str, first_target: str
) -> None:
    report = ImportReport()
    pairs = list(read_pairs(DATA / "trados.tmx", target_lang=wanted, report=report))
    assert [(p.target, p.target_lang) for p in pairs][0][0] == first_target
    assert pairs[1].target == "Cancel"  # the bare language beats en-GB
    assert (pairs[2].target, pairs[2].target_lang) == ("Close the window", "en-GB")
    assert pairs[0].source_lang == "sv-SE"
    assert report.skipped == {Verdict.OTHER_LANGUAGES: 1}


def test_memoq_codes_are_treated_as_in_tmx_and_mq_status_decides() -> None:
    pairs, report = read("memoq.mqxliff")
    assert pairs == [
        ("Leverans inom\u00a03 dagar.", "Delivery within\u00a03 days."),
        ("Fri frakt över 500 kr.", "Free shipping over SEK 500."),
    ]
    assert report.skipped == {Verdict.UNREVIEWED: 1, Verdict.NOT_TRANSLATED: 1}
    with_mt, _ = read("memoq.mqxliff", include_unreviewed=True)
    assert ("Om Gandalf", "About Gandalf") in with_mt


def test_trados_sdlxliff_sentences_pair_by_mid_with_their_own_status() -> None:
    pairs, report = read("trados.sdlxliff")
    assert pairs == [("Öppna locket.", "Open the lid."), ("Tryck på knappen.", "Press the button.")]
    assert report.skipped == {Verdict.UNREVIEWED: 1, Verdict.NOT_TRANSLATED: 1}


def test_worldserver_placeholder_only_units_never_enter_the_memory() -> None:
    pairs, report = read("worldserver.xlf")
    assert pairs == [("{1}Skicka formulär{2}", "{1}Submit Form{2}")]
    assert report.skipped == {Verdict.PLACEHOLDERS_ONLY: 3, Verdict.UNREVIEWED: 1}


def test_cms_xliff_normalises_whitespace_and_reports_invalid_states() -> None:
    pairs, report = read("cms.xlf")
    assert pairs == [
        ("Välkommen till vår butik.", "Welcome to our shop."),
        ("Rad ett rad två", "Line one line two"),
    ]
    assert report.normalised == 2
    assert report.invalid_states == {"done": 1}
    assert report.skipped == {
        Verdict.NOT_TRANSLATED: 2,  # state="new", translate="no"
        Verdict.INVALID_STATE: 1,
        Verdict.UNREVIEWED: 1,
    }
    assert "1 invalid state ('done')" in report.skipped_summary()


def test_xliff_2_is_read_with_its_segment_states() -> None:
    pairs, report = read("angular.xlf")
    assert pairs == [
        ("Hej !", "Hello !"),
        ("Läs villkoren.", "Read the terms."),
        ("Första delen.", "First part."),
    ]
    assert report.skipped == {Verdict.NOT_TRANSLATED: 1, Verdict.INVALID_STATE: 1}


def test_html_in_an_xlf_file_is_one_clear_error() -> None:
    with pytest.raises(ExportError, match=r"not an XLIFF file \(its root element is <html>\)"):
        read("page.xlf")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("thin.xlf", None),
        ("empty.tmx", '<tmx version="1.4"><header/><body><tu><tuv xml:lang="sv"><seg>Ja</seg>'),
        ("empty.tsv", "Ja\t\n"),
    ],
)
def test_no_usable_unit_ends_the_same_way_in_every_format(
    tmp_path: Path, name: str, text: str | None
) -> None:
    path = DATA / name
    if text is not None:
        path = tmp_path / name
        path.write_text(text + ("</tuv></tu></body></tmx>" if name.endswith(".tmx") else ""))
    with pytest.raises(ExportError, match=r"no usable sv→en pair in its 1 units \(skipped: 1 "):
        list(read_pairs(path))


def test_xliff_comments_and_processing_instructions_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "c.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="sv" target-language="en"><body><trans-unit id="1">'
        "<source>Hej <!-- x --> då</source><target>Bye<?pi x?> now</target>"
        "</trans-unit></body></file></xliff>"
    )
    assert [(p.source, p.target) for p in read_pairs(path)] == [("Hej då", "Bye now")]


@pytest.mark.parametrize(
    ("tag", "wanted", "rank"),
    [
        ("sv-SE", "sv", 0),
        ("sv", "sv-SE", 1),
        ("SV_se", "sv-SE", 2),
        ("en-GB", "en-US", 0),
        ("nb", "no", None),
    ],
)
def test_language_preference_by_bcp47_prefix(tag: str, wanted: str, rank: int | None) -> None:
    assert language_preference(tag, wanted) == rank


def test_language_tag_case() -> None:
    assert [language_tag(t) for t in ("SV_se", "zh-hant-tw", "EN")] == ["sv-SE", "zh-Hant-TW", "en"]


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_xliff_1_declared_only_by_its_namespace_is_read(tmp_path: Path, version: str) -> None:
    # OmegaT's own test files declare 1.1 through the namespace alone, with no version attribute.
    path = tmp_path / "ns.xlf"
    path.write_text(
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:{version}">'
        '<file source-language="sv" target-language="en"><body><trans-unit id="1">'
        "<source>Hej då</source><target>Bye now</target>"
        "</trans-unit></body></file></xliff>"
    )
    assert [(p.source, p.target) for p in read_pairs(path)] == [("Hej då", "Bye now")]


def test_xliff_without_a_version_or_a_known_namespace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bare.xlf"
    path.write_text("<xliff><file/></xliff>")
    with pytest.raises(ExportError, match=r"XLIFF version \(none\) is not supported"):
        list(read_pairs(path))


def test_codes_holding_an_escaped_whitespace_become_that_whitespace(tmp_path: Path) -> None:
    # Okapi's Paragraph_TM keeps the original format's escapes (`\t`, `\n`) inside `<ph>`.
    path = tmp_path / "paragraph_tm.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="sv"/><body><tu>'
        '<tuv xml:lang="sv"><seg>1.<ph x="2">\\t</ph>Bekräfta.<ph x="3">\\n</ph>2.Tryck.'
        '<ph x="4">\\r\\n</ph>Klart</seg></tuv>'
        '<tuv xml:lang="en"><seg>1.<ph x="2">\\t</ph>Confirm.<ph x="3">\\n</ph>2.Touch.'
        '<ph x="4">\\r\\n</ph>Done<ph x="5">\\b</ph>!</seg></tuv>'
        "</tu></body></tmx>"
    )
    assert [(p.source, p.target) for p in read_pairs(path)] == [
        ("1.\tBekräfta.\n2.Tryck.\nKlart", "1.\tConfirm.\n2.Touch.\nDone!")
    ]
