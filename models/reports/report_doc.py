"""The draft of the regional part of the report (DOCX, A4 landscape, official layout): for
each section a table of municipalities × its numeric indicators with the total and the
average, the change from last year per indicator, and counts for yes/no and list questions.
Only submitted and accepted answers count."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import _Row

from models.documents import word
from models.rendering import Renderer
from models.reports.entities import NUMERIC, ReportQuestion, ReportQuestionKind
from models.reports.export import Collected, Row
from models.reports.values import format_number

PER_TABLE = 5  # indicators side by side in one table
PERCENT = "%"


@dataclass(frozen=True)
class Aggregate:
    total: float | None  # None for percentages: a sum of shares means nothing
    average: float | None
    count: int


def aggregate(question: ReportQuestion, rows: Sequence[Row]) -> Aggregate:
    numbers = [float(r.values[question.id]) for r in rows if r.values.get(question.id) is not None]
    if not numbers:
        return Aggregate(None, None, 0)
    total = None if (question.unit or "").strip() == PERCENT else sum(numbers)
    return Aggregate(total, sum(numbers) / len(numbers), len(numbers))


def _numbers(values: Sequence[object]) -> Aggregate:
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return Aggregate(None, None, 0)
    return Aggregate(sum(numbers), sum(numbers) / len(numbers), len(numbers))


def comparable(
    question: ReportQuestion, data: Collected, rows: Sequence[Row]
) -> tuple[Aggregate, Aggregate]:
    """Last year and this year over the same municipalities: those with a value in both
    (a total over different sets would show a change nobody made)."""
    pairs = [
        (data.previous.get((r.municipality.id, question.code)), r.values.get(question.id))
        for r in rows
    ]
    both = [(p, c) for p, c in pairs if p is not None and c is not None]
    return _numbers([p for p, _ in both]), _numbers([c for _, c in both])


def change(previous: float | None, current: float | None) -> float | None:
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / abs(previous) * 100


def _n(value: float | None) -> str:
    return "—" if value is None else format_number(round(value, 2))


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + format_number(round(value, 1))


def _right(row: _Row, start: int = 1) -> None:
    """Numbers right-aligned, so digits line up."""
    for cell in row.cells[start:]:
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _indicator(q: ReportQuestion) -> str:
    return f"{q.text}, {q.unit}" if q.unit else q.text


def _values_table(
    doc: Document, questions: list[ReportQuestion], rows: list[Row], render: Renderer
) -> None:
    headers = [render.plain("reports-x-municipality")] + [_indicator(q) for q in questions]
    tbl = word.table(doc, headers, [50] + [30] * len(questions))
    for row in rows:
        _right(
            word.add_row(
                tbl,
                [row.municipality.name]
                + [
                    _n(row.values.get(q.id)) if row.values.get(q.id) is not None else "—"
                    for q in questions
                ],
            )
        )
    stats = [aggregate(q, rows) for q in questions]
    total = [render.plain("reports-doc-total")] + [_n(s.total) for s in stats]
    _right(word.add_row(tbl, total, bold=True))
    average = [render.plain("reports-doc-average")] + [_n(s.average) for s in stats]
    _right(word.add_row(tbl, average, bold=True))


def _change_table(
    doc: Document,
    questions: list[ReportQuestion],
    data: Collected,
    rows: list[Row],
    render: Renderer,
) -> None:
    year, prev_year = data.form.year, data.previous_year
    headers = [
        render.plain("reports-doc-indicator"),
        render.plain("reports-doc-measure"),
        str(prev_year) if prev_year else render.plain("reports-doc-previous"),
        str(year),
        render.plain("reports-doc-change"),
    ]
    tbl = word.table(doc, headers, [90, 30, 30, 30, 30])
    for q in questions:
        before, now = comparable(q, data, rows)
        percent = (q.unit or "").strip() == PERCENT
        measure = render.plain("reports-doc-average" if percent else "reports-doc-total")
        current = now.average if percent else now.total
        previous = before.average if percent else before.total
        line = word.add_row(
            tbl,
            [
                _indicator(q),
                measure,
                _n(previous),
                _n(current),
                _signed(change(previous, current)),
            ],
        )
        _right(line, 2)


def _counts(
    doc: Document, questions: list[ReportQuestion], rows: list[Row], render: Renderer
) -> None:
    for q in questions:
        given = [r.values.get(q.id) for r in rows if r.values.get(q.id) is not None]
        if q.kind is ReportQuestionKind.YESNO:
            parts = [
                render.plain(
                    "reports-doc-count",
                    option=render.plain("reports-yes"),
                    count=sum(1 for v in given if v),
                ),
                render.plain(
                    "reports-doc-count",
                    option=render.plain("reports-no"),
                    count=sum(1 for v in given if not v),
                ),
            ]
        else:
            flat = [v for value in given for v in (value if isinstance(value, list) else [value])]
            parts = [
                render.plain("reports-doc-count", option=o, count=flat.count(o)) for o in q.options
            ]
        word.paragraph(doc, f"{q.text}: " + "; ".join(parts), indent_mm=5)


def report_docx(data: Collected, render: Renderer) -> bytes:
    doc = word.official(landscape=True)
    rows = [r for r in data.rows if r.done]
    form = data.form
    word.paragraph(
        doc,
        render.plain("reports-doc-title", title=form.title, year=str(form.year)),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=6,
    )
    word.paragraph(
        doc,
        render.plain("reports-doc-coverage", done=len(rows), total=len(data.rows)),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=12,
    )
    sections: dict[str, list[ReportQuestion]] = {}
    for q in form.questions:
        sections.setdefault(q.section, []).append(q)
    for number, (section, questions) in enumerate(sections.items(), 1):
        word.paragraph(doc, f"{number}. {section}", bold=True, space_after=6, keep_with_next=True)
        numeric = [q for q in questions if q.kind in NUMERIC]
        for start in range(0, len(numeric), PER_TABLE):
            _values_table(doc, numeric[start : start + PER_TABLE], rows, render)
            word.paragraph(doc, "", space_after=6)
        if numeric:
            word.paragraph(
                doc, render.plain("reports-doc-change-head"), bold=True, keep_with_next=True
            )
            _change_table(doc, numeric, data, rows, render)
            word.paragraph(doc, "", space_after=6)
        counted = [
            q
            for q in questions
            if q.kind
            in (ReportQuestionKind.YESNO, ReportQuestionKind.CHOICE, ReportQuestionKind.MULTI)
        ]
        _counts(doc, counted, rows, render)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
