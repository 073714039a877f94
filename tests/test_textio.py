"""Reading sources (decoding, refusals) and splitting them into paragraphs per format."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.ingest.paragraph import Paragraph
from workbench.ingest.textio import MAX_SOURCE_BYTES, SourceText, read_source, split_paragraphs
from workbench.records import SegmentKind

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def txt(text: str) -> SourceText:
    return SourceText(name="t.txt", text=text, sha256="", format="txt")


# --- read_source ------------------------------------------------------------------------------


def test_reads_utf8_with_bom_and_normalises_line_endings(tmp_path: Path) -> None:
    raw = "\ufeffRad ett\r\nRad två\rRad tre\n".encode()
    path = write(tmp_path, "a.txt", raw)
    source = read_source(path)
    assert source == SourceText(
        name=path,
        text="Rad ett\nRad två\nRad tre\n",
        sha256=hashlib.sha256(raw).hexdigest(),
        format="txt",
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.md", b"# Rubrik\n", "md"),
        ("a.markdown", b"Text\n", "md"),
        ("a.HTML", b"<p>Hej</p>", "html"),
        ("a.htm", b"<p>Hej</p>", "html"),
        ("a.txt", b"<p>Hej</p>", "txt"),
        ("a.log", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("README", b"Bara text < och > tecken.", "txt"),
    ],
)
def test_format_comes_from_the_extension_else_sniffing(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    assert read_source(write(tmp_path, name, content)).format == expected


def test_stdin_is_read_and_sniffed() -> None:
    html = read_source("-", io.BytesIO(b"  <html><body><p>Hej</p></body></html>"))
    assert (html.name, html.format, html.text) == (
        "<stdin>",
        "html",
        "  <html><body><p>Hej</p></body></html>",
    )
    plain = read_source("-", io.BytesIO("Hej då.\r\n".encode()))
    assert (plain.format, plain.text) == ("txt", "Hej då.\n")
    assert plain.sha256 == hashlib.sha256("Hej då.\r\n".encode()).hexdigest()


def test_stdin_over_the_limit_is_refused() -> None:
    with pytest.raises(InputError, match=r"<stdin> is larger than the 10 MB limit"):
        read_source("-", io.BytesIO(b"a" * (MAX_SOURCE_BYTES + 1)))


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    with pytest.raises(InputError, match=r"nope\.txt does not exist$"):
        read_source(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory, not a file"):
        read_source(str(tmp_path))


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"empty\.txt is empty$"):
        read_source(write(tmp_path, "empty.txt", b""))
    with pytest.raises(InputError, match=r"blank\.txt contains only whitespace$"):
        read_source(write(tmp_path, "blank.txt", b" \r\n\t\n"))


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00", "a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
    ],
)
def test_binary_formats_are_named(tmp_path: Path, content: bytes, what: str) -> None:
    path = write(tmp_path, "photo.txt", content)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value).startswith(f"{path} looks like {what}")
    assert str(caught.value).endswith("not text")


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "data.txt", b"abc\x00def" + b"x" * 100)
    with pytest.raises(
        InputError, match=r"looks like a binary file, not text \(NUL byte at offset 3\)"
    ):
        read_source(path)


def test_utf16_with_and_without_bom(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="looks like UTF-16"):
        read_source(write(tmp_path, "bom.txt", "Hej på dig".encode("utf-16")))
    with pytest.raises(InputError, match=r"looks like UTF-16 \(every other byte is NUL\)"):
        read_source(write(tmp_path, "le.txt", "Hej på dig, hur mår du?".encode("utf-16-le")))


def test_latin1_names_offset_and_suggests_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Hej på dig".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path} is not valid UTF-8: byte 0xe5 at offset 5")
    assert "try converting from Latin-1" in message
    assert "\n" not in message


def test_windows_1252_is_suggested_when_c1_bytes_appear(tmp_path: Path) -> None:
    path = write(tmp_path, "cp.txt", "”Citat” på svenska".encode("cp1252"))
    with pytest.raises(InputError, match="offset 0.*Windows-1252"):
        read_source(path)


def test_invalid_utf8_after_a_bom_counts_the_bom_in_the_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "b.txt", b"\xef\xbb\xbfab\xff")
    with pytest.raises(InputError, match="offset 5"):
        read_source(path)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: refused from its size, never read
    with pytest.raises(InputError, match=r"huge\.txt is 50\.0 MB, over the 10 MB limit"):
        read_source(str(path))


# --- split_paragraphs: plain text -------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_wrapped_prose_stays_whole() -> None:
    wrapped = (
        "The committee met on Monday to discuss the budget for the coming\n"
        "year, and after a long debate it decided to postpone the vote until\n"
        "the next meeting in March."
    )
    text = f"Title line\n\n{wrapped}\n \t\nLast paragraph.\n"
    assert split_paragraphs(txt(text)) == [
        Paragraph("Title line"),
        Paragraph(wrapped),
        Paragraph("Last paragraph."),
    ]


def test_wrapped_prose_keeps_its_indentation() -> None:
    wrapped = (
        "Det regnade hela dagen och vi satt inne och läste böcker medan\n"
        "    vinden ven kring huset."
    )
    assert split_paragraphs(txt("  " + wrapped)) == [Paragraph(wrapped)]


def test_markdown_blockquote_with_an_empty_quote_line() -> None:
    source = SourceText("q.md", "> Första raden.\n>\n> Andra raden.", "", "md")
    assert [p.text for p in split_paragraphs(source)] == ["Första raden.", "Andra raden."]


def test_short_headline_lines_become_one_paragraph_each() -> None:
    text = (
        "I samma kategori\n\n"
        "Vad är speciellt med ön nära gränsen?\n"
        "Staden sjuder av blomstersäsongen på gatorna\n"
        "Förundrad över det vackra landskapet vid sjön i norr\n"
        "No data\nNo data"
    )
    assert [p.text for p in split_paragraphs(txt(text))] == [
        "I samma kategori",
        "Vad är speciellt med ön nära gränsen?",
        "Staden sjuder av blomstersäsongen på gatorna",
        "Förundrad över det vackra landskapet vid sjön i norr",
        "No data",
        "No data",
    ]


def test_bullets_are_items_and_lowercase_lines_continue() -> None:
    text = "Att ta med:\n• Paraply\n- Stövlar som\nhåller tätt\n* Mössa\n1. Numrerad punkt"
    assert [p.text for p in split_paragraphs(txt(text))] == [
        "Att ta med:",
        "Paraply",
        "Stövlar som\nhåller tätt",
        "Mössa",
        "1. Numrerad punkt",
    ]


def test_one_paragraph_per_line_when_lines_are_too_long_to_be_wrapped() -> None:
    first = "Första stycket är en lång rad. " * 6
    second = "Andra stycket är också en lång rad. " * 5
    text = f"{first.strip()}\n{second.strip()}"
    assert [p.text for p in split_paragraphs(txt(text))] == [first.strip(), second.strip()]


# --- split_paragraphs: markdown ---------------------------------------------------------------


def test_markdown_structure_kept_and_inline_syntax_left_in_the_text() -> None:
    # inline markup travels through MT as protected spans (glossary.mask) and back to render
    assert split_paragraphs(read_source(str(DATA / "text_notes.md"))) == [
        Paragraph("author: Anna", SegmentKind.BOILERPLATE),
        Paragraph("Möte om **budgeten**", SegmentKind.TITLE, "h1"),
        Paragraph(
            "Vi träffades i *stora* salen. Alla var där och\n"
            "diskussionen blev lång men [konstruktiv](https://example.invalid/protokoll)."
        ),
        Paragraph("Beslut", block="h2"),
        Paragraph("Budgeten `godkändes` enligt förslaget", block="ul", lead="\n\n- "),
        Paragraph("Nästa möte hålls i mars", block="ul", lead="\n- "),
        Paragraph("Protokollet justeras av ![Anna](anna.png)", block="ul", lead="\n* "),
        Paragraph("Citat ur protokollet: allt gick bra.", block="quote"),
        Paragraph('print("kod översätts inte")', SegmentKind.BOILERPLATE, "pre"),
        Paragraph("Sista raden med ett \\*escape\\*."),
        Paragraph("Underrubrik", block="h2"),
    ]


def test_markdown_only_the_first_h1_is_the_title() -> None:
    source = SourceText("n.md", "Intro\n===\n\n# Andra\n\nText.", "", "md")
    assert split_paragraphs(source) == [
        Paragraph("Intro", SegmentKind.TITLE, "h1"),
        Paragraph("Andra", block="h1"),
        Paragraph("Text."),
    ]


def test_markdown_without_text_is_refused() -> None:
    with pytest.raises(InputError, match=r"e\.md contains no readable text"):
        split_paragraphs(SourceText("e.md", "---\n\n***\n", "", "md"))


# --- split_paragraphs: html -------------------------------------------------------------------


def test_html_article_keeps_paragraphs_and_h1_title() -> None:
    paragraphs = split_paragraphs(read_source(str(DATA / "text_article_sv.html")))
    assert paragraphs[0] == Paragraph("Isen lade sig tidigt på sjön", SegmentKind.TITLE, "h1")
    texts = [p.text for p in paragraphs]
    assert texts[1] == (
        "Redan i mitten av november frös sjön till. "
        "Fiskarna i byn har inte sett något liknande på trettio år."
    )
    assert "Varningar utfärdade" in texts
    assert "Gå aldrig ensam ut på isen" in texts
    assert not any("tracking" in text or "Sport" == text for text in texts)
    assert [p.hint for p in paragraphs].count(SegmentKind.TITLE) == 1


def test_html_inline_markup_joins_without_spaces_and_line_breaks_become_spaces() -> None:
    html = (
        "<html><body><article><h1>Rubrik</h1><p>Hel<b>lo</b> world.<br>Ny rad.</p>"
        "<p>Andra <a href='x'>länken</a> här.</p></article></body></html>"
    )
    assert split_paragraphs(SourceText("t.html", html, "", "html")) == [
        Paragraph("Rubrik", SegmentKind.TITLE, "h1"),
        Paragraph("Hello world. Ny rad.", SegmentKind.BODY),
        Paragraph("Andra länken här.", SegmentKind.BODY),
    ]


def test_html_falls_back_to_the_title_and_plain_blocks() -> None:
    source = SourceText(
        "t.html", "<html><head><title>Bara titel</title></head><body></body></html>", "", "html"
    )
    assert split_paragraphs(source) == [Paragraph("Bara titel", SegmentKind.TITLE, "h1")]


def test_html_title_comes_from_metadata_when_no_h1() -> None:
    html = (
        "<html><head><title>Vädret i dag</title></head><body>"
        "<p>Det regnar i hela landet och blåser kraftigt längs kusten.</p></body></html>"
    )
    paragraphs = split_paragraphs(SourceText("t.html", html, "", "html"))
    assert paragraphs[0] == Paragraph("Vädret i dag", SegmentKind.TITLE, "h1")
    assert paragraphs[1].text == "Det regnar i hela landet och blåser kraftigt längs kusten."
