"""Answers to an event: capacity, waitlist, promotion, deadlines.

A seat is taken by one conditional UPDATE of ``events.going_count`` (``... WHERE going_count
< capacity``): atomic on PostgreSQL (row lock) and SQLite (single writer) alike, so two people
pressing "going" for the last seat can never both get it.

A refused answer raises ``DomainError`` with one of the ``rsvp-refused-*`` keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.errors import DomainError
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.messages import promoted_content
from models.outbox import MailingKind, Recipient, enqueue
from models.rendering import Renderer
from models.users import User


@dataclass(frozen=True, slots=True)
class RsvpResult:
    status: RsvpStatus
    waitlist_position: int | None = None
    promoted_user_id: int | None = None


async def take_seat(session: AsyncSession, event_id: int) -> bool:
    result = await session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            (Event.capacity.is_(None)) | (Event.going_count < Event.capacity),
        )
        .values(going_count=Event.going_count + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _free_seat(session: AsyncSession, event_id: int) -> None:
    await session.execute(
        update(Event)
        .where(Event.id == event_id, Event.going_count > 0)
        .values(going_count=Event.going_count - 1)
        .execution_options(synchronize_session=False)
    )


async def waitlist_position(session: AsyncSession, event_id: int, user_id: int) -> int | None:
    rsvp = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
    )
    if rsvp is None or rsvp.status is not RsvpStatus.WAITLIST or rsvp.waitlisted_at is None:
        return None
    ahead = await session.scalar(
        select(func.count())
        .select_from(Rsvp)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status == RsvpStatus.WAITLIST,
            (Rsvp.waitlisted_at < rsvp.waitlisted_at)
            | ((Rsvp.waitlisted_at == rsvp.waitlisted_at) & (Rsvp.id < rsvp.id)),
        )
    )
    return int(ahead or 0) + 1


async def _promote_first(session: AsyncSession, event: Event, render: Renderer) -> int | None:
    """Give a freed seat to the first on the waitlist and tell them through the outbox."""
    first = await session.scalar(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLIST)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
        .limit(1)
    )
    if first is None or not await take_seat(session, event.id):
        return None
    first.status = RsvpStatus.GOING
    first.waitlisted_at = None
    first.answered_at = utcnow()
    person = await session.get(User, first.user_id)
    if person is not None and person.is_active:
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("events-promoted-title", title=event.title),
            content=promoted_content(event, render),
            recipients=[Recipient(person.telegram_id, person.id)],
        )
    return first.user_id


async def _open_event(session: AsyncSession, event_id: int, now: datetime) -> Event:
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        raise DomainError("rsvp-refused-gone")
    if event.state is EventState.CANCELLED:
        raise DomainError("rsvp-refused-cancelled")
    if event.starts_at <= now:
        raise DomainError("rsvp-refused-started")
    if event.rsvp_deadline is not None and event.rsvp_deadline <= now:
        raise DomainError("rsvp-refused-deadline")
    return event


async def rsvp(
    session: AsyncSession,
    event_id: int,
    user: User,
    answer: RsvpStatus,
    *,
    render: Renderer,
    now: datetime | None = None,
) -> RsvpResult:
    """Record a person's answer; "going" on a full event puts them on the waitlist; leaving
    a seat promotes the first on the waitlist (told through the outbox). Commits."""
    if answer is RsvpStatus.WAITLIST:
        raise ValueError("the waitlist is not an answer; answer GOING")
    event = await _open_event(session, event_id, now or utcnow())
    # Answers to one event are taken one at a time, until commit: a double tap finds the
    # first tap's row instead of inserting a second, and the waitlist order is the order
    # of commits (so positions told right after commit are distinct).
    await _lock_event(session, event_id)
    now = now or utcnow()
    current = await session.scalar(
        select(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.user_id == user.id)
        .execution_options(populate_existing=True)
    )
    before = current.status if current else None
    status: RsvpStatus = answer
    if answer is RsvpStatus.GOING and (
        before is RsvpStatus.GOING or before is RsvpStatus.WAITLIST
    ):
        status = before  # pressing "going" again keeps the seat or the place in the queue
    elif answer is RsvpStatus.GOING and not await take_seat(session, event_id):
        status = RsvpStatus.WAITLIST
    if current is None:
        current = Rsvp(event_id=event_id, user_id=user.id, status=status)
        session.add(current)
    if status is RsvpStatus.WAITLIST and before is not RsvpStatus.WAITLIST:
        current.waitlisted_at = now
    elif status is not RsvpStatus.WAITLIST:
        current.waitlisted_at = None
    if status != before:
        current.answered_at = now
    current.status = status
    await session.flush()
    promoted: int | None = None
    if before is RsvpStatus.GOING and status is not RsvpStatus.GOING:
        await _free_seat(session, event_id)
        promoted = await _promote_first(session, event, render)
    await session.commit()
    position = (
        await waitlist_position(session, event_id, user.id)
        if status is RsvpStatus.WAITLIST
        else None
    )
    return RsvpResult(status, position, promoted)


async def _lock_event(session: AsyncSession, event_id: int) -> None:
    """A no-op UPDATE of the event row: a row lock on PostgreSQL, the write lock on SQLite,
    both held until the caller commits."""
    await session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(going_count=Event.going_count)
        .execution_options(synchronize_session=False)
    )


async def counts(session: AsyncSession, event_id: int) -> dict[RsvpStatus, int]:
    rows = await session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    return {RsvpStatus(s): int(n) for s, n in rows}
