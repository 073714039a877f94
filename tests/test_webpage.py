"""Web pages: the page's own structure (chrome, figures, standfirst, element kinds) read back
into the paragraphs that trafilatura extracts."""

from __future__ import annotations

from workbench.ingest.stage import prepare
from workbench.ingest.textio import SourceText
from workbench.records import SegmentKind

PROSE = (
    "<p>Beslutet togs i kommunfullmäktige på måndagskvällen efter en lång debatt om kostnaderna "
    "för bygget.</p>"
    "<p>Det gamla biblioteket har länge varit för litet. Besökarna har klagat på trängsel och "
    "brist på studieplatser.</p>"
    "{middle}"
    "<p>Arbetet börjar redan i vår, och biblioteket ska enligt planen öppna för besökare hösten "
    "efter nästa år.</p>"
    "<p>Bygget beräknas kosta omkring åttio miljoner kronor och finansieras delvis med statliga "
    "bidrag från regeringen.</p>"
)


def _kinds(middle: str, head: str = "", before: str = "") -> dict[str, SegmentKind]:
    html = (
        f"<html><head><title>Nytt bibliotek – Lokalbladet</title>{head}</head><body><article>"
        f"<h1>Nytt bibliotek byggs i centrum</h1>{before}{PROSE.format(middle=middle)}"
        "</article></body></html>"
    )
    prepared = prepare(SourceText("page.html", html, "", "html"))
    kinds: dict[str, SegmentKind] = {}
    for segment in prepared.segments:
        kinds.setdefault(segment.source, segment.kind)
    return kinds


def test_promo_sponsored_and_link_lists_the_extractor_keeps_are_boilerplate() -> None:
    kinds = _kinds(
        '<section class="promo"><p>Prova vår app gratis i en månad och läs alla artiklar '
        "utan reklam på mobilen.</p></section>"
        '<div class="sponsored"><p>Köp din nya bil hos oss, vi har de bästa priserna i hela '
        "regionen just nu.</p></div>"
        '<ul><li><a href="/a">Snöovädret stängde skolorna i hela länet i går kväll</a></li>'
        '<li><a href="/b">Så klarar du elräkningen när kylan kommer tillbaka</a></li></ul>'
    )
    chrome = [
        "Prova vår app gratis i en månad och läs alla artiklar utan reklam på mobilen.",
        "Köp din nya bil hos oss, vi har de bästa priserna i hela regionen just nu.",
        "Snöovädret stängde skolorna i hela länet i går kväll",
        "Så klarar du elräkningen när kylan kommer tillbaka",
    ]
    assert [kinds[text] for text in chrome] == [SegmentKind.BOILERPLATE] * 4
    assert kinds["Det gamla biblioteket har länge varit för litet."] is SegmentKind.BODY


def test_a_list_of_plain_items_stays_body() -> None:
    kinds = _kinds("<ul><li>Fler studieplatser</li><li>Ett större barnrum</li></ul>")
    assert kinds["Fler studieplatser"] is SegmentKind.BODY


def test_figure_caption_comes_back_as_a_caption_and_a_short_paragraph_is_body() -> None:
    kinds = _kinds(
        '<figure><img src="/img/bibliotek.jpg" alt=""><figcaption>Så ska det nya biblioteket '
        "se ut från torget.</figcaption></figure>"
        "<p>Politikerna var eniga om beslutet.</p>"
    )
    assert kinds["Så ska det nya biblioteket se ut från torget."] is SegmentKind.CAPTION
    # one short sentence between long ones, but the page says it is a paragraph
    assert kinds["Politikerna var eniga om beslutet."] is SegmentKind.BODY


def test_standfirst_the_page_shows_is_brought_back_after_the_title() -> None:
    standfirst = "Kommunen bygger ett nytt bibliotek i centrum som ska stå klart om två år."
    kinds = _kinds(
        "",
        head=f'<meta name="description" content="{standfirst}">',
        before=f'<div class="preface">{standfirst}</div>',
    )
    assert list(kinds)[:2] == ["Nytt bibliotek byggs i centrum", standfirst]
    assert kinds[standfirst] is SegmentKind.BODY


def test_a_description_only_the_metadata_holds_is_not_added() -> None:
    blurb = "Lokalbladet – nyheter från kommunen varje dag sedan artonhundratalet."
    kinds = _kinds("", head=f'<meta name="description" content="{blurb}">')
    assert blurb not in kinds


def test_the_text_classifier_still_ends_the_article_at_a_related_tail() -> None:
    html = (
        "<html><head><title>T</title></head><body><article><h1>Nytt bibliotek byggs i centrum</h1>"
        + PROSE.format(middle="")
        + "<h3>Läs också</h3><p>Snöovädret stängde skolorna i hela länet</p>"
        "<p>Så klarar du elräkningen när kylan kommer</p><p>Kommentarer (3)</p>"
        "</article></body></html>"
    )
    kinds = {s.source: s.kind for s in prepare(SourceText("p.html", html, "", "html")).segments}
    tail = ["Läs också", "Snöovädret stängde skolorna i hela länet", "Kommentarer (3)"]
    assert [kinds[text] for text in tail] == [SegmentKind.BOILERPLATE] * 3
