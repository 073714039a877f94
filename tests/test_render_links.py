"""Links in the rendered article: only safe targets become links, whole URLs survive MT, and a
plain-text source never gains Markdown links (the fixture `marker` model prefixes "[en] ")."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

# Each line a paragraph; the wanted href, or None where no link may be made.
LINKS = {
    "[Foo](https://en.wikipedia.org/wiki/Foo_(bar))": "https://en.wikipedia.org/wiki/Foo_(bar)",
    "[skriv](mailto:red@example.se)": "mailto:red@example.se",
    "[bilaga](../bilagor/a.pdf)": "../bilagor/a.pdf",
    "[ovan](#rubrik)": "#rubrik",
    "[klick](javascript:alert(document.domain))": None,
    "[klack](JaVaScRiPt:alert(1))": None,
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)": None,
    "[vb](vbscript:msgbox(1))": None,
    "<red@example.se>": "mailto:red@example.se",  # an e-mail autolink
    "<ftp://example.se/fil.txt>": None,
}
# Prose around each link, so no paragraph reads as a page's link chrome.
SENTENCE = ("Den som vill veta mer om hur beslutet togs kan läsa ", " innan mötet i kväll.")


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.se/a?b=c", True),
        ("HTTP://example.se", True),
        ("mailto:a@example.se", True),
        ("//example.se/x", True),
        ("sida.html#del", True),
        ("#rubrik", True),
        ("?q=1", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),  # browsers drop tabs and newlines inside a URL
        ("java\nscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),  # and leading control characters
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("weird:thing", False),
        ("bilagor/a:b.pdf", True),  # a colon after the first slash is in the path
    ],
)
def test_only_http_mailto_and_relative_links_are_safe(url: str, safe: bool) -> None:
    from workbench.export.render.links import is_safe_link

    assert is_safe_link(url) is safe


def _rendered_links(invoke, install_model, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    install_model("marker")
    source = tmp_path / "lankar.md"
    source.write_text(
        "# Länkar\n\n" + "".join(f"{SENTENCE[0]}{link}{SENTENCE[1]}\n\n" for link in LINKS),
        encoding="utf-8",
    )
    assert invoke("run", str(source), "--source-lang", "sv").exit_code == 0
    page = tmp_path / "lankar.en.html"
    result = invoke("render", "1", "--format", "html", "-o", page)
    assert result.exit_code == 0, result.stderr
    return page


def test_html_article_links_only_safe_targets_and_keeps_parenthesised_urls(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    root = lxml_html.parse(str(_rendered_links(invoke, install_model, tmp_path))).getroot()
    paragraphs = root.findall(".//article/p")
    assert len(paragraphs) == len(LINKS)
    for (link, href), paragraph in zip(LINKS.items(), paragraphs, strict=True):
        text = link[1 : link.index("]")] if link.startswith("[") else link[1:-1]
        anchors = paragraph.findall("a")
        if href is None:
            # an unsafe link is shown as the Markdown it was, never as a link
            assert not anchors, link
            assert paragraph.text_content() == f"[en] {SENTENCE[0]}{link}{SENTENCE[1]}", link
        else:
            (anchor,) = anchors
            assert (anchor.get("href"), anchor.text) == (href, text)
            assert paragraph.text_content() == f"[en] {SENTENCE[0]}{text}{SENTENCE[1]}"
    assert not root.xpath("//*[@href[contains(translate(., 'JAVSCRIPT', 'javscript'), 'script:')]]")

    sheet = tmp_path / "sheet.html"
    assert invoke("render", "1", "--format", "bilingual", "-o", sheet).exit_code == 0
    sheet_root = lxml_html.parse(str(sheet)).getroot()
    assert not sheet_root.xpath("//a | //*[@href] | //*[@src]")  # text only: no link at all


def test_markdown_article_escapes_only_unsafe_links(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt

    _rendered_links(invoke, install_model, tmp_path)
    md = invoke("render", "1", "--format", "md").stdout
    assert "[Foo](https://en.wikipedia.org/wiki/Foo_(bar))" in md
    assert "\\[klick](javascript:alert(document.domain))" in md
    # a renderer that checks no scheme itself still makes only the safe links
    permissive = MarkdownIt("commonmark")
    permissive.validateLink = lambda url: True
    page = lxml_html.fragment_fromstring(permissive.render(md), create_parent="div")
    assert [a.get("href") for a in page.iter("a")] == [h for h in LINKS.values() if h]


def test_txt_mentioning_markdown_links_renders_as_literal_markdown(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt  # a CommonMark parser (rich depends on it)

    install_model("marker")
    source = tmp_path / "notis.txt"
    source.write_text(
        "Syntaxen i Markdown\n\n"
        "En länk skrivs [text](https://example.se/sida) och en bild "
        "![bild](https://example.se/b.png) mitt i texten.\n\n"
        "Klamrar [som dessa] blir kvar som de är i den engelska texten.\n",
        encoding="utf-8",
    )
    assert invoke("run", str(source), "--source-lang", "sv").exit_code == 0
    md = invoke("render", "1", "--format", "md").stdout
    rendered = MarkdownIt("commonmark").render(md)
    page = lxml_html.fragment_fromstring(rendered, create_parent="div")
    assert not page.xpath("//a | //img")
    texts = [e.text_content() for e in page]
    assert texts[1] == (
        "[en] En länk skrivs [text](https://example.se/sida) och en bild "
        "![bild](https://example.se/b.png) mitt i texten."
    )
    assert texts[2] == "[en] Klamrar [som dessa] blir kvar som de är i den engelska texten."


def test_chromium_finds_no_script_link_in_the_article(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"Chromium is not installed at {chromium}")
    page_path = _rendered_links(invoke, install_model, tmp_path)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_path.as_uri())
            # the URLs as Chromium resolved them, after its own parsing of each href
            hrefs = page.eval_on_selector_all("[href]", "links => links.map(a => a.href)")
            protocols = page.eval_on_selector_all("a", "links => links.map(a => a.protocol)")
        finally:
            browser.close()
    wanted = [href for href in LINKS.values() if href is not None]
    assert len(hrefs) == len(wanted)
    assert hrefs[0] == "https://en.wikipedia.org/wiki/Foo_(bar)"
    assert set(protocols) == {"https:", "mailto:", "file:"}  # relative links resolve to the file
