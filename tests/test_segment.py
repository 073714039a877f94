"""Sentence segmentation: exact sentences for each rule, rebuild property, long-paragraph cuts."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.ingest.segment import SentenceSpan, split_sentences


def sentences(paragraph: str, lang: str, max_chars: int = 400) -> list[str]:
    return [span.text(paragraph) for span in split_sentences(paragraph, lang, max_chars)]


SWEDISH = [
    (
        "Vi ses kl. 14.30 i dag. Ta med t.ex. papper, bl.a. pennor m.m. Det blir bra.",
        ["Vi ses kl. 14.30 i dag.", "Ta med t.ex. papper, bl.a. pennor m.m.", "Det blir bra."],
    ),
    (
        "Det kostade ca 3,5 miljarder kr. Sedan steg priset till 3 700 kr per st. Nu är det dyrt.",
        [
            "Det kostade ca 3,5 miljarder kr.",
            "Sedan steg priset till 3 700 kr per st.",
            "Nu är det dyrt.",
        ],
    ),
    (
        "Den s.k. planen gäller fr.o.m. 1 jan. 2026, dvs. snart. Den gäller o.s.v. Klart.",
        ["Den s.k. planen gäller fr.o.m. 1 jan. 2026, dvs. snart.", "Den gäller o.s.v.", "Klart."],
    ),
    (
        "Hon bor i hus nr. 5 och ser sid. 12. Lönen är 25–40 miljoner, resp. 1.000 kr.",
        ["Hon bor i hus nr. 5 och ser sid. 12.", "Lönen är 25–40 miljoner, resp. 1.000 kr."],
    ),
    (
        "Mötet hölls 15/11/2025. Nästa hålls 15.11.2026. Det börjar kl. 9.15. Alla kommer.",
        [
            "Mötet hölls 15/11/2025.",
            "Nästa hålls 15.11.2026.",
            "Det börjar kl. 9.15.",
            "Alla kommer.",
        ],
    ),
    (
        "Han sa: ”Kom hit!” Sedan gick han. ”Vänta”, sa hon. ”Nej.” Det var allt.",
        ["Han sa: ”Kom hit!”", "Sedan gick han.", "”Vänta”, sa hon.", "”Nej.”", "Det var allt."],
    ),
    (
        "Hon läste »Röda rummet.« Boken var bra. Han svarade: »Nej!« och gick.",
        ["Hon läste »Röda rummet.«", "Boken var bra.", "Han svarade: »Nej!« och gick."],
    ),
    (
        "Vi åt god mat. Han såg det. Sedan kom A. Svensson och J. R. R. Tolkien hem.",
        ["Vi åt god mat.", "Han såg det.", "Sedan kom A. Svensson och J. R. R. Tolkien hem."],
    ),
    (
        "Läs mer på https://example.se/a.b?x=1. Mejla info@exempel.se. Eller besök www.ex.se idag.",
        [
            "Läs mer på https://example.se/a.b?x=1.",
            "Mejla info@exempel.se.",
            "Eller besök www.ex.se idag.",
        ],
    ),
    (
        "Vänta... nu kommer det. Sedan… Ingenting hände. Vad? Inget!",
        ["Vänta... nu kommer det.", "Sedan…", "Ingenting hände.", "Vad?", "Inget!"],
    ),
    (
        "– Kom hit, sa hon. – Nej, svarade han. Lai Chau – en gränsprovins – växer.",
        ["– Kom hit, sa hon.", "– Nej, svarade han.", "Lai Chau – en gränsprovins – växer."],
    ),
    (
        "Han föddes 1990. 2020 flyttade han. Se ovan (kap. 3). Där står det.",
        ["Han föddes 1990.", "2020 flyttade han.", "Se ovan (kap. 3).", "Där står det."],
    ),
]

ENGLISH = [
    (
        "Mr. Smith met Dr. Jones and Mrs. Brown. They talked. Prof. Lee joined, e.g. at noon.",
        [
            "Mr. Smith met Dr. Jones and Mrs. Brown.",
            "They talked.",
            "Prof. Lee joined, e.g. at noon.",
        ],
    ),
    (
        "He moved to the U.S. in Jan. 2020, i.e. before the war. He lives on St. Mark St. now.",
        [
            "He moved to the U.S. in Jan. 2020, i.e. before the war.",
            "He lives on St. Mark St. now.",
        ],
    ),
    (
        "See No. 5 and pp. 12-14. Apples, pears, etc. They were cheap. It cost 3,700 dollars.",
        [
            "See No. 5 and pp. 12-14.",
            "Apples, pears, etc.",
            "They were cheap.",
            "It cost 3,700 dollars.",
        ],
    ),
    (
        'She said "Hello." Then she left. He asked, "Why?" and stayed. J. R. R. Tolkien wrote it.',
        [
            'She said "Hello."',
            "Then she left.",
            'He asked, "Why?" and stayed.',
            "J. R. R. Tolkien wrote it.",
        ],
    ),
    (
        "It was 3.5 percent at 10.30 on 15.11.2025. Values of 25–40 were seen... And then more.",
        [
            "It was 3.5 percent at 10.30 on 15.11.2025.",
            "Values of 25–40 were seen...",
            "And then more.",
        ],
    ),
    (
        "Mail bob@example.com. Visit https://example.com/x.html today. Done by 5 p.m. Then rest.",
        [
            "Mail bob@example.com.",
            "Visit https://example.com/x.html today.",
            "Done by 5 p.m.",
            "Then rest.",
        ],
    ),
    (
        "Wait (see above.) The end. “Quoted sentence.” Next one.",
        ["Wait (see above.)", "The end.", "“Quoted sentence.”", "Next one."],
    ),
]


@pytest.mark.parametrize(("paragraph", "expected"), SWEDISH)
def test_swedish_rules(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph, "sv") == expected


@pytest.mark.parametrize(("paragraph", "expected"), ENGLISH)
def test_english_rules(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph, "en") == expected


def test_swedish_read_as_danish_keeps_the_swedish_rules() -> None:
    paragraph = "Vi åt mat. Vi ses kl. 9 i morgon."
    assert sentences(paragraph, "da") == ["Vi åt mat.", "Vi ses kl. 9 i morgon."]


def test_hard_wrapped_lines_are_whitespace_and_spans_index_the_paragraph() -> None:
    paragraph = "  Det regnade\nhela dagen.\n\tSedan  sken\nsolen.  "
    spans = split_sentences(paragraph, "sv")
    assert spans == [SentenceSpan(2, 25), SentenceSpan(27, 45)]
    assert [span.text(paragraph) for span in spans] == [
        "Det regnade\nhela dagen.",
        "Sedan  sken\nsolen.",
    ]


def test_empty_and_blank_paragraphs_have_no_sentences() -> None:
    assert split_sentences("", "sv") == []
    assert split_sentences(" \n\t ", "en") == []


def test_long_sentence_is_cut_at_the_best_boundary_within_the_limit() -> None:
    clause = "vi åkte till staden och köpte bröd"
    paragraph = ", ".join([clause] * 3) + "; " + ", ".join([clause] * 3) + "."
    pieces = sentences(paragraph, "sv", max_chars=150)
    assert pieces[0] == ", ".join([clause] * 3) + ";"
    assert all(len(piece) <= 150 for piece in pieces)
    assert " ".join(pieces) == paragraph


def test_long_sentence_prefers_comma_then_conjunction_then_whitespace() -> None:
    words = "ett två tre fyra fem sex sju åtta nio tio".split()
    paragraph = " ".join(words * 6)
    pieces = sentences(paragraph, "sv", max_chars=50)
    assert all(len(piece) <= 50 for piece in pieces)
    assert " ".join(pieces) == paragraph
    with_conjunction = "a" * 30 + " bb cc och dd ee ff gg hh ii"
    assert sentences(with_conjunction, "sv", max_chars=40) == [
        "a" * 30 + " bb cc",
        "och dd ee ff gg hh ii",
    ]


def test_long_sentence_keeps_number_groups_together() -> None:
    paragraph = "x" * 35 + " 3 700 kronor betalades ut"
    assert sentences(paragraph, "sv", max_chars=40)[0] == "x" * 35


def test_a_word_longer_than_the_limit_is_kept_whole() -> None:
    url = "https://example.com/" + "a" * 100
    paragraph = f"Se {url} nu"
    assert sentences(paragraph, "sv", max_chars=40) == ["Se", url, "nu"]


def test_without_any_whitespace_the_cut_is_hard() -> None:
    paragraph = "x" * 100
    assert sentences(paragraph, "sv", max_chars=40) == ["x" * 40, "x" * 40, "x" * 20]


def test_huge_paragraph_without_punctuation_is_cut_into_bounded_pieces() -> None:
    paragraph = " ".join(["ord", "hus", "och", "bil", "stad"] * 40_000)
    spans = split_sentences(paragraph, "sv")
    assert all(0 < span.end - span.start <= 400 for span in spans)
    assert_rebuilds(paragraph, spans)


def test_max_chars_below_the_floor_is_refused() -> None:
    with pytest.raises(InputError, match="max_chars"):
        split_sentences("Hej.", "sv", max_chars=5)


def assert_rebuilds(paragraph: str, spans: list[SentenceSpan]) -> None:
    position = 0
    for span in spans:
        assert span.start < span.end
        assert not paragraph[position : span.start].strip()
        piece = span.text(paragraph)
        assert piece == piece.strip()
        position = span.end
    assert not paragraph[position:].strip()
    rebuilt = (
        "".join(
            paragraph[(spans[i - 1].end if i else 0) : span.start] + span.text(paragraph)
            for i, span in enumerate(spans)
        )
        + paragraph[(spans[-1].end if spans else 0) :]
    )
    assert rebuilt == paragraph


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["sv", "en", "de", "und"]), st.integers(20, 200))
def test_spans_and_gaps_rebuild_any_text(paragraph: str, lang: str, max_chars: int) -> None:
    spans = split_sentences(paragraph, lang, max_chars)
    assert_rebuilds(paragraph, spans)
    for span in spans:
        piece = span.text(paragraph)
        assert len(piece) <= max_chars or not any(char.isspace() for char in piece)


SENTENCE_PARTS = st.sampled_from(
    [
        "Det", "regnade", "kl.", "14.30", "t.ex.", "Mr.", "U.S.", "3,5", "3 700", "15/11/2025",
        "”Hej!”", "»Nej.«", '"Yes."', "...", "…", "–", "J.", "R.", "https://x.se/a.b", "a@b.se",
        "och", "And", "etc.", "m.m.", "(se", "ovan.)", ".", "?", "!", "ÅÄÖ.", "1990.",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "\n", " \u00a0", "\t", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SENTENCE_PARTS, SEPARATORS), max_size=60), st.sampled_from(["sv", "en"]))
def test_spans_and_gaps_rebuild_sentence_like_text(parts: list[tuple[str, str]], lang: str) -> None:
    paragraph = "".join(word + separator for word, separator in parts)
    spans = split_sentences(paragraph, lang, max_chars=60)
    assert_rebuilds(paragraph, spans)
    for span in spans:
        piece = span.text(paragraph)
        assert len(piece) <= 60 or not any(char.isspace() for char in piece)


def test_punctuation_only_text_is_one_sentence() -> None:
    paragraph = string.punctuation
    assert sentences(paragraph, "en") == [paragraph]


@pytest.mark.parametrize(
    ("paragraph", "lang", "expected"),
    [
        (
            "Il a dit : « Nous avons attendu longtemps. Maintenant il est temps. » Puis il part.",
            "fr",
            ["Il a dit : « Nous avons attendu longtemps.", "Maintenant il est temps. »",
             "Puis il part."],
        ),
        (
            "Er sagte: „Wir haben lange gewartet. Jetzt ist es Zeit.“ Dann ging er.",
            "de",
            ["Er sagte: „Wir haben lange gewartet.", "Jetzt ist es Zeit.“", "Dann ging er."],
        ),
        (
            "Le Dr. Martin a dit : « M. Dupont est là. Il arrive. »",
            "fr",
            ["Le Dr. Martin a dit : « M. Dupont est là.", "Il arrive. »"],
        ),
    ],
)  # fmt: skip
def test_sentences_inside_quotation_marks_are_sentences(
    paragraph: str, lang: str, expected: list[str]
) -> None:
    assert sentences(paragraph, lang) == expected


def test_long_quotation_is_split_at_its_sentences_not_cut_at_the_limit() -> None:
    quoted = " ".join(
        f"Nous avons parlé avec les habitants du quartier numéro {n} pendant toute la journée."
        for n in range(1, 9)
    )
    paragraph = f"Le maire a déclaré : « {quoted} » Puis il est parti."
    assert len(paragraph) > 600
    found = sentences(paragraph, "fr")
    assert len(found) == 9
    assert all(s.rstrip(" »").endswith(".") for s in found)


def test_a_numbered_item_is_one_sentence_with_its_number() -> None:
    assert sentences("1. Skolan får mest pengar. Sedan kommer vården.", "sv") == [
        "1. Skolan får mest pengar.",
        "Sedan kommer vården.",
    ]
