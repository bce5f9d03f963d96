"""Generated spreadsheets print as an official accepts them: landscape, header rows (and the
municipality columns of a wide report) repeated on every page, wrapped cells, bold headers.
Set SHEETS_OUT=<dir> to keep the files for a LibreOffice render."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.ext.asyncio import AsyncSession

from models.contest import protocol
from models.documents import sheets
from models.reports import forms
from models.reports.export import HEADER_ROWS, answers_xlsx, collect
from models.reports.template import read_template
from tests.contest_story import make_contest, representative, write_application
from tests.reports_world import fill_and_submit, make_representatives, template_bytes
from texts import t


def _keep(name: str, data: bytes) -> None:
    out = os.environ.get("SHEETS_OUT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / name).write_bytes(data)


def _printable(ws: Worksheet, header_rows: int) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"$1:${header_rows}"
    assert all(c.font.bold and c.alignment.wrap_text for c in ws[1] if c.value)
    assert all(c.alignment.wrap_text for c in ws[header_rows + 1] if c.value)


async def test_contest_protocol_sheets_print_whole(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    contest = await make_contest(session, now)
    user = await representative(session, 4242, 1)
    await write_application(session, user, contest, 0, now, title="Двор " * 20)
    data = await protocol.to_xlsx(session, contest, t)
    _keep("contest-protocol.xlsx", data)
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        _printable(ws, 1)
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    ranking = book.worksheets[1]
    # The ranking's own widths: the title column is the wide one, the number a narrow one.
    assert ranking.column_dimensions["D"].width == 40
    assert ranking.column_dimensions["C"].width == 10
    assert ranking.cell(row=2, column=4).value.startswith("Двор")
    # A 100-character title in a 40-wide column: the row is three lines tall, not one.
    assert ranking.row_dimensions[2].height == 3 * sheets.LINE_HEIGHT_PT


async def test_report_export_repeats_headers_and_municipality(session: AsyncSession) -> None:
    people = await make_representatives(session, range(1, 3))
    spec = read_template(template_bytes(), t)
    form = await forms.create_form(session, 1, spec)
    await forms.send_form(session, 1, form.id, datetime.now(UTC) + timedelta(days=10), t, [1, 2])
    form = await forms.get_form(session, form.id)
    for m in (1, 2):
        await fill_and_submit(session, form, m, people[m][0])
    data = answers_xlsx(await collect(session, form.id), t)
    _keep("reports.xlsx", data)
    book = load_workbook(io.BytesIO(data))
    whole = book.worksheets[0]
    _printable(whole, HEADER_ROWS)
    assert whole.print_title_cols == "$A:$B"  # each page to the right names the municipality
    assert not whole.sheet_properties.pageSetUpPr.fitToPage  # many columns: not shrunk
    # The questions wrap in their 18-wide columns: the header row grows to hold them.
    longest = max(len(c.value) for c in whole[1] if isinstance(c.value, str))
    assert longest > 20
    assert (whole.row_dimensions[1].height or 0) >= 2 * sheets.LINE_HEIGHT_PT
