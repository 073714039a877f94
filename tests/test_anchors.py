"""Anchors: numbers across Swedish and English conventions, URLs, e-mails, names, cognates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.quality.anchors import (
    Anchor,
    cognate_keys,
    english_number,
    find_anchors,
    name_tokens,
)


def values(text: str, lang: str) -> list[tuple[str, str]]:
    return [(anchor.kind, anchor.value) for anchor in find_anchors(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Det kostar 3,5 miljoner.", "sv", "3.5"),
        ("It costs 3.5 million.", "en", "3.5"),
        ("Hela 3 700 personer kom.", "sv", "3700"),
        ("Hela 3\u00a0700 personer kom.", "sv", "3700"),
        ("Some 3,700 people came.", "en", "3700"),
        ("About 1,000,000 people.", "en", "1000000"),
        ("Omkring 1 000 000 personer.", "sv", "1000000"),
        ("Det blev 1.000 stycken.", "sv", "1000"),
        ("Es waren 1.000 Stück.", "de", "1000"),
        ("It weighed 1.000 kg exactly.", "en", "1"),
        ("Det blev 12 %.", "sv", "12"),
        ("A total of 0.50 is due.", "en", "0.5"),
        ("Priset var 1 234,50 kr.", "sv", "1234.5"),
        ("The price was 1,234.50 dollars.", "en", "1234.5"),
        ("Le sommet mesure 8847,60 m.", "fr", "8847.6"),
        ("Der Gipfel misst 3'700 m.", "de", "3700"),
    ],
)
def test_number_values_agree_across_conventions(text: str, lang: str, expected: str) -> None:
    assert values(text, lang) == [("number", expected)]


def test_ranges_dates_and_times_are_single_anchors() -> None:
    assert values("En lön på 25–40 miljoner VND/månad.", "sv") == [("number", "25-40")]
    assert values("Wages of 25-40 million a month.", "en") == [("number", "25-40")]
    assert values("For the term 2015 - 2020 it grew.", "en") == [("number", "2015-2020")]
    assert values("Publicerad 15/11/2025 kl. 14:30.", "sv") == [
        ("number", "15/11/2025"),
        ("number", "14:30"),
    ]
    assert values("Published 2025-11-15.", "en") == [("number", "15/11/2025")]
    assert values("Am 05.03.1956 ging es los.", "de") == [("number", "5/3/1956")]


def test_english_quantities_separated_by_a_space_stay_apart() -> None:
    assert values("In 1999 100 people came.", "en") == [("number", "1999"), ("number", "100")]


def test_spans_are_exact_so_callers_can_replace_them() -> None:
    text = "Se https://Example.SE/Sida?id=7, skriv till Info@Example.se eller ring 3 700 gånger."
    anchors = find_anchors(text, "sv")
    assert [text[a.start : a.end] for a in anchors] == [
        "https://Example.SE/Sida?id=7",
        "Info@Example.se",
        "3 700",
    ]
    assert [a.start for a in anchors] == sorted(a.start for a in anchors)
    assert all(a.text == text[a.start : a.end] for a in anchors)


def test_urls_and_emails_are_canonical_and_hide_their_digits() -> None:
    text = "Read www.Example.com/Page2. Or http://WWW.Site.org/a_(b)). Mail John.Doe@Example.COM."
    assert values(text, "en") == [
        ("url", "www.example.com/Page2"),
        ("url", "http://www.site.org/a_(b)"),
        ("email", "john.doe@example.com"),
    ]


def test_anchor_equality_ignores_the_written_form() -> None:
    assert Anchor("number", 0, 3, "3.5", "3,5") == Anchor("number", 0, 3, "3.5")


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        ("Det kostar 3,5 miljoner.", "sv", "3.5"),
        ("Hela 3 700 personer.", "sv", "3,700"),
        ("Det blev 1.000 stycken.", "sv", "1,000"),
        ("Priset var 1 234,50 kr.", "sv", "1,234.50"),
        ("Lön 25–40 miljoner.", "sv", "25–40"),
        ("Lön 25 - 40 miljoner.", "sv", "25-40"),
        ("Den 15.11.2025 var det klart.", "sv", "15/11/2025"),
        ("År 2025 kom de.", "sv", "2025"),
        ("It weighed 1.000 kg.", "en", "1.000"),
    ],
)
def test_english_number_writes_the_english_form(text: str, lang: str, written: str) -> None:
    (anchor,) = find_anchors(text, lang)
    assert english_number(anchor) == written


def test_names_skip_sentence_openers() -> None:
    text = "Herr Dong Van Toan i byn Huoi Bao anförtrodde: Detta hus. I met Tom's dog in Paris."
    assert name_tokens(text) == {"Dong", "Van", "Toan", "Huoi", "Bao", "Tom", "Paris"}


def test_cognate_keys_fold_case_and_diacritics() -> None:
    assert cognate_keys("Provinsen Châu är internationell, och Äpple.") == {
        "prov",
        "chau",
        "inte",
        "appl",
    }
    assert cognate_keys("The international province", prefix=5) == {"inter", "provi"}


@given(
    whole=st.integers(min_value=1000, max_value=99_999_999),
    cents=st.integers(min_value=1, max_value=99),
)
def test_grouped_decimals_match_between_swedish_and_english(whole: int, cents: int) -> None:
    english = f"{whole:,}.{cents:02d}"
    swedish = english.replace(",", "\u00a0").replace(".", ",")
    sv_anchor = find_anchors(f"Summan är {swedish} kronor.", "sv")
    en_anchor = find_anchors(f"The sum is {english} crowns.", "en")
    assert [a.value for a in sv_anchor] == [a.value for a in en_anchor]
    assert english_number(sv_anchor[0]) == english
