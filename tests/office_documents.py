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
LINK = "https://www.regeringen.se/pressmeddelanden"


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
    document.sections[0].header.paragraphs[0].text = "Nyhetsbyrån – inrikes"
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
    for number in range(extra_paragraphs):
        document.add_paragraph(f"{SECOND} Stycke {number + 1}.")
    document.save(path)
    return path
