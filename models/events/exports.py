"""The attendee list of an event: XLSX and CSV (№, name, role, municipality, answer, time of
answer, check-in time) under a heading with the event's title, date and place; and a printable
DOCX sign-in sheet for the registration desk (№, ФИО, муниципалитет, должность / роль,
подпись). Headers and words come from the caller's ``Renderer`` (``render.plain``); times are
local (``tz``), real date-times in XLSX; every text cell goes through
``models.documents.neutralise``. The event's registration questions add one column each
(XLSX and CSV), after the fixed ones."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import DEFAULT_TZ
from models.documents import neutralise, neutralise_row, word
from models.events.entities import Event, Rsvp, RsvpStatus
from models.events.questions import answers_of_event
from models.municipalities import Municipality
from models.rendering import Renderer
from models.users import Occupation, User

HEADER_KEYS = (
    "events-export-index",
    "events-export-name",
    "events-export-role",
    "events-export-municipality",
    "events-export-answer",
    "events-export-answered-at",
    "events-export-checked-in",
)
WIDTHS = (5, 30, 24, 30, 14, 18, 18)
QUESTION_WIDTH = 24
SHEET_KEYS = (
    "events-export-index",
    "events-sheet-name",
    "events-export-municipality",
    "events-sheet-role",
    "events-sheet-signature",
)
SHEET_WIDTHS_MM = (10, 52, 52, 36, 30)
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
NONE = "—"
HEADING_ROWS = 3  # title, date and place, an empty row
BLANK_ROWS = 5  # sign-in sheet rows for walk-ins
_ORDER = {RsvpStatus.GOING: 0, RsvpStatus.WAITLIST: 1, RsvpStatus.MAYBE: 2}


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    name: str | None  # None: the person deleted their data
    occupation: Occupation | None
    municipality: str | None
    status: RsvpStatus
    answered_at: datetime
    checked_in_at: datetime | None
    answers: tuple[str, ...] = ()  # to the registration questions, in their order


@dataclass(frozen=True, slots=True)
class EventInfo:
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str | None
    questions: tuple[str, ...] = ()  # the registration questions: one column each

    @classmethod
    def of(cls, event: Event, questions: tuple[str, ...] = ()) -> EventInfo:
        return cls(event.title, event.starts_at, event.ends_at, event.place, questions)


async def info(session: AsyncSession, event: Event) -> EventInfo:
    """The heading of the exports with the event's registration questions."""
    found, _ = await answers_of_event(session, event.id)
    return EventInfo.of(event, tuple(q.text for q in found))


async def attendees(session: AsyncSession, event_id: int) -> list[AttendeeRow]:
    rows = await session.execute(
        select(User.full_name, User.occupation, Municipality.name, Rsvp)
        .select_from(Rsvp)
        .join(User, User.id == Rsvp.user_id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Rsvp.event_id == event_id)
    )
    items = sorted(rows.all(), key=lambda r: (_ORDER.get(r[3].status, 3), r[3].answered_at))
    questions, by_user = await answers_of_event(session, event_id)
    return [
        AttendeeRow(
            name=name or None,
            occupation=occupation,
            municipality=municipality,
            status=rsvp.status,
            answered_at=rsvp.answered_at,
            checked_in_at=rsvp.checked_in_at,
            answers=tuple(by_user.get(rsvp.user_id, {}).get(q.id, "") for q in questions),
        )
        for name, occupation, municipality, rsvp in items
    ]


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A naive local date-time: what a spreadsheet stores as a real date."""
    return moment.astimezone(tz).replace(tzinfo=None)


def _heading(event: EventInfo, render: Renderer) -> tuple[str, str]:
    when = render.span(event.starts_at, event.ends_at)
    place = event.place or render.plain("events-export-no-place")
    return (
        render.plain("events-export-title", title=event.title),
        render.plain("events-export-when-where", when=when, place=place),
    )


def _texts(index: int, row: AttendeeRow, render: Renderer) -> list[str]:
    return [
        str(index),
        row.name or render.plain("events-export-deleted"),
        render.label(row.occupation) if row.occupation else NONE,
        row.municipality or NONE,
        render.label(row.status),
    ]


def _headers(render: Renderer, keys: tuple[str, ...] = HEADER_KEYS) -> list[str]:
    return [render.plain(key) for key in keys]


def _answers(row: AttendeeRow, event: EventInfo) -> list[str]:
    """One cell per question (empty when not answered)."""
    return [row.answers[i] if i < len(row.answers) else "" for i in range(len(event.questions))]


def to_xlsx(
    rows: list[AttendeeRow], render: Renderer, event: EventInfo, tz: ZoneInfo = DEFAULT_TZ
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("events-export-sheet")[:31]
    for line in _heading(event, render):
        ws.append([neutralise(line)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    header_row = HEADING_ROWS + 1
    ws.append(neutralise_row([*_headers(render), *event.questions]))
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, row in enumerate(rows, start=1):
        checked = _local(row.checked_in_at, tz) if row.checked_in_at else None
        values: list[object] = [index, *neutralise_row(_texts(index, row, render)[1:])]
        ws.append(
            [*values, _local(row.answered_at, tz), checked, *neutralise_row(_answers(row, event))]
        )
        for column in (6, 7):
            ws.cell(ws.max_row, column).number_format = DATETIME_FORMAT
    widths = (*WIDTHS, *(QUESTION_WIDTH for _ in event.questions))
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{ws.max_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(
    rows: list[AttendeeRow], render: Renderer, event: EventInfo, tz: ZoneInfo = DEFAULT_TZ
) -> bytes:
    """UTF-8 with a BOM and ``;`` as separator: Excel in a Russian locale opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for line in _heading(event, render):
        writer.writerow([neutralise(line)])
    writer.writerow(neutralise_row([*_headers(render), *event.questions]))
    for index, row in enumerate(rows, start=1):
        checked = (
            _local(row.checked_in_at, tz).strftime("%d.%m.%Y %H:%M") if row.checked_in_at else ""
        )
        answered = _local(row.answered_at, tz).strftime("%d.%m.%Y %H:%M")
        cells = [*_texts(index, row, render), answered, checked, *_answers(row, event)]
        writer.writerow(neutralise_row(cells))
    return out.getvalue().encode("utf-8-sig")


def sign_in_sheet(rows: list[AttendeeRow], render: Renderer, event: EventInfo) -> bytes:
    """The printable list for the registration desk: those who are going (and the waiting
    list) with an empty signature column, then a few blank rows for walk-ins."""
    document = word.official(landscape=False)
    title, when_where = _heading(event, render)
    word.paragraph(
        document, render.plain("events-sheet-heading"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    word.paragraph(document, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    word.paragraph(document, when_where, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    table = word.table(document, _headers(render, SHEET_KEYS), SHEET_WIDTHS_MM)
    going = [r for r in rows if r.status in (RsvpStatus.GOING, RsvpStatus.WAITLIST)]
    for index, row in enumerate(going, start=1):
        texts = _texts(index, row, render)
        word.add_row(table, [texts[0], texts[1], texts[3], texts[2], ""])
    for index in range(len(going) + 1, len(going) + 1 + BLANK_ROWS):
        word.add_row(table, [str(index), "", "", "", ""])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
