"""The summary of proposals as files: DOCX in official form (``models.documents.word``: A4
landscape, the attachment mark, the title, a table grouped by provision whose header row
repeats on every page, the totals, municipalities' positions, the signature block) and XLSX
(support counts and totals as numbers, every text cell neutralised against formulas)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from models.documents import neutralise, word
from models.proposals.export import row_height
from models.proposals.summary import Line, Summary, Totals
from models.rendering import Renderer

if TYPE_CHECKING:
    from openpyxl import Workbook


DOCX_KEYS = (
    "decisions-col-index",
    "decisions-col-number",
    "decisions-col-proposal",
    "decisions-col-author",
    "decisions-col-supports",
    "decisions-col-decision",
    "decisions-col-reason",
)
DOCX_WIDTHS_MM = (9, 33, 76, 40, 30, 28, 51)
XLSX_KEYS = (
    "decisions-col-index",
    "decisions-col-number",
    "decisions-col-place",
    "decisions-col-proposal",
    "decisions-col-author-name",
    "decisions-col-municipality",
    "decisions-col-supports",
    "decisions-col-decision",
    "decisions-col-reason",
)
XLSX_WIDTHS = (5, 14, 18, 50, 24, 24, 11, 16, 40)
TITLE_ROWS = 2
POSITION_KEYS = ("decisions-col-municipality", "decisions-col-stance", "decisions-col-position")


def _proposal_cell(render: Renderer, line: Line) -> str:
    kind = render.label(line.kind)
    return f"{kind}: {line.proposed}" if line.proposed else kind


def _author(render: Renderer, line: Line) -> str:
    if line.author is None:
        return render.plain("proposals-anonymised")
    return f"{line.author}\n{line.municipality}" if line.municipality else line.author


def _decision(render: Renderer, line: Line) -> str:
    if line.status in (line.status.SUBMITTED, line.status.UNDER_REVIEW):
        return render.plain("decisions-undecided")
    return render.label(line.status)


def totals_lines(render: Renderer, totals: Totals) -> list[tuple[str, int]]:
    return [
        (render.plain("decisions-total-received"), totals.received),
        (render.plain("decisions-total-accepted"), totals.accepted),
        (render.plain("decisions-total-partial"), totals.partial),
        (render.plain("decisions-total-rejected"), totals.rejected),
        (render.plain("decisions-total-undecided"), totals.undecided),
    ]


def _heading(document: Document, render: Renderer, title: str, now: datetime) -> None:
    for text in render.plain("proposals-export-approval").split("\n"):
        word.paragraph(document, text, align=WD_ALIGN_PARAGRAPH.LEFT, indent_mm=190)
    word.paragraph(document, "", space_after=6)
    heading = render.plain("decisions-summary-heading", title=title)
    word.paragraph(document, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    formed = render.plain("proposals-export-formed", when=now)
    word.paragraph(document, formed, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)


def to_docx(summary: Summary, render: Renderer, title: str, now: datetime) -> bytes:
    document = word.official(landscape=True)
    _heading(document, render, title, now)
    table = word.table(document, [render.plain(k) for k in DOCX_KEYS], DOCX_WIDTHS_MM)
    for group in summary.groups:
        heading = word.merged_row(table, group.place.label(render))
        for cell_paragraph in heading.cells[0].paragraphs:  # never alone at a page's foot
            cell_paragraph.paragraph_format.keep_with_next = True
        for line in group.lines:
            word.add_row(
                table,
                [
                    str(line.index),
                    line.number,
                    _proposal_cell(render, line),
                    _author(render, line),
                    str(line.supports),
                    _decision(render, line),
                    line.reason,
                ],
            )
    word.paragraph(document, "", space_after=8)
    totals_head = render.plain("decisions-totals-heading")
    word.paragraph(document, totals_head, bold=True, space_after=4, keep_with_next=True)
    for label, value in totals_lines(render, summary.totals):
        word.paragraph(document, f"{label}: {value}", keep_with_next=True)
    if summary.positions:
        word.paragraph(document, "", space_after=8)
        head = render.plain("decisions-positions-heading")
        word.paragraph(document, head, bold=True, space_after=4, keep_with_next=True)
        positions = word.table(
            document,
            [render.plain(k) for k in POSITION_KEYS],
            (60, 45, 160),
        )
        for pos in summary.positions:
            word.add_row(positions, [pos.municipality, pos.stance, pos.text])
    word.paragraph(document, "", space_after=12, keep_with_next=True)
    for text in render.plain("proposals-export-signature").split("\n"):
        word.paragraph(document, text, space_after=6, keep_with_next=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_row(render: Renderer, line: Line) -> list[str | int]:
    return [
        line.index,
        neutralise(line.number),
        neutralise(line.place.label(render)),
        neutralise(_proposal_cell(render, line)),
        neutralise(
            line.author if line.author is not None else render.plain("proposals-anonymised")
        ),
        neutralise(line.municipality),
        line.supports,
        neutralise(_decision(render, line)),
        neutralise(line.reason),
    ]


def to_xlsx(summary: Summary, render: Renderer, title: str, now: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("decisions-sheet")
    ws.append([neutralise(render.plain("decisions-summary-heading", title=title))])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([neutralise(render.plain("proposals-export-formed", when=now))])
    header_row = TITLE_ROWS + 1
    ws.append([render.plain(k) for k in XLSX_KEYS])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for line in summary.lines:
        values = _xlsx_row(render, line)
        ws.append(values)
        ws.row_dimensions[ws.max_row].height = row_height([str(v) for v in values], XLSX_WIDTHS)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = ws.max_row
    ws.append([])
    for label, value in totals_lines(render, summary.totals):
        ws.append([None, None, None, neutralise(label), None, None, value])
        ws.cell(ws.max_row, 4).font = Font(bold=True)
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(XLSX_KEYS))}{last}"
    ws.freeze_panes = f"A{header_row + 1}"
    if summary.positions:
        _positions_sheet(wb, summary, render)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _positions_sheet(wb: Workbook, summary: Summary, render: Renderer) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(render.plain("decisions-positions-sheet"))
    ws.append([render.plain(k) for k in POSITION_KEYS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for pos in summary.positions:
        ws.append([neutralise(pos.municipality), neutralise(pos.stance), neutralise(pos.text)])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate((30, 26, 80), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
