"""The XLSX template of a questionnaire: a blank one for staff to fill (one row per question,
a sheet of parameters, a sheet of instructions), and reading a filled one back.

An upload is checked before openpyxl reads it: its size, the zip's directory (members,
total unzipped size, compression ratio: a zip bomb is refused without inflating it).
openpyxl parses the XML with ``defusedxml`` (installed: no entities, no DTD). Every problem
is reported with its row (``reports-tpl-*`` with ``row``), all at once, so staff fix the file
in one go.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models.documents import neutralise
from models.errors import DomainError
from models.rendering import Renderer
from models.reports.entities import (
    CODE_MAX,
    HINT_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    ReportForm,
    ReportQuestionKind,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 30 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 200
MAX_QUESTIONS = 300
MAX_ROWS = 2000  # rows read at most (empty ones included)
MAX_ISSUES = 30
YEAR_RANGE = (2000, 2100)
OPTIONS_MAX = 40
OPTION_MAX = 100
UNIT_MAX = 64

COLUMNS = (
    "reports-col-section",
    "reports-col-code",
    "reports-col-question",
    "reports-col-type",
    "reports-col-options",
    "reports-col-unit",
    "reports-col-min",
    "reports-col-max",
    "reports-col-required",
    "reports-col-hint",
)
WIDTHS = (22, 10, 50, 20, 30, 12, 8, 8, 14, 40)
PARAMS = ("reports-param-title", "reports-param-year", "reports-param-threshold")
INSTRUCTIONS = (
    "reports-tpl-help-1",
    "reports-tpl-help-2",
    "reports-tpl-help-3",
    "reports-tpl-help-4",
    "reports-tpl-help-5",
    "reports-tpl-help-6",
)
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")
_OPTIONS = re.compile(r"[;\n]+")
_YES = re.compile(r"^(да|д|yes|y|обязательный|1|\+)$", re.IGNORECASE)
_NO = re.compile(r"^(нет|н|no|n|необязательный|0|-)$", re.IGNORECASE)
# Other words people use for a type, besides its label.
_KIND_SYNONYMS = {
    ReportQuestionKind.NUMBER: re.compile(r"^(число|дробное|дробное число|сумма)$", re.IGNORECASE),
    ReportQuestionKind.INTEGER: re.compile(r"^(целое|целое число|количество)$", re.IGNORECASE),
    ReportQuestionKind.TEXT: re.compile(r"^(текст|строка)$", re.IGNORECASE),
    ReportQuestionKind.CHOICE: re.compile(r"^(один|один вариант|выбор)$", re.IGNORECASE),
    ReportQuestionKind.MULTI: re.compile(r"^(несколько|несколько вариантов)$", re.IGNORECASE),
    ReportQuestionKind.DATE: re.compile(r"^(дата)$", re.IGNORECASE),
    ReportQuestionKind.YESNO: re.compile(r"^(да-нет|да или нет|да/нет)$", re.IGNORECASE),
    ReportQuestionKind.FILE: re.compile(r"^(файл|документ)$", re.IGNORECASE),
}
CHOICES = (ReportQuestionKind.CHOICE, ReportQuestionKind.MULTI)
RANGED = (ReportQuestionKind.NUMBER, ReportQuestionKind.INTEGER)


@dataclass(frozen=True)
class QuestionSpec:
    section: str
    code: str
    text: str
    kind: ReportQuestionKind
    options: list[str] = field(default_factory=list)
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    required: bool = True
    hint: str | None = None


@dataclass(frozen=True)
class FormSpec:
    title: str
    year: int
    threshold: float | None
    questions: list[QuestionSpec]

    def sections(self) -> list[tuple[str, list[QuestionSpec]]]:
        out: dict[str, list[QuestionSpec]] = {}
        for q in self.questions:
            out.setdefault(q.section, []).append(q)
        return list(out.items())


@dataclass(frozen=True)
class Issue:
    """One problem of an upload: the sheet, its row (1-based, as Excel shows it), the key
    of its text and the text's arguments."""

    sheet: str
    row: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class TemplateRefused(DomainError):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("reports-tpl-refused", count=len(issues))
        self.issues = issues


# --- the blank template -----------------------------------------------------------------


def blank_template(render: Renderer, form: ReportForm | None = None) -> bytes:
    """The template staff fill; with ``form``, filled with its questions (to edit a copy)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("reports-sheet-questions")
    ws.append([render.plain(key) for key in COLUMNS])
    for cell, width in zip(ws[1], WIDTHS, strict=True):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(render.label(k) for k in ReportQuestionKind) + '"'
    )
    kinds.add(f"D2:D{MAX_QUESTIONS + 1}")
    yes_no = f'"{render.plain("reports-yes")},{render.plain("reports-no")}"'
    required = DataValidation(type="list", formula1=yes_no)
    required.add(f"I2:I{MAX_QUESTIONS + 1}")
    ws.add_data_validation(kinds)
    ws.add_data_validation(required)
    for q in form.questions if form is not None else []:
        ws.append(
            [
                neutralise(q.section),
                q.code,
                neutralise(q.text),
                render.label(q.kind),
                neutralise("; ".join(q.options)),
                q.unit,
                q.min_value,
                q.max_value,
                render.plain("reports-yes" if q.required else "reports-no"),
                neutralise(q.hint or ""),
            ]
        )
    params = wb.create_sheet(render.plain("reports-sheet-params"))
    values = (form.title, form.year + 1, form.change_threshold) if form else ("", None, None)
    for key, value in zip(PARAMS, values, strict=True):
        params.append([render.plain(key), neutralise(value) if isinstance(value, str) else value])
    params.column_dimensions["A"].width = 30
    params.column_dimensions["B"].width = 60
    help_sheet = wb.create_sheet(render.plain("reports-sheet-help"))
    for key in INSTRUCTIONS:
        help_sheet.append([render.plain(key)])
    help_sheet.append([render.plain("reports-tpl-help-kinds")])
    for kind in ReportQuestionKind:
        help_sheet.append([f"• {render.label(kind)}"])
    help_sheet.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading an upload ------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError("reports-tpl-too-big")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DomainError("reports-tpl-not-xlsx") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise DomainError("reports-tpl-bomb")
    for m in members:
        if m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024:
            raise DomainError("reports-tpl-bomb")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _number(value: Any) -> float | str | None:
    """A cell's number; the cell's text when it is not one (for the error)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    cleaned = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return str(value).strip()


class _Reader:
    def __init__(self, render: Renderer) -> None:
        self.render = render
        self.issues: list[Issue] = []
        self.sheet = ""
        self.kinds = {render.label(k).casefold(): k for k in ReportQuestionKind}

    def issue(self, row: int, key: str, /, **params: Any) -> None:
        self.issues.append(Issue(self.sheet, row, key, params))

    def column(self, index: int) -> str:
        return self.render.plain(COLUMNS[index])

    def kind(self, row: int, given: str) -> ReportQuestionKind | None:
        folded = " ".join(given.split()).casefold()
        if folded in self.kinds:
            return self.kinds[folded]
        for kind, pattern in _KIND_SYNONYMS.items():
            if pattern.match(folded):
                return kind
        allowed = ", ".join(f"«{self.render.label(k)}»" for k in ReportQuestionKind)
        if folded:
            self.issue(row, "reports-tpl-kind-unknown", given=given[:40], allowed=allowed)
        else:
            self.issue(row, "reports-tpl-missing", column=self.column(3))
        return None

    def limited(self, row: int, index: int, value: str, limit: int) -> str:
        if len(value) > limit:
            self.issue(row, "reports-tpl-too-long", column=self.column(index), max=limit)
            return value[:limit]
        return value

    def bound(self, row: int, index: int, value: Any) -> float | None:
        number = _number(value)
        if isinstance(number, str):
            self.issue(row, "reports-tpl-not-number", column=self.column(index), given=number[:40])
            return None
        return number

    def required(self, row: int, value: str) -> bool:
        if not value or _YES.match(value):
            return True
        if _NO.match(value):
            return False
        self.issue(row, "reports-tpl-required-bad", given=value[:40])
        return True

    def question(
        self, row: int, cells: Sequence[Any], codes: dict[str, int]
    ) -> QuestionSpec | None:
        (section, code, text, kind_text, options_text, unit, *_rest) = (_text(c) for c in cells)
        required_text, hint = _text(cells[8]), _text(cells[9])
        for index, value in ((0, section), (1, code), (2, text)):
            if not value:
                self.issue(row, "reports-tpl-missing", column=self.column(index))
        if code and not _CODE.match(code):
            self.issue(row, "reports-tpl-code-bad", code=code[:40], max=CODE_MAX)
        elif code in codes:
            self.issue(row, "reports-tpl-code-duplicate", code=code, first=codes[code])
        elif code:
            codes[code] = row
        kind = self.kind(row, kind_text)
        options = [o.strip() for o in _OPTIONS.split(options_text) if o.strip()]
        if kind in CHOICES and len(options) < 2:
            self.issue(row, "reports-tpl-options-missing")
        if len(options) > OPTIONS_MAX or any(len(o) > OPTION_MAX for o in options):
            self.issue(row, "reports-tpl-options-too-many", max=OPTIONS_MAX, length=OPTION_MAX)
        low, high = self.bound(row, 6, cells[6]), self.bound(row, 7, cells[7])
        if low is not None and high is not None and low > high:
            self.issue(row, "reports-tpl-range-bad")
        if (low is not None or high is not None) and kind is not None and kind not in RANGED:
            self.issue(row, "reports-tpl-range-not-number")
        if kind is None:
            return None
        return QuestionSpec(
            section=self.limited(row, 0, section, TITLE_MAX),
            code=code,
            text=self.limited(row, 2, text, QUESTION_MAX),
            kind=kind,
            options=options if kind in CHOICES else [],
            unit=self.limited(row, 5, unit, UNIT_MAX) or None,
            min_value=low,
            max_value=high,
            required=self.required(row, required_text),
            hint=self.limited(row, 9, hint, HINT_MAX) or None,
        )


def _questions(reader: _Reader, ws: Any) -> list[QuestionSpec]:
    questions: list[QuestionSpec] = []
    codes: dict[str, int] = {}
    reader.sheet = str(ws.title)
    for row_number, cells in enumerate(
        ws.iter_rows(min_row=2, max_row=MAX_ROWS, max_col=len(COLUMNS), values_only=True), 2
    ):
        padded = list(cells) + [None] * (len(COLUMNS) - len(cells))
        if all(_text(c) == "" for c in padded):
            continue
        if len(questions) >= MAX_QUESTIONS:
            reader.issue(row_number, "reports-tpl-too-many", max=MAX_QUESTIONS)
            break
        spec = reader.question(row_number, padded, codes)
        if spec is not None:
            questions.append(spec)
    if not questions and not reader.issues:
        reader.issue(2, "reports-tpl-empty")
    return questions


def _params(reader: _Reader, ws: Any) -> tuple[str, int, float | None]:
    reader.sheet = str(ws.title) if ws is not None else reader.render.plain("reports-sheet-params")
    rows = (
        [[*list(r), None, None] for r in ws.iter_rows(max_row=3, max_col=2, values_only=True)]
        if ws is not None
        else []
    )
    rows += [[None, None]] * (3 - len(rows))
    title, year_cell, threshold_cell = (r[1] for r in rows[:3])
    title_text = _text(title)
    if not title_text:
        reader.issue(1, "reports-tpl-title-missing")
    year = _number(year_cell)
    if (
        not isinstance(year, float)
        or not year.is_integer()
        or not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1])
    ):
        reader.issue(2, "reports-tpl-year-bad", given=_text(year_cell)[:20])
        year = 0.0
    threshold = _number(threshold_cell)
    if isinstance(threshold, str) or (threshold is not None and threshold <= 0):
        reader.issue(3, "reports-tpl-threshold-bad", given=_text(threshold_cell)[:20])
        threshold = None
    return title_text[:TITLE_MAX], int(year), threshold


def read_template(data: bytes, render: Renderer) -> FormSpec:
    """A filled template → the questionnaire it describes; ``TemplateRefused`` with every
    problem by sheet and row, or ``DomainError`` for a file that is not a sound XLSX."""
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise DomainError("reports-tpl-not-xlsx") from None
    try:
        reader = _Reader(render)
        sheets = wb.worksheets
        questions = _questions(reader, sheets[0])
        title, year, threshold = _params(reader, sheets[1] if len(sheets) > 1 else None)
    finally:
        wb.close()
    if reader.issues:
        raise TemplateRefused(reader.issues[:MAX_ISSUES])
    return FormSpec(title=title, year=year, threshold=threshold, questions=questions)
