"""The attendee list of an event as XLSX and CSV: name, role, municipality, answer, time of
answer, checked in. Headers and words in cells come from the caller's ``Renderer``
(``render.plain``: a document is not HTML)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.events.entities import Rsvp, RsvpStatus
from models.municipalities import Municipality
from models.rendering import Renderer
from models.users import Occupation, User

HEADER_KEYS = (
    "events-export-name",
    "events-export-role",
    "events-export-municipality",
    "events-export-answer",
    "events-export-answered-at",
    "events-export-checked-in",
)
WIDTHS = (30, 24, 30, 14, 18, 14)
NONE = "—"
_ORDER = {RsvpStatus.GOING: 0, RsvpStatus.WAITLIST: 1, RsvpStatus.MAYBE: 2}


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    name: str | None  # None: the person deleted their data
    occupation: Occupation | None
    municipality: str | None
    status: RsvpStatus
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
            name=name or None,
            occupation=occupation,
            municipality=municipality,
            status=rsvp.status,
            answered_at=rsvp.answered_at,
            checked_in_at=rsvp.checked_in_at,
        )
        for name, occupation, municipality, rsvp in items
    ]


def _cells(row: AttendeeRow, render: Renderer) -> list[str]:
    checked = (
        render.plain("events-export-checked-yes", time=render.clock(row.checked_in_at))
        if row.checked_in_at
        else render.plain("events-export-checked-no")
    )
    return [
        row.name or render.plain("events-export-deleted"),
        render.label(row.occupation) if row.occupation else NONE,
        row.municipality or NONE,
        render.label(row.status),
        render.when(row.answered_at),
        checked,
    ]


def _headers(render: Renderer) -> list[str]:
    return [render.plain(key) for key in HEADER_KEYS]


def _safe(value: str) -> str:
    """Spreadsheet apps run cells starting with = + - @ as formulas: keep them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def to_xlsx(rows: list[AttendeeRow], render: Renderer) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = render.plain("events-export-sheet")[:31]
    ws.append(_headers(render))
    for row in rows:
        ws.append([_safe(c) for c in _cells(row, render)])
    for column, width in zip("ABCDEF", WIDTHS, strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[AttendeeRow], render: Renderer) -> bytes:
    """UTF-8 with a BOM and ``;`` as separator: Excel in a Russian locale opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers(render))
    for row in rows:
        writer.writerow([_safe(c) for c in _cells(row, render)])
    return out.getvalue().encode("utf-8-sig")
