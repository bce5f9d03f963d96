"""The amendments table (сравнительная таблица) as DOCX, XLSX and CSV, in the law's order."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.municipalities import Municipality
from models.notices import DEFAULT_TZ, local
from models.proposals import (
    ANONYMISED,
    KIND_LABELS,
    STATUS_LABELS,
    Proposal,
    QueueFilter,
    all_matching,
)

HEADERS = (
    "№",
    "Номер предложения",
    "Положение закона",
    "Действующая редакция",
    "Предлагаемая редакция",
    "Обоснование",
    "Автор, муниципалитет",
    "Статус",
    "Позиция Совета / ответ",
)
DELETION_WORDING = "Исключить"


@dataclass(frozen=True)
class Row:
    index: int
    number: str
    provision: str
    current: str
    proposed: str
    justification: str
    author: str
    status: str
    answer: str

    def cells(self) -> list[str]:
        return [
            str(self.index),
            self.number,
            self.provision,
            self.current,
            self.proposed,
            self.justification,
            self.author,
            self.status,
            self.answer,
        ]


def _author(p: Proposal, municipalities: dict[int, str]) -> str:
    user = p.author
    if user is None or user.full_name is None:
        return ANONYMISED
    mun = municipalities.get(p.municipality_id or 0) or (
        user.municipality.name if user.municipality else ""
    )
    return f"{user.full_name}, {mun}" if mun else user.full_name


async def rows(session: AsyncSession, flt: QueueFilter) -> list[Row]:
    proposals = await all_matching(session, flt)
    names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    result = []
    for index, p in enumerate(proposals, start=1):
        proposed = p.proposed_wording or (DELETION_WORDING if p.kind.value == "deletion" else "")
        result.append(
            Row(
                index=index,
                number=p.number,
                provision=f"{p.place} ({KIND_LABELS[p.kind]})",
                current=p.current_wording or "",
                proposed=proposed,
                justification=p.justification,
                author=_author(p, names),
                status=STATUS_LABELS[p.status],
                answer=p.answer or "",
            )
        )
    return result


def title(now: datetime, tz: ZoneInfo = DEFAULT_TZ) -> str:
    return (
        "Сравнительная таблица предложений по изменению Закона Кемеровской области № 135-ОЗ "
        f"(сформирована {local(now, tz)})"
    )


def to_csv(items: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(r.cells() for r in items)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def to_xlsx(items: list[Row], now: datetime, tz: ZoneInfo = DEFAULT_TZ) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Поправки"
    ws.append([title(now, tz)])
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in items:
        ws.append(r.cells())
    widths = (5, 16, 22, 45, 45, 45, 28, 16, 40)
    for col, width in zip("ABCDEFGHI", widths, strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(items: list[Row], now: datetime, tz: ZoneInfo = DEFAULT_TZ) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(title(now, tz), level=1)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = Pt(9)
    for r in items:
        cells = table.add_row().cells
        for cell, value in zip(cells, r.cells(), strict=True):
            cell.text = value
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
