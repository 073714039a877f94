"""The translated article: `workbench render` and `run --out` on real stores and the fixture
model (the `marker` variant prefixes every target with "[en] ")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.support import SWEDISH_SEED
from workbench.store import Store

# what the seed's page chrome says; none of it may reach the article
SEED_BOILERPLATE = (
    "Vietnam.vn",
    "Báo Lai Châu",
    "Kommentar (0)",
    "No data",
    "I samma kategori",
    "Av samma författare",
    "Aktuella händelser",
    "Källa:",
)


def _translated_seed(invoke, install_model) -> list[dict]:  # type: ignore[no-untyped-def]
    install_model("marker")
    assert invoke("run", str(SWEDISH_SEED)).exit_code == 0
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    return [s for s in segments if s["translatable"]]


def _run_and_render_md(invoke, install_model, source: Path, text: str) -> str:  # type: ignore[no-untyped-def]
    """`run` one source written with `text`; its article (document 1) rendered as Markdown."""
    install_model("marker")
    source.write_text(text, encoding="utf-8")
    assert invoke("run", str(source)).exit_code == 0
    return str(invoke("render", "1", "--format", "md").stdout)


def _assert_each_once_in_order(text: str, targets: list[str]) -> None:
    position = 0
    for target in targets:
        assert text.count(target) == 1, target
        found = text.find(target, position)
        assert found >= position, f"out of order: {target}"
        position = found + len(target)


def test_seed_renders_as_txt_md_and_html(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    translatable = _translated_seed(invoke, install_model)
    targets = [s["target"] for s in translatable]
    paragraphs = sorted({s["paragraph"] for s in translatable})

    txt = invoke("render", "1").stdout  # a .txt source renders as text by default
    _assert_each_once_in_order(txt, targets)
    blocks = txt.strip("\n").split("\n\n")
    assert len(blocks) == len(paragraphs)  # one block per translated paragraph, no more
    assert blocks[0] == targets[0]  # the title first

    md = invoke("render", "1", "--format", "md").stdout
    assert md.startswith("# " + targets[0] + "\n\n")
    _assert_each_once_in_order(md, targets)

    result = invoke("render", "1", "--format", "html", "-o", tmp_path / "a.html")
    assert result.exit_code == 0, result.stderr
    page = lxml_html.parse(str(tmp_path / "a.html")).getroot()
    assert page.get("lang") == "en"
    assert page.find(".//meta").get("charset") == "utf-8"
    assert page.findtext(".//title") == page.findtext(".//h1") == targets[0]
    assert not page.findall(".//nav") and not page.findall(".//script")
    body_text = "\n".join(e.text_content() for e in page.iter("p", "h1", "figcaption", "li"))
    _assert_each_once_in_order(body_text, targets)

    for rendered in (txt, md, body_text):
        assert not any(marker in rendered for marker in SEED_BOILERPLATE)
        # every paragraph opens with a target: no source typography outside the segments
        for block in rendered.strip().split("\n\n"):
            assert block.lstrip("# ").startswith("[en] "), block


def test_line_broken_lists_and_dialogue_dashes_keep_their_shape(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    article = tmp_path / "intervju.txt"
    article.write_text(
        "Kommunen bygger ny skola\n\n"
        "Kommunen har beslutat att bygga en ny skola i centrum. Bygget börjar i vår.\n\n"
        "– Vi har väntat länge på det här, säger rektorn Anna Berg.\n\n"
        "Skolan får plats för fler elever än i dag. Följande klasser flyttar in:\n"
        "Förskoleklassen\n"
        "Årskurs ett\n"
        "Årskurs två\n\n"
        "Kontakt:\n"
        "• Anna Berg, rektor\n"
        "• Per Holm, kommunen\n\n"
        "Beslutet togs enhälligt av nämnden efter en lång debatt om kostnaderna för bygget.\n\n"
        "Skolan ska stå klar om två år och kosta mer än hundra miljoner kronor att bygga.\n",
        encoding="utf-8",
    )
    assert invoke("run", str(article)).exit_code == 0
    txt = (tmp_path / "out" / "intervju.en.txt").read_text("utf-8")
    lines = txt.split("\n")
    assert "[en] – Vi har väntat länge på det här, säger rektorn Anna Berg." in lines
    # the dash is inside the sentence the reviewer sees, never a bullet before it
    assert not any(line.startswith(("– ", "— ")) for line in lines)
    segments = json.loads(invoke("segments", "1", "--json").stdout)
    assert any(s["source"].startswith("– Vi har") for s in segments)
    # the list stays line by line, with its bullets, right under its lead-in
    assert "[en] Förskoleklassen\n[en] Årskurs ett\n[en] Årskurs två\n" in txt
    assert "[en] Kontakt:\n• [en] Anna Berg, rektor\n• [en] Per Holm, kommunen\n" in txt

    html = invoke("render", "1", "--format", "html").stdout
    page = lxml_html.fromstring(html.encode())
    assert [li.text_content() for li in page.iter("li")] == [
        "[en] Anna Berg, rektor",
        "[en] Per Holm, kommunen",
    ]
    assert "[en] Förskoleklassen<br>\n[en] Årskurs ett<br>\n[en] Årskurs två" in html


def test_markdown_keeps_headings_lists_and_quotes(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    source = tmp_path / "notes.md"
    source.write_text(
        "# Möte om budgeten\n\n"
        "Vi träffades i stora salen och diskussionen blev lång.\n\n"
        "## Beslut\n\n"
        "- Budgeten godkändes enligt förslaget\n"
        "- Nästa möte hålls i mars\n\n"
        "> Allt gick bra, sade ordföranden.\n",
        encoding="utf-8",
    )
    assert invoke("run", str(source)).exit_code == 0
    md = (tmp_path / "out" / "notes.en.md").read_text("utf-8")
    assert md == (
        "# [en] Möte om budgeten\n\n"
        "[en] Vi träffades i stora salen och diskussionen blev lång.\n\n"
        "## [en] Beslut\n\n"
        "- [en] Budgeten godkändes enligt förslaget\n"
        "- [en] Nästa möte hålls i mars\n\n"
        "> [en] Allt gick bra, sade ordföranden.\n"
    )


def test_markdown_numbered_list_is_a_list_in_every_format(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    md = _run_and_render_md(
        invoke,
        install_model,
        tmp_path / "steg.md",
        "# Så söker du bidrag\n\n"
        "Ansökan görs på kommunens webbplats och tar ungefär en kvart.\n\n"
        "3. Fyll i blanketten med dina uppgifter\n"
        "4. Skicka in den före sista maj\n\n"
        "Beslutet kommer med posten några veckor senare.\n",
    )
    items = "3. [en] Fyll i blanketten med dina uppgifter\n4. [en] Skicka in den före sista maj\n"
    assert f"\n\n{items}\n" in md
    assert f"\n\n{items}\n" in invoke("render", "1", "--format", "txt").stdout
    root = lxml_html.fromstring(invoke("render", "1", "--format", "html").stdout.encode())
    [numbered] = root.findall(".//ol")
    assert numbered.get("start") == "3"
    assert [li.text for li in numbered.findall("li")] == [
        "[en] Fyll i blanketten med dina uppgifter",
        "[en] Skicka in den före sista maj",
    ]
    assert not root.findall(".//br")


def test_html_bullet_list_keeps_its_bullets_in_plain_text(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    page = (
        "<html><body><article><h1>Råd inför vintern</h1>"
        "<p>Kommunen ger några enkla råd till alla som ska ut på isen i vinter.</p>"
        "<ul><li>Gå aldrig ensam ut på isen</li><li>Bär alltid isdubbar</li></ul>"
        "<p>Isen mäts varje vecka och resultatet läggs ut på kommunens webbplats.</p>"
        "</article></body></html>"
    )
    assert invoke("run", "-", input=page.encode()).exit_code == 0
    txt = invoke("render", "1", "--format", "txt").stdout
    assert "\n\n- [en] Gå aldrig ensam ut på isen\n- [en] Bär alltid isdubbar\n\n" in txt


def test_approved_only_refuses_then_succeeds_and_edits_show_up(  # type: ignore[no-untyped-def]
    invoke, install_model, store_path: Path
) -> None:
    translatable = _translated_seed(invoke, install_model)
    ids = [s["id"] for s in translatable]
    refused = invoke("render", "1", "--approved-only")
    assert refused.exit_code == 2 and refused.stdout == ""
    line = refused.stderr.strip()
    assert len(line.splitlines()) == 1
    assert f"42 of 42 translatable segments are not approved (segment {ids[0]}, " in line

    # The marker model's output still reads as Swedish, an error QA flag: approve regardless.
    approving = invoke("approve", "1", "--segments", ",".join(map(str, ids)), "--force")
    assert approving.exit_code == 0, approving.stderr
    approved = invoke("render", "1", "--approved-only")
    assert approved.exit_code == 0 and translatable[1]["target"] in approved.stdout

    with Store.open(store_path) as store:
        segment = store.documents.segment(ids[1])
        store.reviews.save_edit(
            ids[1], "A reviewer's better sentence.", "anna", segment.translation_id
        )
    after = invoke("render", "1").stdout
    assert "A reviewer's better sentence." in after
    assert translatable[1]["target"] not in after
    assert invoke("render", "1", "--approved-only").exit_code == 2  # the edit needs approval


def test_render_refuses_untranslated_and_bad_outputs_without_writing(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    assert invoke("ingest", str(SWEDISH_SEED)).exit_code == 0
    untranslated = invoke("render", "1")
    assert untranslated.exit_code == 2
    assert (
        "have no target yet" in untranslated.stderr and "workbench translate" in untranslated.stderr
    )

    missing = invoke("render", "1", "-o", tmp_path / "nowhere" / "a.txt")
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "nowhere" in missing.stderr
    unknown = invoke("render", "1", "--format", "pdf")
    assert unknown.exit_code == 2 and "known: txt, md, html, bilingual" in unknown.stderr


def test_several_documents_go_into_a_folder_atomically(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    first, second = tmp_path / "a.txt", tmp_path / "b.md"
    first.write_text("Rubrik ett\n\nDet här är den första artikeln om vädret.\n", "utf-8")
    second.write_text("# Rubrik två\n\nDet här är den andra artikeln om sporten.\n", "utf-8")
    assert invoke("run", first, second).exit_code == 0
    folder = tmp_path / "rendered"
    assert invoke("render", "1", "2", "-o", folder).exit_code == 2  # no such folder
    folder.mkdir()
    result = invoke("render", "1", "2", "-o", folder, "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.en.html", "b.en.html"]
    assert invoke("render", "1", "2").exit_code == 2  # several documents need a folder


def test_html_and_bilingual_rendered_into_one_folder_keep_both(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    _translated_seed(invoke, install_model)
    folder = tmp_path / "rendered"
    folder.mkdir()
    for fmt in ("html", "bilingual"):
        result = invoke("render", "1", "--format", fmt, "-o", folder)
        assert result.exit_code == 0, result.stderr
    stem = "004_a5e45da3f1913b04"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"{stem}.en.bilingual.html", f"{stem}.en.html"]
    assert "<table>" in (folder / f"{stem}.en.bilingual.html").read_text("utf-8")
    assert "<article>" in (folder / f"{stem}.en.html").read_text("utf-8")


def test_run_prints_the_article_paths_last(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    result = invoke("run", str(SWEDISH_SEED), "--out", tmp_path / "english")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "english" / "004_a5e45da3f1913b04.en.txt"
    assert result.stdout.strip().splitlines()[-1] == str(written)
    assert written.read_text("utf-8").startswith("[en] Lai Chau")
    assert not [p for p in written.parent.iterdir() if p.name.startswith(".")]  # no temp files

    again = invoke("translate", "1", "--out", tmp_path / "again")
    assert again.exit_code == 0
    assert again.stdout.strip().splitlines()[-1].endswith("again/004_a5e45da3f1913b04.en.txt")


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_documents_stored_before_layouts_render_as_paragraphs(  # type: ignore[no-untyped-def]
    invoke, install_model, store_path: Path, fmt: str
) -> None:
    _translated_seed(invoke, install_model)
    with Store.open(store_path) as store, store.write() as conn:
        conn.execute("UPDATE segments SET block = 'p', lead = ''")  # what migration 2 leaves
    rendered = invoke("render", "1", "--format", fmt).stdout
    assert re.search(r"\[en\] Lai Chau: Utökad integration", rendered)
    if fmt == "html":
        page = lxml_html.fromstring(rendered.encode())
        assert page.findtext(".//h1").startswith("[en] Lai Chau")
        assert len(page.findall(".//p")) > 10


def test_markdown_inline_markup_travels_through_mt_and_renders(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    source = tmp_path / "rapport.md"
    source.write_text(
        "# Rapport om **vädret**\n\n"
        "Det blev en *mycket* kall vinter i år, enligt [SMHI](https://www.smhi.se/data?x=1&y=2).\n\n"
        "- Sjön frös i `december` redan\n"
        "- Snön låg kvar till **april** i norr\n",
        encoding="utf-8",
    )
    result = invoke("run", str(source))
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "out" / "rapport.en.md").read_text("utf-8")
    assert md == (
        "# [en] Rapport om **vädret**\n\n"
        "[en] Det blev en *mycket* kall vinter i år, enligt "
        "[SMHI](https://www.smhi.se/data?x=1&y=2).\n\n"
        "- [en] Sjön frös i `december` redan\n"
        "- [en] Snön låg kvar till **april** i norr\n"
    )
    with Store.open(tmp_path / "store" / "workbench.db") as store:
        codes = {flag.code for _, flag in store.flags.of_document(1)}
        sources = [s.source for s in store.documents.segments(1)]
    assert "placeholder-lost" not in codes  # every markup placeholder came back from MT
    assert (
        "Det blev en *mycket* kall vinter i år, enligt [SMHI](https://www.smhi.se/data?x=1&y=2)."
        in sources
    )

    page = lxml_html.fromstring(invoke("render", "1", "--format", "html").stdout.encode())
    assert page.findtext(".//title") == "[en] Rapport om vädret"
    (link,) = page.iter("a")
    assert link.get("href") == "https://www.smhi.se/data?x=1&y=2" and link.text == "SMHI"
    assert [e.text for e in page.iter("em")] == ["mycket"]
    assert [e.text for e in page.iter("strong")] == ["vädret", "april"]
    assert [e.text for e in page.iter("code")] == ["december"]

    txt = invoke("render", "1", "--format", "txt").stdout
    assert "[en] Det blev en mycket kall vinter i år, enligt SMHI." in txt


def test_markup_placeholders_are_padded_and_a_lost_one_is_refused() -> None:
    from workbench.translate.masking import SpanKind, mask, unmask

    text = "Det var **mycket** kallt, se [SMHI](https://www.smhi.se/a_b)."
    masked = mask(text, lang="sv")
    assert [s.original for s in masked.spans if s.kind is SpanKind.MARKUP] == [
        "**",
        "**",
        "[",
        "](https://www.smhi.se/a_b)",
    ]
    # every placeholder stands apart from the words, so MT reads "mycket" and "SMHI"
    assert "mycket" in masked.text.split() and "SMHI" in masked.text.split()
    english = masked.text.replace("Det var", "It was").replace("kallt, se", "cold, see")
    assert unmask(english, masked) == "It was **mycket** cold, see [SMHI](https://www.smhi.se/a_b)."
    closer = masked.spans[1].placeholder
    # a dropped delimiter fails the unmask, so translate retries unmasked and flags the segment
    assert unmask(english.replace(closer, ""), masked) is None


def test_html_page_becomes_a_clean_semantic_article(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    page = tmp_path / "isen.html"
    page.write_text(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        "<title>Isen lade sig tidigt – Lokalbladet</title><script>var t = 1;</script></head>"
        '<body><nav><ul><li><a href="/">Start</a></li><li><a href="/sport">Sport</a></li>'
        '<li><a href="/kultur">Kultur</a></li></ul></nav><article>'
        "<h1>Isen lade sig tidigt på sjön</h1>"
        "<p>Redan i mitten av november frös sjön till. Fiskarna i byn har inte sett något "
        "liknande på trettio år.</p>"
        '<figure><img src="/img/sjon.jpg" alt=""><figcaption>Isen på sjön en kall morgon i '
        "november.</figcaption></figure>"
        "<p>Enligt kommunen är isen ändå för tunn att gå på. Den mäter bara fem centimeter, och "
        "det krävs minst tio för att den ska bära en vuxen person.</p>"
        "<h2>Råd till den som ändå vill ut</h2>"
        "<ul><li>Gå aldrig ensam ut på isen</li><li>Bär alltid isdubbar</li></ul>"
        "<p>Kommunen mäter isen igen på måndag och meddelar resultatet på sin webbplats under "
        "eftermiddagen.</p></article><footer><p>© 2025 Lokalbladet</p></footer></body></html>",
        encoding="utf-8",
    )
    result = invoke("run", str(page))
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip().splitlines()[-1])
    assert written.name == "isen.en.html"
    html = written.read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    root = lxml_html.fromstring(html.encode())
    assert (
        root.findtext(".//title") == root.findtext(".//h1") == "[en] Isen lade sig tidigt på sjön"
    )
    assert root.findtext(".//h2") == "[en] Råd till den som ändå vill ut"
    assert root.findtext(".//figure/figcaption") == "[en] Isen på sjön en kall morgon i november."
    assert [li.text for li in root.iter("li")] == [
        "[en] Gå aldrig ensam ut på isen",
        "[en] Bär alltid isdubbar",
    ]
    assert len(root.findall(".//article/p")) == 3
    for chrome in ("Start", "Sport", "Kultur", "Lokalbladet", "var t", "<nav", "<script"):
        assert chrome not in html


def test_bilingual_sheet_is_self_contained_with_review_state(  # type: ignore[no-untyped-def]
    invoke, install_model, store_path: Path, tmp_path: Path
) -> None:
    translatable = _translated_seed(invoke, install_model)
    first, second = translatable[0]["id"], translatable[1]["id"]
    with Store.open(store_path) as store:
        store.reviews.save_edit(second, "Over the years <the> province grew.", "anna", None)
        store.reviews.approve(second, "anna")
        store.reviews.reject(translatable[2]["id"], "per", "too literal")
    sheet = tmp_path / "review.html"
    assert invoke("render", "1", "--format", "bilingual", "-o", sheet).exit_code == 0
    html = sheet.read_text("utf-8")
    root = lxml_html.fromstring(html.encode())
    # self-contained: no scripts, stylesheets, images or frames to fetch
    assert not root.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert "@media print" in root.findtext(".//style")
    rows = root.findall(".//tbody/tr")
    assert len(rows) == len(translatable)
    cells = {row.get("id"): [td.text_content() for td in row.findall("td")] for row in rows}
    number, source, target, status, flags, reviewer, _score = cells[f"s{second}"]
    assert (number, source) == (str(second), translatable[1]["source"])
    assert (target, status, reviewer) == ("Over the years <the> province grew.", "approved", "anna")
    number, source, target, status, flags, reviewer, score = cells[f"s{first}"]
    assert (target, status, reviewer) == (translatable[0]["target"], "translated", "")
    assert "error" in flags  # the marker model's Swedish output is flagged by QA
    assert score == "100%"  # the fixture model is certain: log-probability 0
    assert "1 of 42 segments approved" in root.findtext(".//p")
    assert cells[f"s{translatable[2]['id']}"][3] == "rejectedtoo literal"  # status, then the note


def test_numbered_html_list_and_stdin_article(invoke, install_model, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_model("marker")
    page = (
        "<html><body><article><h1>Så fungerar valet i kommunen</h1>"
        "<p>Valet hålls i september och alla som är folkbokförda i kommunen får rösta.</p>"
        "<ol><li>Hämta valsedlarna i lokalen</li><li>Lägg rösten i kuvertet</li></ol>"
        "<p>Rösterna räknas samma kväll och resultatet presenteras på kommunens webbplats.</p>"
        "</article></body></html>"
    )
    result = invoke("run", "-", input=page.encode())
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip().splitlines()[-1])
    assert written.name == "stdin.en.txt"  # stdin without a name renders as text
    txt = invoke("render", "1", "--format", "txt").stdout
    assert "\n\n1. [en] Hämta valsedlarna i lokalen\n2. [en] Lägg rösten i kuvertet\n\n" in txt
    md = invoke("render", "1", "--format", "md").stdout
    assert "\n\n1. [en] Hämta valsedlarna i lokalen\n2. [en] Lägg rösten i kuvertet\n\n" in md


def test_plain_text_rendered_as_markdown_reads_back_literally(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt  # a CommonMark parser (rich depends on it)

    md = _run_and_render_md(
        invoke,
        install_model,
        tmp_path / "siffror.txt",
        "Budgeten i siffror\n\n"
        "Kommunen räknar med att skatten blir 22,5 procent *preliminärt* nästa år.\n\n"
        "1. Skolan får mest pengar av alla verksamheter i kommunen nästa år.\n\n"
        "# Det här är ingen rubrik utan en siffra i en tabell som skrivits av.\n\n"
        "Beslutet fattas i december när fullmäktige har gått igenom alla förslag från nämnderna.\n",
    )
    page = lxml_html.fragment_fromstring(MarkdownIt("commonmark").render(md), create_parent="div")
    assert [e.tag for e in page] == ["h1", "p", "p", "p", "p"]  # no list, no second heading
    texts = [e.text_content() for e in page]
    assert (
        "[en] Kommunen räknar med att skatten blir 22.5 procent *preliminärt* nästa år" in texts[1]
    )
    assert texts[2].startswith("[en] 1. Skolan får")  # one sentence, number included
    assert texts[3].startswith("[en] # Det här")


def test_render_onto_the_store_is_refused(  # type: ignore[no-untyped-def]
    invoke, install_model, store_path: Path
) -> None:
    _translated_seed(invoke, install_model)
    before = store_path.read_bytes()
    result = invoke("render", "1", "-o", str(store_path))
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr and result.stderr.count("\n") == 1
    assert store_path.read_bytes() == before
