"""The amendments table (the comparative table of proposals) as DOCX, XLSX and CSV, in the
law's order. :func:`rows` reads the data; the writers word it through a ``Renderer``
(``texts.t``: headers, labels, the anonymised author) as plain text.

DOCX is the official attachment (``models.documents.word``): A4 landscape, the title block
«Приложение к решению … от … № …», the title and the date of formation, the table grouped by
provision (a heading row per provision, the current wording once per group), the header row
repeated on every page, rows kept whole, page numbers, a signature block. XLSX prints on
landscape pages one page wide with the header rows repeated, has an autofilter, a frozen
header, row heights for the wrapped text and an attachment mark. CSV is UTF-8 with a BOM and
``;``. Every text cell goes through ``models.documents.neutralise``."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.documents import neutralise, neutralise_row, word
from models.municipalities import Municipality
from models.proposals.entities import AmendmentKind, Proposal, ProposalStatus
from models.proposals.places import Place
from models.proposals.queries import QueueFilter, all_matching
from models.proposals.support import counts
from models.rendering import Renderer

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


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
    "proposals-export-col-attachment",
    "decisions-col-supports",
)
COLUMN_WIDTHS = (5, 12, 16, 45, 45, 38, 24, 14, 30, 10, 11)
SUPPORTS_COLUMN = len(COLUMN_WIDTHS)  # a number in XLSX (1-based column)  # XLSX, in characters
# The official DOCX: №, number, current, proposed, justification, author, decision (mm;
# scaled to the text width). The provision heads its group of rows.
DOCX_KEYS = (
    "proposals-export-col-index",
    "proposals-export-col-number",
    "proposals-export-col-current",
    "proposals-export-col-proposed",
    "proposals-export-col-justification",
    "proposals-export-col-author",
    "proposals-export-col-decision",
)
DOCX_WIDTHS_MM = (9, 30, 58, 58, 42, 36, 34)
FORMATS = ("docx", "xlsx", "csv")
TITLE_ROWS = 2  # XLSX: the title and an empty row above the header
LINE_HEIGHT_PT = 15
CHARS_PER_WIDTH = 1.15  # characters of 11 pt text per unit of column width


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
    attachment: bool = False
    supports: int = 0

    def proposed_text(self, render: Renderer) -> str:
        if not self.proposed and self.kind is AmendmentKind.DELETION:
            return render.plain("proposals-export-deletion")
        return self.proposed

    def place_text(self, render: Renderer) -> str:
        return render.plain(
            "proposals-export-place", place=self.place.label(render), kind=self.kind
        )

    def cells(self, render: Renderer) -> list[str | int]:
        """The XLSX / CSV row (text neutralised; the support count a number)."""
        mark = render.plain("proposals-export-attachment-yes") if self.attachment else ""
        texts: list[str | int] = [
            neutralise(value)
            for value in (
                str(self.index),
                self.number,
                self.place_text(render),
                self.current,
                self.proposed_text(render),
                self.justification,
                self.author_cell(render),
                render.label(self.status),
                self.answer,
                mark,
            )
        ]
        return [*texts, self.supports]

    def author_cell(self, render: Renderer) -> str:
        if self.author is None:
            return render.plain("proposals-anonymised")
        if not self.municipality:
            return self.author
        return render.plain(
            "proposals-export-author", name=self.author, municipality=self.municipality
        )

    def author_docx(self, render: Renderer) -> str:
        """The author, with how many supported the proposal (the official table)."""
        cell = self.author_cell(render)
        if not self.supports:
            return cell
        return cell + "\n" + render.plain("decisions-export-supports", count=self.supports)

    def decision(self, render: Renderer) -> str:
        status = render.label(self.status)
        return f"{status}\n{self.answer}" if self.answer else status


def headers(render: Renderer) -> list[str]:
    return [render.plain(key) for key in HEADER_KEYS]


def _row(index: int, p: Proposal, municipalities: dict[int, str], supports: int = 0) -> Row:
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
        attachment=p.attachment_file_id is not None,
        supports=supports,
    )


async def rows(session: AsyncSession, flt: QueueFilter) -> list[Row]:
    proposals = await all_matching(session, flt)
    names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    backed = await counts(session, [p.id for p in proposals])
    return [
        _row(index, p, names, backed.get(p.id, 0)) for index, p in enumerate(proposals, start=1)
    ]


def act_name(render: Renderer, act: str | None) -> str:
    """The act a table is about, as its heading names it (the scope's title)."""
    return act or render.plain("proposals-act-unnamed")


def title(render: Renderer, now: datetime, act: str | None = None) -> str:
    return render.plain("proposals-export-title", when=now, act=act_name(render, act))


def to_csv(items: list[Row], render: Renderer) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(neutralise_row(headers(render)))
    writer.writerows(r.cells(render) for r in items)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def row_height(values: list[str], widths: tuple[int, ...]) -> float:
    """Points for a row whose cells wrap at their column widths."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        per_line = max(1, int(width * CHARS_PER_WIDTH))
        wrapped = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
        lines = max(lines, wrapped)
    return float(lines * LINE_HEIGHT_PT)


def _print_setup(ws: Worksheet, header_row: int, last_row: int) -> None:
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4
    ws.page_margins.right = 10 / 25.4
    last_col = get_column_letter(len(HEADER_KEYS))
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.freeze_panes = f"A{header_row + 1}"


def to_xlsx(items: list[Row], render: Renderer, now: datetime, act: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("proposals-export-sheet")
    ws.append([neutralise(title(render, now, act))])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    header_row = TITLE_ROWS + 1
    ws.append(neutralise_row(headers(render)))
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[header_row].height = 2 * LINE_HEIGHT_PT
    for r in items:
        values = r.cells(render)
        ws.append(values)
        ws.row_dimensions[ws.max_row].height = row_height([str(v) for v in values], COLUMN_WIDTHS)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column != SUPPORTS_COLUMN:
                cell.data_type = "s"  # text, whatever it starts with
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _print_setup(ws, header_row, max(ws.max_row, header_row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _groups(items: list[Row]) -> Iterator[list[Row]]:
    """Consecutive rows of one provision (the rows come in the law's order)."""
    group: list[Row] = []
    for r in items:
        if group and group[0].place.sort_key != r.place.sort_key:
            yield group
            group = []
        group.append(r)
    if group:
        yield group


def _title_block(document: Document, render: Renderer, now: datetime, act: str | None) -> None:
    for line in render.plain("proposals-export-approval").split("\n"):
        word.paragraph(document, line, align=WD_ALIGN_PARAGRAPH.LEFT, indent_mm=190)
    word.paragraph(document, "", space_after=6)
    heading = render.plain("proposals-export-heading", act=act_name(render, act))
    word.paragraph(document, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    formed = render.plain("proposals-export-formed", when=now)
    word.paragraph(document, formed, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)


def to_docx(items: list[Row], render: Renderer, now: datetime, act: str | None = None) -> bytes:
    document = word.official(landscape=True)
    _title_block(document, render, now, act)
    table = word.table(document, [render.plain(k) for k in DOCX_KEYS], DOCX_WIDTHS_MM)
    for group in _groups(items):
        word.merged_row(table, group[0].place_text(render))
        for position, r in enumerate(group):
            current = r.current if position == 0 or r.current != group[0].current else ""
            word.add_row(
                table,
                [
                    str(r.index),
                    r.number,
                    current,
                    r.proposed_text(render),
                    r.justification,
                    r.author_docx(render),
                    r.decision(render),
                ],
            )
    word.paragraph(document, "", space_after=12, keep_with_next=True)
    for line in render.plain("proposals-export-signature").split("\n"):
        word.paragraph(document, line, space_after=6, keep_with_next=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
