"""Answers to an event: capacity, waitlist, promotion, deadlines.

A seat is taken by one conditional UPDATE of ``events.going_count`` (``... WHERE going_count
< capacity``): atomic on PostgreSQL (row lock) and SQLite (single writer) alike, so two people
pressing "going" for the last seat can never both get it.

A refused answer raises ``DomainError`` with one of the ``rsvp-refused-*`` keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import dialect_insert, utcnow
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


QUEUED = (RsvpStatus.GOING, RsvpStatus.WAITLIST)


def _seat_change(event_id: int, user_id: int, answer: RsvpStatus, now: datetime) -> Any:
    """The first statement of an answer: the event row, only if open (published, not begun,
    before the deadline), gets the answer's seat change — +1 for "going" when a seat is free
    and the person holds none and is not queued, -1 for leaving a seat — and records it in
    ``last_seat_delta`` so RETURNING can tell what happened. It locks the row (PostgreSQL)
    or takes the write lock (SQLite) until commit: answers to one event go one at a time.
    RETURNING also reads the person's answer before this one and whether anyone waits."""
    before = (
        select(Rsvp.status)
        .where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
        .scalar_subquery()
    )
    if answer is RsvpStatus.GOING:
        free = or_(Event.capacity.is_(None), Event.going_count < Event.capacity)
        unqueued = or_(before.is_(None), before.not_in([s.value for s in QUEUED]))
        delta: Any = case((and_(free, unqueued), 1), else_=0)
    else:
        delta = case((before == RsvpStatus.GOING.value, -1), else_=0)
    waiting = (
        select(Rsvp.id)
        .where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.WAITLIST)
        .exists()
    )
    return (
        update(Event)
        .where(
            Event.id == event_id,
            Event.state == EventState.PUBLISHED,
            Event.starts_at > now,
            or_(Event.rsvp_deadline.is_(None), Event.rsvp_deadline > now),
        )
        .values(going_count=Event.going_count + delta, last_seat_delta=delta)
        .returning(Event.last_seat_delta, before, waiting)
        .execution_options(synchronize_session=False)
    )


def _new_status(answer: RsvpStatus, before: RsvpStatus | None, delta: int) -> RsvpStatus:
    if answer is not RsvpStatus.GOING:
        return answer
    if delta > 0:
        return RsvpStatus.GOING
    # Pressing "going" again keeps the seat or the place in the queue; else the queue.
    return before if before in QUEUED else RsvpStatus.WAITLIST


def _answer_upsert(
    session: AsyncSession,
    event_id: int,
    user_id: int,
    status: RsvpStatus,
    before: RsvpStatus | None,
    stamp: datetime,
) -> Any:
    """The second statement: the answer itself (insert or update of the one row), with the
    waitlist position read back when it is one (stamped under the event's lock, so positions
    follow the order of commits)."""
    joined = stamp if status is RsvpStatus.WAITLIST and before is not RsvpStatus.WAITLIST else None
    values: dict[str, Any] = {"status": status}
    if status is not before:
        values["answered_at"] = stamp
    if status is not RsvpStatus.WAITLIST:
        values["waitlisted_at"] = None
    elif joined is not None:
        values["waitlisted_at"] = joined
    insert = dialect_insert(session)(Rsvp).values(
        event_id=event_id, user_id=user_id, answered_at=stamp, waitlisted_at=joined, status=status
    )
    mine: Any = (
        literal(joined)
        if joined is not None
        else select(Rsvp.waitlisted_at)
        .where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
        .scalar_subquery()
    )
    position = (
        select(func.count())
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status == RsvpStatus.WAITLIST,
            Rsvp.user_id != user_id,
            Rsvp.waitlisted_at <= mine,
        )
        .scalar_subquery()
    )
    returned = [position] if status is RsvpStatus.WAITLIST else [literal(0)]
    return insert.on_conflict_do_update(
        index_elements=["event_id", "user_id"], set_=values
    ).returning(*returned)


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
    a seat promotes the first on the waitlist (told through the outbox). Commits.

    Two statements in one transaction: the seat change on the event row (which serialises
    answers to one event and tells the answer before) and the answer's upsert (which reads
    the waitlist position back); a promotion adds its own. Pressing the same answer again
    writes only the first."""
    if answer is RsvpStatus.WAITLIST:
        raise ValueError("the waitlist is not an answer; answer GOING")
    checked_at = now or utcnow()
    row = (await session.execute(_seat_change(event_id, user.id, answer, checked_at))).first()
    if row is None:
        await session.commit()  # nothing was written; ends the transaction, keeps objects
        await _open_event(session, event_id, checked_at)  # raises the reason
        raise DomainError("rsvp-refused-gone")
    delta, raw_before, waiting = int(row[0] or 0), row[1], bool(row[2])
    before = RsvpStatus(raw_before) if raw_before is not None else None
    status = _new_status(answer, before, delta)
    position: int | None = None
    if status is not before or status is RsvpStatus.WAITLIST:
        stamp = now or utcnow()  # taken under the event's lock
        upsert = _answer_upsert(session, event_id, user.id, status, before, stamp)
        ahead = (await session.execute(upsert)).scalar()
        position = int(ahead or 0) + 1 if status is RsvpStatus.WAITLIST else None
    promoted: int | None = None
    if delta < 0 and waiting:
        event = await session.get(Event, event_id)
        assert event is not None
        promoted = await _promote_first(session, event, render)
    await session.commit()
    return RsvpResult(status, position, promoted)


async def counts(session: AsyncSession, event_id: int) -> dict[RsvpStatus, int]:
    rows = await session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    return {RsvpStatus(s): int(n) for s, n in rows}
