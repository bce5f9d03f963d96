"""Check-in at the registration desk, done by staff only.

A person shows their personal ticket (``models.events.tickets``): a staff member scans it
(opens ``/start tk_<token>``) and the ticket's owner is checked in, once. A staff member may
also check someone in from the participant list. Nobody checks themselves in: the event's
old static QR (``checkin_<id>_<token>``) only opens the desk for staff now, so a photo of a
QR shared in a group chat gets nobody in who is not at the desk.

The mark is a conditional UPDATE (``checked_in_at IS NULL``): of two scans at once one
checks in, the other hears «уже отмечен в 10:02»."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import utcnow
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.tickets import find
from models.users import Role, User


class CheckIn(enum.StrEnum):
    DONE = "done"
    ALREADY = "already"
    NOT_STAFF = "not_staff"
    UNKNOWN = "unknown"  # no such ticket: forged, mistyped or of a deleted event
    NOT_GOING = "not_going"  # the owner is not (or no longer) going
    NOT_TODAY = "not_today"
    CANCELLED = "cancelled"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Outcome:
    result: CheckIn
    event: Event | None = None
    name: str | None = None
    checked_in_at: datetime | None = None
    status: RsvpStatus | None = None


def static_token_matches(event: Event, token: str) -> bool:
    """The event's old static QR (kept for staff: it opens the desk list)."""
    return event.checkin_token is not None and secrets.compare_digest(
        event.checkin_token.encode(), token.encode()
    )


def _is_its_day(event: Event, now: datetime, tz: ZoneInfo) -> bool:
    today = now.astimezone(tz).date()
    first = event.starts_at.astimezone(tz).date()
    last = (event.ends_at or event.starts_at).astimezone(tz).date()
    return first <= today <= last


async def by_ticket(
    session: AsyncSession,
    token: str,
    actor_telegram_id: int,
    role: Role,
    *,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> Outcome:
    """A staff member scanned a ticket. Anyone else learns nothing about it (not even
    whose it is) and nothing changes. Commits."""
    if role is Role.USER:
        return Outcome(CheckIn.NOT_STAFF)
    ticket = await find(session, token)
    if ticket is None:
        return Outcome(CheckIn.UNKNOWN)
    return await mark(
        session, ticket.event_id, ticket.user_id, actor_telegram_id, "ticket", tz=tz, now=now
    )


async def mark(
    session: AsyncSession,
    event_id: int,
    user_id: int,
    actor_telegram_id: int,
    how: str,
    *,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> Outcome:
    """Check in one person who is going, on the event's day (in ``tz``); audited. The
    caller has checked that the actor is staff. Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        return Outcome(CheckIn.GONE)
    name = await session.scalar(select(User.full_name).where(User.id == user_id))
    if event.state is EventState.CANCELLED:
        return Outcome(CheckIn.CANCELLED, event, name)
    if not _is_its_day(event, now, tz):
        return Outcome(CheckIn.NOT_TODAY, event, name)
    done = await session.execute(
        update(Rsvp)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.user_id == user_id,
            Rsvp.status == RsvpStatus.GOING,
            Rsvp.checked_in_at.is_(None),
        )
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) == 1:
        audit.record(
            session,
            actor_telegram_id,
            "event.checkin",
            target=f"event:{event_id}",
            how=how,
            user_id=user_id,
        )
        await session.commit()
        return Outcome(CheckIn.DONE, event, name, now, RsvpStatus.GOING)
    row = (
        await session.execute(
            select(Rsvp.status, Rsvp.checked_in_at).where(
                Rsvp.event_id == event_id, Rsvp.user_id == user_id
            )
        )
    ).first()
    await session.commit()  # nothing changed; ends the write transaction the UPDATE began
    if row is not None and row[1] is not None:
        return Outcome(CheckIn.ALREADY, event, name, row[1], row[0])
    return Outcome(CheckIn.NOT_GOING, event, name, None, row[0] if row else None)
