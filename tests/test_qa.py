"""QA checks on hand-written pairs with planted errors, and on pairs files."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.quality.length import (
    DEFAULT_LENGTH_BAND,
    MIN_PAIRS_TO_LEARN,
    learn_length_band,
    length_ratio,
)
from workbench.quality.pair import LengthBand, QaCode
from workbench.quality.qa import check_pair, check_pairs_file
from workbench.records import Severity
from workbench.translate.glossary_files import read_glossary_file

DATA = Path(__file__).parent / "data"
PLANTED = DATA / "qa_planted.tsv"
ERROR_CODES = {
    QaCode.EMPTY_TARGET,
    QaCode.NUMBER_MISMATCH,
    QaCode.URL_MISMATCH,
    QaCode.EMAIL_MISMATCH,
    QaCode.BIDI_CONTROL,
    QaCode.UNTRANSLATED,
}


def _planted_rows() -> list[tuple[int, str, str, set[str]]]:
    rows = []
    for number, line in enumerate(PLANTED.read_text(encoding="utf-8").splitlines(), start=1):
        source, target, expected = line.split("\t")
        rows.append((number, source, target, set() if expected == "-" else set(expected.split())))
    return rows


def test_planted_corpus_covers_every_check_and_clean_pairs() -> None:
    expected = [codes for *_, codes in _planted_rows()]
    assert set().union(*expected) == {code.value for code in QaCode}
    assert sum(not codes for codes in expected) >= 10


@pytest.mark.parametrize(
    ("line", "source", "target", "expected"),
    _planted_rows(),
    ids=lambda value: str(value)[:30] if isinstance(value, str) else None,
)
def test_planted_pair_gets_exactly_its_flags(
    line: int, source: str, target: str, expected: set[str]
) -> None:
    terms = read_glossary_file(DATA / "qa_glossary.csv")
    flags = check_pair(source, target, terms=terms)
    assert {flag.code for flag in flags} == expected, f"line {line}: {flags}"
    for flag in flags:
        assert flag.severity is (Severity.ERROR if flag.code in ERROR_CODES else Severity.WARNING)
        assert flag.message


def test_pairs_file_reports_every_line_with_its_number() -> None:
    reports = check_pairs_file(PLANTED, terms=read_glossary_file(DATA / "qa_glossary.csv"))
    rows = _planted_rows()
    assert [report.line for report in reports] == [line for line, *_ in rows]
    for report, (_, _, _, expected) in zip(reports, rows, strict=True):
        assert {flag.code for flag in report.flags} == expected


def test_pairs_file_skips_blank_lines_and_keeps_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "Hej då.\tGoodbye.\r\n\nVi ses i morgon.\tSee you tomorrow. \n", encoding="utf-8"
    )
    reports = check_pairs_file(path)
    assert [report.line for report in reports] == [1, 3]
    assert reports[0].flags == []
    assert [flag.code for flag in reports[1].flags] == [QaCode.WHITESPACE_MISMATCH]
    assert (reports[1].flags[0].start, reports[1].flags[0].end) == (17, 18)


def test_pairs_file_with_one_column_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("Hej.\tHello.\nBara svenska här\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pairs\.tsv:2: expected two tab-separated columns"):
        check_pairs_file(path)


def test_pairs_file_that_is_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read pairs"):
        check_pairs_file(tmp_path / "absent.tsv")


def test_number_flags_carry_the_target_span() -> None:
    target = "The house was built in 1925 and renovated in 2018."
    flags = check_pair("Huset byggdes 1925 och renoverades 2019.", target)
    assert [(flag.message, flag.start, flag.end) for flag in flags] == [
        ("number 2019 is missing from the target", None, None),
        ("number 2018 in the target is not in the source", 45, 49),
    ]
    assert target[45:49] == "2018"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Det kostar 1,50 euro.", "It costs 1.5 euros."),
        ("Vi ses kl. 8.00.", "See you at 8:00."),
        ("Lönen är 25–40 tusen.", "The salary is 25 to 40 thousand."),
        ("Jag har 3 katter.", "I have three cats."),
        ("Jag har tolv katter.", "I have 12 cats."),
        ("Priset: 1 200 000 kr.", "The price: 1,200,000 kronor."),
        ("Vi stänger kl. 19.30.", "We close at 7:30 p.m."),
        ("Det finns 48 sjömän ombord.", "There are forty-eight sailors on board."),
        ("Marknaden öppnar klockan nio.", "The market opens at 9:00."),
    ],
)
def test_numbers_match_after_convention_mapping(source: str, target: str) -> None:
    assert check_pair(source, target) == []


def test_a_missing_range_is_flagged_once() -> None:
    flags = check_pair("Lönen är 25–40 miljoner per månad.", "The salary is good.")
    assert [flag.message for flag in flags if flag.code == "number-mismatch"] == [
        "number 25–40 is missing from the target"
    ]


def test_wrong_12_hour_time_is_flagged() -> None:
    flags = check_pair("Vi stänger kl. 19.30.", "We close at 8:30 p.m.")
    assert [flag.message for flag in flags] == [
        "number 19.30 is missing from the target",
        "number 8:30 in the target is not in the source",
    ]


def test_length_ratio_is_smoothed_for_short_texts() -> None:
    assert length_ratio("Ja.", "Yes.") == pytest.approx((4 + 10) / (3 + 10))
    assert length_ratio("  abc ", "abc") == pytest.approx(1.0)


def test_learned_band_follows_the_data() -> None:
    # Targets exactly 1.2 times the source length (after smoothing) but for the extremes.
    pairs = [("x" * 90, "y" * 110) for _ in range(400)] + [("x" * 90, "y" * 10), ("x", "y" * 90)]
    band = learn_length_band(pairs)
    assert band.low == pytest.approx(1.2 * 0.95, abs=1e-9)
    assert band.high == pytest.approx(1.2 * 1.05, abs=1e-9)
    flags = check_pair("Det här är en mening.", "This is a sentence.", length_band=band)
    assert [flag.code for flag in flags] == [QaCode.LENGTH_RATIO]


def test_too_few_pairs_give_the_default_band() -> None:
    pairs = [("Hej.", "Hello.")] * (MIN_PAIRS_TO_LEARN - 1)
    assert learn_length_band(pairs) == DEFAULT_LENGTH_BAND
    assert learn_length_band([("", "x")] * 100) == DEFAULT_LENGTH_BAND


def test_custom_band_is_used() -> None:
    flags = check_pair("Hej.", "Hello.", length_band=LengthBand(0.1, 1.05))
    assert [flag.code for flag in flags] == [QaCode.LENGTH_RATIO]


def test_repetition_already_in_the_source_is_not_flagged() -> None:
    assert check_pair("Nej nej nej, sa hon.", "No no no, she said.") == []
    flags = check_pair("Hon sa nej.", "She said no no no.")
    assert [(flag.code, flag.start, flag.end) for flag in flags] == [(QaCode.REPETITION, 9, 17)]


def test_a_doubled_word_is_not_a_hallucination() -> None:
    assert check_pair("Det var väldigt väldigt kallt.", "It was very, very cold.") == []


def test_names_only_line_is_not_untranslated() -> None:
    assert check_pair("Anna Berg, Göteborg", "Anna Berg, Göteborg") == []


def test_empty_source_and_target_are_fine() -> None:
    assert check_pair("", "") == []
    assert [flag.code for flag in check_pair("Hej.", "   ")] == [QaCode.EMPTY_TARGET]


def test_unbalanced_source_brackets_may_stay_unbalanced() -> None:
    # A segment split inside a parenthesis keeps its half in both languages.
    assert check_pair("Enligt rapporten (sidan 14,", "According to the report (page 14,") == []


def test_swedish_quotes_balance_like_english_ones() -> None:
    assert check_pair("Han sa: ”Kom hit.”", "He said: “Come here.”") == []
    assert check_pair("Han sa: »Kom hit.«", 'He said: "Come here."') == []
