"""Events and RSVPs: capacity, waitlist, deadlines.

A seat is taken by one conditional UPDATE of ``events.going_count`` (``... WHERE going_count
< capacity``): atomic on PostgreSQL (row lock) and SQLite (single writer) alike, so two people
pressing "going" for the last seat can never both get it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import notices
from models.base import Base, utcnow
from models.outbox import Content, MailingKind, Recipient, enqueue
from models.users import User

DEFAULT_REMINDER_OFFSETS = [24 * 60, 2 * 60]  # minutes before the start


class EventKind(enum.StrEnum):
    CONFERENCE = "conference"
    MEETING = "meeting"
    SEMINAR = "seminar"
    OTHER = "other"


class EventState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RsvpStatus(enum.StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"
    WAITLIST = "waitlist"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        native_enum=False,
        length=16,
        values_callable=lambda e: [m.value for m in e],
    )


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    state: Mapped[EventState] = mapped_column(
        _enum(EventState, "event_state"), default=EventState.DRAFT
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    place: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None]
    going_count: Mapped[int] = mapped_column(default=0)
    rsvp_deadline: Mapped[datetime | None]
    topic: Mapped[str | None] = mapped_column(String(32))
    reminder_offsets: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_REMINDER_OFFSETS)
    )
    created_by: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_rsvps_event_id_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[RsvpStatus] = mapped_column(_enum(RsvpStatus, "rsvp_status"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    waitlisted_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]


class RsvpRefused(ValueError):
    """An answer that cannot be taken: ``code`` is gone / cancelled / started / deadline."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RsvpResult:
    status: RsvpStatus
    waitlist_position: int | None = None
    promoted_user_id: int | None = None


async def _take_seat(session: AsyncSession, event_id: int) -> bool:
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


async def _promote_first(session: AsyncSession, event: Event, tz: ZoneInfo) -> int | None:
    """Give a freed seat to the first on the waitlist and tell them through the outbox."""
    first = await session.scalar(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLIST)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
        .limit(1)
    )
    if first is None or not await _take_seat(session, event.id):
        return None
    first.status = RsvpStatus.GOING
    first.waitlisted_at = None
    first.answered_at = utcnow()
    person = await session.get(User, first.user_id)
    if person is not None and person.is_active:
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=f"Место освободилось: {event.title}",
            content=Content(text=notices.promoted_text(event.title, event.starts_at, tz)),
            recipients=[Recipient(person.telegram_id, person.id)],
        )
    return first.user_id


async def rsvp(
    session: AsyncSession,
    event_id: int,
    user: User,
    answer: RsvpStatus,
    *,
    now: datetime | None = None,
    tz: ZoneInfo = notices.DEFAULT_TZ,
) -> RsvpResult:
    """Record a person's answer; "going" on a full event puts them on the waitlist; leaving
    a seat promotes the first on the waitlist. Commits."""
    if answer is RsvpStatus.WAITLIST:
        raise ValueError("the waitlist is not an answer; answer GOING")
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        raise RsvpRefused("gone")
    if event.state is EventState.CANCELLED:
        raise RsvpRefused("cancelled")
    if event.starts_at <= now:
        raise RsvpRefused("started")
    if event.rsvp_deadline is not None and event.rsvp_deadline <= now:
        raise RsvpRefused("deadline")
    current = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user.id)
    )
    before = current.status if current else None
    promoted: int | None = None
    status: RsvpStatus
    if answer is RsvpStatus.GOING:
        if before in (RsvpStatus.GOING, RsvpStatus.WAITLIST):
            status = before
        elif await _take_seat(session, event_id):
            status = RsvpStatus.GOING
        else:
            status = RsvpStatus.WAITLIST
    else:
        status = answer
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
    if before is RsvpStatus.GOING and status is not RsvpStatus.GOING:
        await _free_seat(session, event_id)
        promoted = await _promote_first(session, event, tz)
    position = await waitlist_position(session, event_id, user.id)
    await session.commit()
    return RsvpResult(status, position, promoted)


async def counts(session: AsyncSession, event_id: int) -> dict[RsvpStatus, int]:
    rows = await session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    return {RsvpStatus(s): int(n) for s, n in rows}
