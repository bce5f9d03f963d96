"""Check-in with the event's QR code: on the event's day, once per person."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.queries import answer_of
from models.users import User


class CheckIn(enum.StrEnum):
    DONE = "done"
    ALREADY = "already"
    WRONG_TOKEN = "wrong_token"
    NOT_TODAY = "not_today"
    CANCELLED = "cancelled"
    GONE = "gone"


def _token_matches(event: Event, token: str) -> bool:
    return event.checkin_token is not None and secrets.compare_digest(
        event.checkin_token.encode(), token.encode()
    )


def _is_its_day(event: Event, now: datetime, tz: ZoneInfo) -> bool:
    today = now.astimezone(tz).date()
    first = event.starts_at.astimezone(tz).date()
    last = (event.ends_at or event.starts_at).astimezone(tz).date()
    return first <= today <= last


async def check_in(
    session: AsyncSession,
    event_id: int,
    token: str,
    user: User,
    *,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> tuple[CheckIn, Event | None]:
    """Mark the person as attended when the QR code's token is right and it is the event's
    day (in ``tz``). Someone who had not answered "going" becomes "going". Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        return CheckIn.GONE, None
    if not _token_matches(event, token):
        return CheckIn.WRONG_TOKEN, event
    if event.state is EventState.CANCELLED:
        return CheckIn.CANCELLED, event
    if not _is_its_day(event, now, tz):
        return CheckIn.NOT_TODAY, event
    current = await answer_of(session, event.id, user.id)
    if current is not None and current.checked_in_at is not None:
        return CheckIn.ALREADY, event
    if current is None:
        current = Rsvp(event_id=event.id, user_id=user.id, status=RsvpStatus.GOING)
        current.answered_at = now
        session.add(current)
        await _count_in(session, event.id)
    elif current.status is not RsvpStatus.GOING:
        current.status = RsvpStatus.GOING
        current.waitlisted_at = None
        await _count_in(session, event.id)
    current.checked_in_at = now
    await session.commit()
    return CheckIn.DONE, event


async def _count_in(session: AsyncSession, event_id: int) -> None:
    """Someone who came takes a seat even past the capacity: they are in the room."""
    await session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(going_count=Event.going_count + 1)
        .execution_options(synchronize_session=False)
    )
