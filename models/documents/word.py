"""The layout of an official document in Word (python-docx), after ГОСТ Р 7.0.97-2016: A4,
margins 20 mm (left, top, bottom) and 10 mm (right), Times New Roman 12, page numbers at the
top centre from page 2, tables whose header row repeats on every page and whose rows are
not split across pages, fixed column widths that add up to the text width."""

from __future__ import annotations

from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Row

FONT = "Times New Roman"
FONT_SIZE = Pt(12)
A4 = (Mm(210), Mm(297))
MARGINS_MM = {"top": 20, "bottom": 20, "left": 20, "right": 10}
CHAR_MM = 2.2
KEEP_WHOLE_LINES = 9  # about a quarter of a landscape page


def official(landscape: bool = False, size: Pt = FONT_SIZE) -> Document:
    """An empty A4 document with the margins, the font and the page numbers set."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = size
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    _page_numbers(document)
    return document


def text_width_mm(document: Document) -> float:
    section = document.sections[0]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return float(Emu(width).mm)


def _page_numbers(document: Document) -> None:
    """A PAGE field centred in the header; the first page has an empty header (titlePg)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def paragraph(
    document: Document,
    text: str,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    indent_mm: float = 0,
    space_after: float = 0,
    keep_with_next: bool = False,
) -> None:
    p = document.add_paragraph()
    p.paragraph_format.keep_with_next = keep_with_next
    p.alignment = align
    if indent_mm:
        p.paragraph_format.left_indent = Mm(indent_mm)
    p.paragraph_format.space_after = Pt(space_after)
    run = p.add_run(text)
    run.bold = bold


def _row_flag(row: _Row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def table(document: Document, headers: Sequence[str], widths_mm: Sequence[float]) -> Table:
    """A grid table with fixed widths (``widths_mm`` are scaled to the text width), its
    header row bold, repeated on each page (``w:tblHeader``) and never split (``cantSplit``)."""
    total = text_width_mm(document)
    scale = total / sum(widths_mm)
    widths = [Mm(w * scale) for w in widths_mm]
    tbl: Table = document.add_table(rows=1, cols=len(headers))
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    tblpr = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(w.twips for w in widths)))
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = width
    header = tbl.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_widths(header, widths)
    return tbl


def _set_widths(row: _Row, widths: Sequence[Mm]) -> None:
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width


def estimated_lines(values: Sequence[str], widths_mm: Sequence[float]) -> int:
    """Lines the tallest cell takes at 12 pt (about 2.2 mm a character, 2 mm padding)."""
    lines = 1
    for value, width in zip(values, widths_mm, strict=True):
        per_line = max(1, int((width - 2) / CHAR_MM))
        wrapped = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
        lines = max(lines, wrapped)
    return lines


def add_row(
    tbl: Table, values: Sequence[str], *, bold: bool = False, keep_whole: bool | None = None
) -> _Row:
    """A row kept whole on one page when it fits a quarter of a page (it moves to the next
    page instead of splitting); a taller one flows on, so no page is left mostly empty."""
    row: _Row = tbl.add_row()  # type: ignore[no-untyped-call]
    widths = [c.width for c in tbl.rows[0].cells]
    if keep_whole is None:
        keep_whole = estimated_lines(values, [Emu(w).mm for w in widths]) <= KEEP_WHOLE_LINES
    if keep_whole:
        _row_flag(row, "w:cantSplit")
    for cell, value, width in zip(row.cells, values, widths, strict=True):
        cell.width = width
        lines = value.split("\n")
        cell.text = ""
        p = cell.paragraphs[0]
        for index, line in enumerate(lines):
            run = p.add_run(line)
            run.bold = bold
            if index < len(lines) - 1:
                run.add_break()
    return row


def merged_row(tbl: Table, text: str) -> _Row:
    """A row across all columns (a group's heading), bold."""
    row = add_row(tbl, [text] + [""] * (len(tbl.columns) - 1), bold=True, keep_whole=True)
    merged = row.cells[0].merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:  # merging keeps each cell's empty paragraph
        extra._p.getparent().remove(extra._p)
    return row
