"""Glossary files, and masking protected spans around MT so that they come back intact."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import InputError
from workbench.translate.glossary import GlossaryTerm, contains_term_target, find_terms
from workbench.translate.glossary_files import GlossaryReport, read_glossary_file
from workbench.translate.masking import Masked, SpanKind, mask, unmask

DATA = Path(__file__).parent / "data"
TERMS = (
    GlossaryTerm("avtal", "agreement"),
    GlossaryTerm("nytt avtal", "new agreement"),
    GlossaryTerm("Statistiska centralbyrån", "Statistics Sweden"),
)


def _restored(masked: Masked, text: str) -> str:
    """What an identity translation of the masked text should come back as."""
    pieces, cursor = [], 0
    for span in masked.spans:
        pieces += [text[cursor : span.start], span.replacement]
        cursor = span.end
    return "".join([*pieces, text[cursor:]])


# Reading glossary files


def test_csv_with_header_note_and_quoted_comma() -> None:
    terms = read_glossary_file(DATA / "qa_glossary.csv")
    assert terms == [
        GlossaryTerm("säsongsarbetare", "seasonal worker", "plural in Swedish is the same word"),
        GlossaryTerm("Statistiska centralbyrån", "Statistics Sweden", None),
        GlossaryTerm("avtal, nytt", "new agreement", "a term with a comma"),
    ]


def test_csv_without_header(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("\ufeffavtal,agreement\n\nkommun , municipality \n", encoding="utf-8")
    assert read_glossary_file(path) == [
        GlossaryTerm("avtal", "agreement"),
        GlossaryTerm("kommun", "municipality"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source,target\navtal,agreement\nkommun\n", r"terms\.csv:3: expected source,target"),
        ("avtal,agreement\n,municipality\n", r"terms\.csv:2: empty source or target"),
        ("a,b,c,d\n", r"terms\.csv:1: expected source,target"),
    ],
)
def test_bad_csv_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_glossary_file(path)


def test_csv_homonym_keeps_the_first_and_reports_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("avtal,agreement\nkommun,municipality\nAvtal,contract\n", encoding="utf-8")
    report = GlossaryReport()
    assert read_glossary_file(path, report=report) == [
        GlossaryTerm("avtal", "agreement"),
        GlossaryTerm("kommun", "municipality"),
    ]
    assert report.conflicts == [
        f"{path}:3: 'Avtal' is already translated as 'agreement' on line 1; kept that"
    ]


def test_tbx_status_synonyms_homonyms_and_definitions() -> None:
    report = GlossaryReport()
    terms = read_glossary_file(DATA / "interop" / "termbase.tbx", report=report)
    definition = "Two stars that orbit a common centre of mass"
    assert terms == [
        GlossaryTerm("dubbelstjärna", "double star", definition),
        GlossaryTerm("binär stjärna", "double star", definition),
        GlossaryTerm("bindning", "binding"),
        GlossaryTerm("limbindning", "adhesive binding"),
        GlossaryTerm("mobiltelefon", "mobile phone"),
        GlossaryTerm("Acme", "Acme"),
    ]
    path = DATA / "interop" / "termbase.tbx"
    assert report.conflicts == [
        f"{path}:27: 'bindning' is already translated as 'binding' on line 23; kept that"
    ]
    assert report.deprecated_only == 1
    assert report.entities.dropped == 2


def test_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes("säsong,season\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_glossary_file(path)


def test_tbx_synonyms_regional_codes_and_other_languages() -> None:
    terms = read_glossary_file(DATA / "qa_glossary.tbx")
    assert terms == [
        GlossaryTerm("säsongsarbetare", "seasonal worker", "Workers hired for one season"),
        GlossaryTerm("gränsövergång", "border gate"),
        GlossaryTerm("gränspassage", "border gate"),
    ]


def test_tbx_v3_with_namespace() -> None:
    assert read_glossary_file(DATA / "qa_glossary_v3.tbx") == [
        GlossaryTerm("utrikespolitik", "foreign policy", "preferred")
    ]


def test_tbx_is_read_for_the_requested_pair() -> None:
    terms = read_glossary_file(DATA / "qa_glossary.tbx", source_lang="de", target_lang="en")
    assert terms == [GlossaryTerm("Grenze", "border")]


def test_malformed_tbx_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tbx"
    path.write_text("<martif>\n<text>\n<body>\n</text>\n</martif>\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.tbx:4: not well-formed TBX"):
        read_glossary_file(path)


def test_tbx_without_the_language_pair(tmp_path: Path) -> None:
    path = tmp_path / "de.tbx"
    path.write_text(
        '<martif><text><body><termEntry><langSet xml:lang="de"><tig><term>Haus</term></tig>'
        "</langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no sv→en term pairs"):
        read_glossary_file(path)


def test_tbx_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    path = tmp_path / "xxe.tbx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<martif><text><body><termEntry><langSet xml:lang="sv"><tig><term>hemlig&leak;</term>'
        '</tig></langSet><langSet xml:lang="en"><tig><term>secret</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    report = GlossaryReport()
    terms = read_glossary_file(path, report=report)
    # Neither expanded nor kept as the literal text "&leak;": dropped and counted.
    assert terms == [GlossaryTerm("hemlig", "secret")]
    assert report.entities.dropped == 1


def test_unknown_glossary_format(tmp_path: Path) -> None:
    path = tmp_path / "terms.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="not a glossary file"):
        read_glossary_file(path)


# Finding terms


def test_terms_are_case_insensitive_word_bounded_and_longest_first() -> None:
    text = "Ett NYTT AVTAL ersätter avtalet; enligt avtal och statistiska  centralbyrån."
    found = [(m.term.source, text[m.start : m.end]) for m in find_terms(text, TERMS)]
    assert found == [
        ("nytt avtal", "NYTT AVTAL"),
        ("avtal", "avtal"),
        ("Statistiska centralbyrån", "statistiska  centralbyrån"),
    ]


def test_term_target_allows_english_plural_and_genitive() -> None:
    term = GlossaryTerm("säsongsarbetare", "seasonal worker")
    assert contains_term_target("Many Seasonal Workers came.", term)
    assert contains_term_target("the seasonal worker's pay", term)
    assert not contains_term_target("seasonal workforce", term)


# Masking


def test_mask_numbers_urls_emails_and_terms() -> None:
    text = (
        "Enligt nytt avtal: 3,5 procent, 3 700 kr och 25–40 dagar. "
        "Se www.avtal.se/a eller mejla a@b.se."
    )
    masked = mask(text, lang="sv", terms=TERMS)
    kinds = [(span.kind, span.original, span.replacement) for span in masked.spans]
    assert kinds == [
        (SpanKind.TERM, "nytt avtal", "new agreement"),
        (SpanKind.NUMBER, "3,5", "3.5"),
        (SpanKind.NUMBER, "3 700", "3,700"),
        (SpanKind.NUMBER, "25–40", "25–40"),
        (SpanKind.URL, "www.avtal.se/a", "www.avtal.se/a"),
        (SpanKind.EMAIL, "a@b.se", "a@b.se"),
    ]
    assert masked.text == "Enligt QZ1: QZ2 procent, QZ3 kr och QZ4 dagar. Se QZ5 eller mejla QZ6."
    assert unmask(masked.text, masked) == (
        "Enligt new agreement: 3.5 procent, 3,700 kr och 25–40 dagar. "
        "Se www.avtal.se/a eller mejla a@b.se."
    )


def test_placeholders_survive_reordering_and_light_damage() -> None:
    masked = mask("Mellan 2019 och 2021 steg priset.", lang="sv")
    assert (
        unmask("Prices rose between QZ1 and QZ2.", masked) == "Prices rose between 2019 and 2021."
    )
    assert unmask("QZ2 came after qz 1.", masked) == "2021 came after 2019."


@pytest.mark.parametrize(
    "translation",
    [
        "Prices rose between QZ1 and.",  # dropped
        "Prices rose between QZ1 and QZ1 and QZ2.",  # duplicated
        "Prices rose between QZ1 and QZ2s.",  # glued to a word
        "Prices rose between QZ1 and Q Z2.",  # split
        "Prices rose between QZ1 and QZ2 QZ3.",  # invented
    ],
)
def test_lost_or_mangled_placeholder_is_refused(translation: str) -> None:
    masked = mask("Mellan 2019 och 2021 steg priset.", lang="sv")
    assert unmask(translation, masked) is None


def test_text_without_spans_passes_through() -> None:
    masked = mask("Hej på dig.", lang="sv")
    assert masked == Masked("Hej på dig.", ())
    assert unmask("Hello to you.", masked) == "Hello to you."


def test_prefix_already_in_the_text_is_not_used() -> None:
    masked = mask("Modellen QZ1 kostar 300 kr.", lang="sv")
    assert "QZ" not in masked.text.replace("QZ1 kostar", "")
    assert masked.spans[0].placeholder == "XQ1"
    assert unmask(masked.text, masked) == "Modellen QZ1 kostar 300 kr."


def test_text_holding_every_prefix_is_left_unmasked() -> None:
    text = "QZ XQ ZQ QX JQ QJ: 3 700 kr."
    assert mask(text, lang="sv") == Masked(text, ())


def test_glossary_target_is_capitalised_at_sentence_start() -> None:
    masked = mask("Avtal gäller. Vi har ett avtal.", lang="sv", terms=TERMS)
    assert unmask("QZ1 applies. We have an QZ2.", masked) == (
        "Agreement applies. We have an agreement."
    )


def test_names_are_protected_only_when_asked() -> None:
    text = "Herr Dong Van Toan bor i Lai Chau-provinsen med Anna."
    assert mask(text, lang="sv").spans == ()
    masked = mask(text, lang="sv", protect_names=True)
    assert [span.original for span in masked.spans] == ["Dong Van Toan", "Lai Chau"]
    assert masked.text == "Herr QZ1 bor i QZ2-provinsen med Anna."


def test_title_case_heading_is_not_masked_as_a_name() -> None:
    heading = "Utökad Integration Från Partiets Utrikespolitik"
    assert mask(heading, lang="sv", protect_names=True).spans == ()


def test_placeholders_copy_through_a_sentencepiece_vocabulary() -> None:
    """Each placeholder is plain ASCII letters and digits: no piece can be unknown."""
    masked = mask("Ring 08-123 45 67 eller besök www.x.se före 15/11/2025.", lang="sv")
    assert masked.spans
    assert all(re.fullmatch(r"[A-Z]{2}\d+", span.placeholder) for span in masked.spans)


_FRAGMENTS = st.sampled_from(
    [
        "Hej",
        "avtal",
        "nytt avtal",
        "Statistiska centralbyrån",
        "3,5",
        "3 700",
        "25–40",
        "2019",
        "www.exempel.se/a",
        "info@exempel.se",
        "Anna Berg",
        "qz",
        "QZ1",
        "(",
        ")",
        ".",
        ",",
        "-",
        "”",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=12), st.sampled_from([" ", "", "  "]))
def test_copy_translation_always_round_trips(fragments: list[str], joiner: str) -> None:
    text = joiner.join(fragments)
    masked = mask(text, lang="sv", terms=TERMS, protect_names=True)
    restored = unmask(masked.text, masked)
    assert restored is not None
    assert restored.casefold() == _restored(masked, text).casefold()
    for span in masked.spans:
        assert text[span.start : span.end] == span.original
        damaged = re.sub(rf"{span.placeholder}(?!\d)", "", masked.text, count=1)
        assert unmask(damaged, masked) is None


def test_placeholders_survive_the_fixture_copy_model(
    install_model: Callable[[str], Path],
) -> None:
    from workbench.translate.engine import Engine
    from workbench.translate.packages import find_installed

    texts = [
        "Enligt nytt avtal steg lönen med 3,5 procent till 25–40 tusen kronor.",
        "Herr Dong Van Toan i byn Huoi Bao skrev till info@exempel.se i går.",
        "Läs mer på www.exempel.se/nyheter eller ring 1 200 gånger.",
    ]
    engine = Engine.load(find_installed(install_model("copy"), "sv", "en"), beam_size=2)
    masked = [mask(text, lang="sv", terms=TERMS, protect_names=True) for text in texts]
    assert [len(m.spans) for m in masked] == [3, 3, 2]
    outputs = engine.translate([m.text for m in masked])
    for text, item, output in zip(texts, masked, outputs, strict=True):
        assert unmask(output.text, item) == _restored(item, text)
