"""Exports of a questionnaire's answers: an XLSX with one row per municipality and one
column per question (the question, its code and its unit in three header rows; numbers as
numbers, dates as dates), a sheet per section; the files people attached as a ZIP with a
folder per municipality. The DOCX draft of the report is in ``report_doc``."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.documents import neutralise, sheets
from models.municipalities import Municipality
from models.rendering import Renderer
from models.reports.entities import (
    DONE_STATES,
    ReportAnswer,
    ReportForm,
    ReportQuestion,
    ReportQuestionKind,
    ReportValue,
)
from models.reports.forms import get_form

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


HEADER_ROWS = 3  # the question, its code, its unit
SHEET_NAME_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
DATE_FORMAT = "DD.MM.YYYY"


@dataclass(frozen=True)
class Row:
    municipality: Municipality
    answer: ReportAnswer
    values: dict[int, Any]  # question id → stored value

    @property
    def done(self) -> bool:
        return self.answer.state in DONE_STATES


@dataclass(frozen=True)
class Collected:
    form: ReportForm
    rows: list[Row]
    # Last year: (municipality id, question code) → value, from done answers only.
    previous: dict[tuple[int, str], Any]
    previous_year: int | None


async def _previous(
    session: AsyncSession, form: ReportForm
) -> tuple[dict[tuple[int, str], Any], int | None]:
    if form.previous_form_id is None:
        return {}, None
    prev = await session.get(ReportForm, form.previous_form_id)
    rows = await session.execute(
        select(ReportAnswer.municipality_id, ReportQuestion.code, ReportValue.value)
        .join(ReportValue, ReportValue.answer_id == ReportAnswer.id)
        .join(ReportQuestion, ReportQuestion.id == ReportValue.question_id)
        .where(ReportAnswer.form_id == form.previous_form_id, ReportAnswer.state.in_(DONE_STATES))
    )
    return {(m, c): v for m, c, v in rows}, prev.year if prev else None


async def collect(session: AsyncSession, form_id: int) -> Collected:
    form = await get_form(session, form_id)
    answers = list(
        await session.scalars(
            select(ReportAnswer)
            .join(Municipality, Municipality.id == ReportAnswer.municipality_id)
            .where(ReportAnswer.form_id == form_id)
            .order_by(Municipality.sort_order, Municipality.name)
        )
    )
    values: dict[int, dict[int, Any]] = {a.id: {} for a in answers}
    found = await session.execute(
        select(ReportValue.answer_id, ReportValue.question_id, ReportValue.value).where(
            ReportValue.answer_id.in_([a.id for a in answers])
        )
    )
    for answer_id, question_id, value in found:
        values[answer_id][question_id] = value
    previous, previous_year = await _previous(session, form)
    rows = [Row(a.municipality, a, values[a.id]) for a in answers]
    return Collected(form, rows, previous, previous_year)


def cell_value(question: ReportQuestion, value: Any, render: Renderer) -> Any:
    """A value as a spreadsheet cell: numbers as numbers, dates as dates."""
    if value is None:
        return None
    kind = question.kind
    if kind is ReportQuestionKind.NUMBER:
        return float(value)
    if kind is ReportQuestionKind.INTEGER:
        return int(value)
    if kind is ReportQuestionKind.DATE:
        return date.fromisoformat(value)
    if kind is ReportQuestionKind.YESNO:
        return render.plain("reports-yes" if value else "reports-no")
    if kind is ReportQuestionKind.MULTI:
        return neutralise("; ".join(value))
    if kind is ReportQuestionKind.FILE:
        return neutralise(str(value.get("name", "")))
    return neutralise(str(value))


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", name).strip()[:SHEET_NAME_MAX] or "-"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = base[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def _fill(
    ws: Worksheet, data: Collected, questions: list[ReportQuestion], render: Renderer
) -> None:

    ws.append(
        [render.plain("reports-x-municipality"), render.plain("reports-x-state")]
        + [neutralise(q.text) for q in questions]
    )
    ws.append(["", ""] + [q.code for q in questions])
    ws.append(["", ""] + [neutralise(q.unit or "") for q in questions])
    for row in data.rows:
        ws.append(
            [neutralise(row.municipality.name), render.label(row.answer.state)]
            + [cell_value(q, row.values.get(q.id), render) for q in questions]
        )
    for index, q in enumerate(questions, 3):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = 18
        if q.kind is ReportQuestionKind.DATE:
            for (cell,) in ws.iter_rows(min_row=HEADER_ROWS + 1, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 16
    sheets.style_cells(ws, header_rows=HEADER_ROWS)  # long answers wrap, not cut off
    ws.freeze_panes = ws.cell(row=HEADER_ROWS + 1, column=3)
    # Many questions make a wide sheet: pages run on to the right, each with the header
    # rows and the municipality and state columns, at a readable size.
    sheets.print_setup(
        ws, header_rows=HEADER_ROWS, title_columns="A:B", fit_width=len(questions) <= 6
    )


def answers_xlsx(data: Collected, render: Renderer) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    taken: set[str] = set()
    ws.title = _sheet_name(render.plain("reports-x-all"), taken)
    _fill(ws, data, list(data.form.questions), render)
    sections: dict[str, list[ReportQuestion]] = {}
    for q in data.form.questions:
        sections.setdefault(q.section, []).append(q)
    for section, questions in sections.items():
        _fill(wb.create_sheet(_sheet_name(section, taken)), data, questions, render)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class FileEntry:
    municipality: str
    code: str
    file_id: str
    name: str

    @property
    def path(self) -> str:
        folder = _FILE_BAD.sub("_", self.municipality).strip() or "_"
        name = _FILE_BAD.sub("_", self.name).strip() or "file"
        return f"{folder}/{self.code}_{name}"


def file_entries(data: Collected) -> list[FileEntry]:
    """The files of done answers, one entry per answered file question."""
    files = [q for q in data.form.questions if q.kind is ReportQuestionKind.FILE]
    out = []
    for row in data.rows:
        if not row.done:
            continue
        for q in files:
            value = row.values.get(q.id)
            if isinstance(value, dict) and value.get("file_id"):
                out.append(
                    FileEntry(
                        row.municipality.name, q.code, value["file_id"], value.get("name", "file")
                    )
                )
    return out


def zip_files(items: list[tuple[FileEntry, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        used: set[str] = set()
        for entry, content in items:
            path, n = entry.path, 2
            while path in used:
                path, n = f"{entry.path} ({n})", n + 1
            used.add(path)
            archive.writestr(path, content)
    return out.getvalue()
