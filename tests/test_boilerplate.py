"""Paragraph classification on scraped and clean documents, and the seed acceptance test."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ingest.boilerplate import classify_paragraphs
from workbench.ingest.langid import detect_language, majority_language
from workbench.ingest.paragraph import Paragraph
from workbench.ingest.segment import split_sentences
from workbench.ingest.textio import SourceText, read_source, split_paragraphs
from workbench.records import SegmentKind

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
CODES = {"T": SegmentKind.TITLE, "B": SegmentKind.BODY, "C": SegmentKind.CAPTION}


def classify(paragraphs: list[Paragraph]) -> tuple[list[SegmentKind], str]:
    langs = [detect_language(paragraph.text) for paragraph in paragraphs]
    doc_lang = majority_language(
        [(p.text, lang) for p, (lang, _) in zip(paragraphs, langs, strict=True)]
    )
    return classify_paragraphs(paragraphs, langs, doc_lang), doc_lang


def kinds_of(path: Path) -> dict[str, SegmentKind]:
    paragraphs = split_paragraphs(read_source(str(path)))
    kinds, _ = classify(paragraphs)
    return {paragraph.text: kind for paragraph, kind in zip(paragraphs, kinds, strict=True)}


def texts(paragraphs: str) -> list[Paragraph]:
    return split_paragraphs(SourceText("t.txt", paragraphs, "", "txt"))


def translatable(kind: SegmentKind) -> bool:
    return kind is not SegmentKind.BOILERPLATE


def test_seed_004_swedish_page() -> None:
    path = ROOT / "seeds" / "004_a5e45da3f1913b04.txt"
    paragraphs = split_paragraphs(read_source(str(path)))
    kinds, doc_lang = classify(paragraphs)
    by_text = {paragraph.text: kind for paragraph, kind in zip(paragraphs, kinds, strict=True)}
    assert doc_lang == "sv"
    assert by_text["Lai Chau: Utökad integration från partiets utrikespolitik"] is SegmentKind.TITLE
    for boilerplate in (
        "Vietnam.vn - Nền tảng quảng bá Việt Nam",
        "Báo Lai ChâuBáo Lai Châu15/11/2025",
        "Kommentar (0)",
        "No data",
        "I samma kategori",
        "Vad är speciellt med ön nära sjögränsen mot Kina?",
        "Av samma författare",
        "Arv",
        "Figur",
        "Företag",
        "Aktuella händelser",
        "Politiskt system",
        "Lokal",
        "Produkt",
    ):
        assert by_text[boilerplate] is SegmentKind.BOILERPLATE, boilerplate
    source_line = next(text for text in by_text if text.startswith("Källa: https://"))
    assert by_text[source_line] is SegmentKind.BOILERPLATE
    lead = next(text for text in by_text if text.startswith("Under årens lopp"))
    assert translatable(by_text[lead])
    for caption in ("Tack vare genomförandet", "Scen för gränsförvaltningssamtalen", "Ledare för"):
        text = next(text for text in by_text if text.startswith(caption))
        assert translatable(by_text[text]), caption
    last_body = next(text for text in by_text if text.startswith("Från ett avlägset"))
    core = list(by_text)[list(by_text).index(lead) : list(by_text).index(last_body) + 1]
    assert all(translatable(by_text[text]) for text in core if "15/11/2025" not in text)
    assert (
        "".join(
            next(code for code, value in CODES.items() if value is kind)
            if translatable(kind)
            else "x"
            for kind in kinds
        )
        == "xTBxBBCBBCBBBCBBBB" + "x" * 18
    )
    sentences = [len(split_sentences(p.text, doc_lang)) for p in paragraphs]
    assert sum(n for n, kind in zip(sentences, kinds, strict=True) if translatable(kind)) == 42


def test_seed_000_english_page_with_related_posts_tail() -> None:
    path = ROOT / "seeds" / "000_8f0428e54d73b21b.txt"
    paragraphs = split_paragraphs(read_source(str(path)))
    kinds, doc_lang = classify(paragraphs)
    assert doc_lang == "en"
    texts_ = [paragraph.text for paragraph in paragraphs]
    assert kinds[0] is SegmentKind.TITLE
    assert texts_[0] == "External relations and international integration"
    marker = texts_.index("Related Posts")
    article_end = next(i for i, text in enumerate(texts_) if text.startswith("“With that goal"))
    assert all(translatable(kind) for kind in kinds[: article_end + 1])
    assert all(kind is SegmentKind.BOILERPLATE for kind in kinds[marker:])
    teasers = [text for text in texts_[marker:] if text.endswith("...")]
    assert len(teasers) == 3
    sentences = [len(split_sentences(p.text, doc_lang)) for p in paragraphs]
    assert sum(n for n, kind in zip(sentences, kinds, strict=True) if translatable(kind)) == 30


def test_scraped_english_article() -> None:
    kinds = kinds_of(DATA / "text_scraped_en.txt")
    assert kinds["Harbour town votes to rebuild its old stone pier"] is SegmentKind.TITLE
    assert kinds["Fishing boats wait at the damaged pier on a grey morning."] is SegmentKind.CAPTION
    for boilerplate in (
        "Home",
        "Sport",
        "By Jane Mills",
        "Published 12 March 2024 10:15",
        "Read more: Ferry company warns of higher fares next year",
        "Share",
        "Comments (12)",
        "Related articles",
        "Council approves new budget for coastal repairs",
        "© 2024 Coastal News. All rights reserved.",
    ):
        assert kinds[boilerplate] is SegmentKind.BOILERPLATE, boilerplate
    bodies = [text for text, kind in kinds.items() if kind is SegmentKind.BODY]
    assert [text.split()[0] for text in bodies] == ["Residents", "The", "Work", "Local"]


def test_scraped_swedish_article_resumes_after_an_inline_related_box() -> None:
    kinds = kinds_of(DATA / "text_scraped_sv.txt")
    assert kinds["Biblioteket i byn får förlängda öppettider"] is SegmentKind.TITLE
    for boilerplate in (
        "Nyheter",
        "Text: Karin Berg",
        "2024-05-03 08:30",
        "Läs också",
        "Skolan bygger ut sin matsal",
        "Ny cykelbana längs ån klar i höst",
        "Kommentarer (3)",
        "Dela",
    ):
        assert kinds[boilerplate] is SegmentKind.BOILERPLATE, boilerplate
    english = next(text for text in kinds if text.startswith("This short paragraph"))
    assert kinds[english] is SegmentKind.BOILERPLATE
    for kept in (
        "Biblioteket har dessutom",
        "Nästa år vill",
        "Fler kvällar",
        "Bättre wifi",
        "Hela",
    ):
        text = next(text for text in kinds if text.startswith(kept))
        assert kinds[text] is SegmentKind.BODY, kept


def test_page_controls_above_the_article_start_no_tail() -> None:
    paragraphs = texts(
        "Home\nNews\nSport\n\nCity opens a new public swimming pool by the river\n\nShare\n\n"
        "The new pool opened on Saturday after two years of building work near the old bridge.\n\n"
        "Swimmers queued from early morning. The first hundred visitors got in for free.\n\n"
        "Opening day 12 March 2024 in the old town\n\n"
        "The pool is open every day from seven in the morning. Tickets cost less for children."
    )
    kinds, _ = classify(paragraphs)
    assert kinds == [
        SegmentKind.BOILERPLATE,
        SegmentKind.BOILERPLATE,
        SegmentKind.BOILERPLATE,
        SegmentKind.TITLE,
        SegmentKind.BOILERPLATE,
        SegmentKind.BODY,
        SegmentKind.BODY,
        SegmentKind.BODY,
        SegmentKind.BODY,
    ]


def test_clean_document_keeps_its_short_lines() -> None:
    paragraphs = texts(
        "Hej Anna,\n\nTack för senast. Vi hade det mycket trevligt hos er i helgen och barnen "
        "pratar fortfarande om båtturen.\n\nHoppas vi ses snart igen.\n\nHälsningar\nBosse"
    )
    kinds, _ = classify(paragraphs)
    assert SegmentKind.BOILERPLATE not in kinds
    assert [p.text for p in paragraphs][-2:] == ["Hälsningar", "Bosse"]


def test_document_without_prose_is_kept() -> None:
    kinds, _ = classify(texts("Inköpslista\n\nMjölk\nBröd\nÄgg\nSmör"))
    assert SegmentKind.BOILERPLATE not in kinds


def test_hints_are_respected() -> None:
    paragraphs = [
        Paragraph("Rubriken från markdown", SegmentKind.TITLE),
        Paragraph(
            "Det här är ett vanligt stycke med flera meningar. Det handlar om ingenting särskilt."
        ),
        Paragraph('print("hej")', SegmentKind.BOILERPLATE),
    ]
    kinds, _ = classify(paragraphs)
    assert kinds == [SegmentKind.TITLE, SegmentKind.BODY, SegmentKind.BOILERPLATE]


def test_punctuation_only_paragraphs_are_boilerplate() -> None:
    paragraphs = texts(
        "Det här är ett vanligt stycke med flera meningar. Det handlar om ingenting särskilt."
        "\n\n* * *\n\n"
        "Ännu ett stycke med lite mer text i. Det fortsätter berättelsen på samma sätt."
    )
    kinds, _ = classify(paragraphs)
    assert kinds == [SegmentKind.BODY, SegmentKind.BOILERPLATE, SegmentKind.BODY]


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 paragraphs but 1 language"):
        classify_paragraphs([Paragraph("a"), Paragraph("b")], [("sv", 1.0)], "sv")
