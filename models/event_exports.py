"""The attendee list of an event as XLSX and CSV: name, role, municipality, answer, time of
answer, checked in."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.events import Rsvp, RsvpStatus
from models.municipalities import Municipality
from models.users import Occupation, User

HEADERS = ("Имя", "Роль", "Муниципалитет", "Ответ", "Время ответа", "Отметился")
ANSWER_LABELS = {
    RsvpStatus.GOING: "Пойду",
    RsvpStatus.MAYBE: "Возможно",
    RsvpStatus.NOT_GOING: "Не пойду",
    RsvpStatus.WAITLIST: "Лист ожидания",
}
OCCUPATION_LABELS = {
    Occupation.MUNICIPAL_EMPLOYEE: "Муниципальный служащий",
    Occupation.TOS_ACTIVIST: "Активист ТОС",
    Occupation.DEPUTY: "Депутат",
    Occupation.OTHER: "Другое",
}
_ORDER = {RsvpStatus.GOING: 0, RsvpStatus.WAITLIST: 1, RsvpStatus.MAYBE: 2}


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    name: str
    role: str
    municipality: str
    answer: str
    answered_at: datetime
    checked_in_at: datetime | None


async def attendees(session: AsyncSession, event_id: int) -> list[AttendeeRow]:
    rows = await session.execute(
        select(User.full_name, User.occupation, Municipality.name, Rsvp)
        .select_from(Rsvp)
        .join(User, User.id == Rsvp.user_id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Rsvp.event_id == event_id)
    )
    items = sorted(rows.all(), key=lambda r: (_ORDER.get(r[3].status, 3), r[3].answered_at))
    return [
        AttendeeRow(
            name=name or "(удалён)",
            role=OCCUPATION_LABELS.get(occupation, "—") if occupation else "—",
            municipality=municipality or "—",
            answer=ANSWER_LABELS[rsvp.status],
            answered_at=rsvp.answered_at,
            checked_in_at=rsvp.checked_in_at,
        )
        for name, occupation, municipality, rsvp in items
    ]


def _cells(row: AttendeeRow, tz: ZoneInfo) -> list[str]:
    checked = f"да, {row.checked_in_at.astimezone(tz):%H:%M}" if row.checked_in_at else "нет"
    return [
        row.name,
        row.role,
        row.municipality,
        row.answer,
        f"{row.answered_at.astimezone(tz):%d.%m.%Y %H:%M}",
        checked,
    ]


def _safe(value: str) -> str:
    """Spreadsheet apps run cells starting with = + - @ as formulas: keep them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def to_xlsx(rows: list[AttendeeRow], tz: ZoneInfo, title: str = "Участники") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append(list(HEADERS))
    for row in rows:
        ws.append([_safe(c) for c in _cells(row, tz)])
    for column, width in zip("ABCDEF", (30, 24, 30, 14, 18, 14), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[AttendeeRow], tz: ZoneInfo) -> bytes:
    """UTF-8 with a BOM and ``;`` as separator: Excel in a Russian locale opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_safe(c) for c in _cells(row, tz)])
    return out.getvalue().encode("utf-8-sig")
