"""The amendments table (the comparative table of proposals) as DOCX, XLSX and CSV, in the
law's order. :func:`rows` reads the data; the writers word it through a ``Renderer``
(``texts.t``: headers, labels, the anonymised author) as plain text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.municipalities import Municipality
from models.proposals.entities import AmendmentKind, Proposal, ProposalStatus
from models.proposals.places import Place
from models.proposals.queries import QueueFilter, all_matching
from models.rendering import Renderer

HEADER_KEYS = (
    "proposals-export-col-index",
    "proposals-export-col-number",
    "proposals-export-col-place",
    "proposals-export-col-current",
    "proposals-export-col-proposed",
    "proposals-export-col-justification",
    "proposals-export-col-author",
    "proposals-export-col-status",
    "proposals-export-col-answer",
)
COLUMN_WIDTHS = (5, 16, 22, 45, 45, 45, 28, 16, 40)
FORMATS = ("docx", "xlsx", "csv")


@dataclass(frozen=True)
class Row:
    index: int
    number: str
    place: Place
    kind: AmendmentKind
    current: str
    proposed: str
    justification: str
    author: str | None  # None: the author deleted their profile (anonymised)
    municipality: str
    status: ProposalStatus
    answer: str

    def cells(self, render: Renderer) -> list[str]:
        proposed = self.proposed
        if not proposed and self.kind is AmendmentKind.DELETION:
            proposed = render.plain("proposals-export-deletion")
        return [
            str(self.index),
            self.number,
            render.plain("proposals-export-place", place=self.place.label(render), kind=self.kind),
            self.current,
            proposed,
            self.justification,
            self.author_cell(render),
            render.label(self.status),
            self.answer,
        ]

    def author_cell(self, render: Renderer) -> str:
        if self.author is None:
            return render.plain("proposals-anonymised")
        if not self.municipality:
            return self.author
        return render.plain(
            "proposals-export-author", name=self.author, municipality=self.municipality
        )


def headers(render: Renderer) -> list[str]:
    return [render.plain(key) for key in HEADER_KEYS]


def _row(index: int, p: Proposal, municipalities: dict[int, str]) -> Row:
    user = p.author
    author, mun = None, ""
    if user is not None and user.full_name is not None:
        author = user.full_name
        mun = municipalities.get(p.municipality_id or 0) or (
            user.municipality.name if user.municipality else ""
        )
    return Row(
        index=index,
        number=p.number,
        place=p.place,
        kind=p.kind,
        current=p.current_wording or "",
        proposed=p.proposed_wording or "",
        justification=p.justification,
        author=author,
        municipality=mun,
        status=p.status,
        answer=p.answer or "",
    )


async def rows(session: AsyncSession, flt: QueueFilter) -> list[Row]:
    proposals = await all_matching(session, flt)
    names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    return [_row(index, p, names) for index, p in enumerate(proposals, start=1)]


def title(render: Renderer, now: datetime) -> str:
    return render.plain("proposals-export-title", when=now)


def to_csv(items: list[Row], render: Renderer) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers(render))
    writer.writerows(r.cells(render) for r in items)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(items: list[Row], render: Renderer, now: datetime) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("proposals-export-sheet")
    ws.append([title(render, now)])
    ws.append(headers(render))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in items:
        ws.append(r.cells(render))
    for col, width in zip("ABCDEFGHI", COLUMN_WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _small(cell: _Cell, bold: bool = False) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(9)
            if bold:
                run.font.bold = True


def to_docx(items: list[Row], render: Renderer, now: datetime) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(title(render, now), level=1)
    table = document.add_table(rows=1, cols=len(HEADER_KEYS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers(render), strict=True):
        cell.text = header
        _small(cell, bold=True)
    for r in items:
        for cell, value in zip(table.add_row().cells, r.cells(render), strict=True):
            cell.text = value
            _small(cell)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
