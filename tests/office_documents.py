"""Swedish office documents built in code for the DOCX, ODT and SRT tests: a news story with a
title, headings, emphasis, a link, lists, a table, an image with a caption, a comment, a header
and a footnote-like field, in the shapes Word and LibreOffice write them."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

TITLE = "Regeringen presenterar en ny budget för nästa år"
HEADING = "Bakgrund till förslaget"
BODY = (
    "Regeringen lade på måndagen fram ",
    "en ny budget",  # bold
    " för nästa år. Finansministern säger att den är ",
    "ansvarsfull",  # italic
    " och att den stärker ekonomin. Läs hela ",
    "pressmeddelandet",  # link
    " på regeringens webbplats.",
)
SECOND = (
    "Oppositionen kritiserar förslaget och menar att det inte räcker för att "
    "hjälpa hushållen. Många familjer har fått det svårare under året."
)
BULLETS = (
    "Skatten sänks för pensionärer med låga inkomster.",
    "Barnbidraget höjs med tvåhundra kronor.",
)
NUMBERED = ("Först behandlas förslaget i utskottet.", "Sedan röstar riksdagen om budgeten.")
CELLS = (("Område", "Förändring"), ("Skolan", "Mer pengar till lärarna"))
CAPTION = "Finansministern presenterar budgeten i riksdagen."
MAP = ("Kartan ", " visar var skatterna sänks mest i landet.")  # an image between them
LINK = "https://www.regeringen.se/pressmeddelanden"
HEADER = "Nyhetsbyrån – inrikes"


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG (grey pixels), so documents carry a real image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def swedish_docx(path: Path, *, extra_paragraphs: int = 0) -> Path:
    """A Swedish news story as Word writes one (python-docx on Word's default template)."""
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    document = docx.Document()
    document.core_properties.language = "sv-SE"
    normal = document.styles["Normal"]
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    normal.element.get_or_add_rPr().append(language)
    document.sections[0].header.paragraphs[0].text = HEADER
    document.add_heading(TITLE, level=0)
    document.add_heading(HEADING, level=1)
    paragraph = document.add_paragraph(BODY[0])
    paragraph.add_run(BODY[1]).bold = True
    paragraph.add_run(BODY[2])
    paragraph.add_run(BODY[3]).italic = True
    paragraph.add_run(BODY[4])
    relation = document.part.relate_to(LINK, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = BODY[5]
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(BODY[6])
    commented = document.add_paragraph(SECOND)
    document.add_comment(commented.runs, text="Kolla siffran.", author="Redaktör")
    for item in BULLETS:
        document.add_paragraph(item, style="List Bullet")
    for item in NUMBERED:
        document.add_paragraph(item, style="List Number")
    table = document.add_table(rows=len(CELLS), cols=len(CELLS[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, CELLS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_picture(io.BytesIO(png()), width=Inches(1))
    if "Caption" not in [s.name for s in document.styles]:
        document.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(CAPTION, style="Caption")
    with_map = document.add_paragraph(MAP[0])
    with_map.add_run().add_picture(io.BytesIO(png()), width=Inches(0.3))
    with_map.add_run(MAP[1])
    for number in range(extra_paragraphs):
        extra = document.add_paragraph(f"{SECOND} Se ")
        extra.add_run(f"stycke {number + 1}").bold = True
        extra.add_run(".")
    document.save(path)
    return path


def swedish_odt(path: Path) -> Path:
    """The same story as LibreOffice writes one (odfpy): styles, spans, a link, lists, a
    table, an image with a caption, a footnote and a comment."""
    from odf import dc, draw, meta, office, style, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Language(text="sv-SE"))
    document.meta.addElement(meta.Generator(text="workbench tests"))
    swedish = {"language": "sv", "country": "SE"}
    default = style.DefaultStyle(family="paragraph")
    default.addElement(style.TextProperties(**swedish))
    document.styles.addElement(default)
    named = {}
    for name, parent, size in (
        ("Standard", None, "12pt"),
        ("Title", "Standard", "24pt"),
        ("Heading_20_1", "Standard", "16pt"),
        ("Caption", "Standard", "10pt"),
    ):
        attributes = {"name": name, "family": "paragraph"}
        if parent:
            attributes["parentstylename"] = parent
        named[name] = style.Style(**attributes)
        named[name].addElement(style.TextProperties(fontsize=size))
        document.styles.addElement(named[name])
    bold = style.Style(name="T1", family="text")
    bold.addElement(style.TextProperties(fontweight="bold"))
    italic = style.Style(name="T2", family="text")
    italic.addElement(style.TextProperties(fontstyle="italic"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(italic)
    bullets = text.ListStyle(name="L1")
    bullets.addElement(text.ListLevelStyleBullet(level=1, bulletchar="•"))
    numbers = text.ListStyle(name="L2")
    numbers.addElement(text.ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    document.automaticstyles.addElement(bullets)
    document.automaticstyles.addElement(numbers)

    layout = style.PageLayout(name="pm1")
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(text.P(text=HEADER))
    master.addElement(header)
    document.masterstyles.addElement(master)
    body = document.text
    body.addElement(text.P(stylename=named["Title"], text=TITLE))
    body.addElement(text.H(outlinelevel=1, stylename=named["Heading_20_1"], text=HEADING))
    paragraph = text.P(stylename=named["Standard"])
    paragraph.addText(BODY[0])
    paragraph.addElement(text.Span(stylename=bold, text=BODY[1]))
    paragraph.addText(BODY[2])
    paragraph.addElement(text.Span(stylename=italic, text=BODY[3]))
    paragraph.addText(BODY[4])
    paragraph.addElement(text.A(href=LINK, type="simple", text=BODY[5]))
    paragraph.addText(BODY[6])
    note = text.Note(id="ftn1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    note_body = text.NoteBody()
    note_body.addElement(text.P(text="Uppgifterna kommer från finansdepartementet."))
    note.addElement(note_body)
    paragraph.addElement(note)
    body.addElement(paragraph)
    commented = text.P(stylename=named["Standard"])
    comment = office.Annotation()
    comment.addElement(dc.Creator(text="Redaktör"))
    comment.addElement(text.P(text="Kolla siffran."))
    commented.addElement(comment)
    commented.addText(SECOND)
    body.addElement(commented)
    for items, list_style in ((BULLETS, bullets), (NUMBERED, numbers)):
        listing = text.List(stylename=list_style)
        for item in items:
            entry = text.ListItem()
            entry.addElement(text.P(text=item))
            listing.addElement(entry)
        body.addElement(listing)
    grid = table.Table(name="Tabell1")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for values in CELLS:
        row = table.TableRow()
        for value in values:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    body.addElement(grid)
    picture = document.addPicture("Pictures/bild.png", "image/png", png())
    frame = draw.Frame(name="Bild1", anchortype="as-char", width="2cm", height="1.5cm")
    frame.addElement(draw.Image(href=picture))
    holder = text.P(stylename=named["Standard"])
    holder.addElement(frame)
    body.addElement(holder)
    body.addElement(text.P(stylename=named["Caption"], text=CAPTION))
    document.save(str(path))
    return path
