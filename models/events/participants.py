"""The participants of one event as staff see them at the desk: the list (name,
municipality, answer, check-in), adding someone by hand (seat rules: capacity, then the
waitlist) and writing to those going / maybe / waiting, through the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import utcnow
from models.errors import DomainError
from models.events.answers import take_seat
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.municipalities import Municipality
from models.outbox import Content, Mailing, MailingKind, Recipient, enqueue
from models.rendering import Renderer
from models.users import User

ORDER = {RsvpStatus.GOING: 0, RsvpStatus.WAITLIST: 1, RsvpStatus.MAYBE: 2}
SEARCH_MAX = 8
NOTICE_KEYS = {
    RsvpStatus.GOING: "events-desk-added-notice-going",
    RsvpStatus.WAITLIST: "events-desk-added-notice-waitlist",
}
MESSAGE_MAX = 3500  # the staff's text; the heading and Telegram's 4096 leave room


@dataclass(frozen=True, slots=True)
class Participant:
    user_id: int
    name: str | None
    municipality: str | None
    status: RsvpStatus
    checked_in_at: datetime | None


@dataclass(frozen=True, slots=True)
class Found:
    user_id: int
    name: str
    municipality: str | None


async def of_event(session: AsyncSession, event_id: int) -> list[Participant]:
    """Everyone who answered: going, waiting, maybe, then not going; by name within each."""
    rows = await session.execute(
        select(User.id, User.full_name, Municipality.name, Rsvp.status, Rsvp.checked_in_at)
        .select_from(Rsvp)
        .join(User, User.id == Rsvp.user_id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Rsvp.event_id == event_id)
    )
    items = [Participant(*row) for row in rows.all()]
    return sorted(items, key=lambda p: (ORDER.get(p.status, 3), (p.name or "").casefold()))


async def search(session: AsyncSession, query: str) -> list[Found]:
    """Registered people whose name contains every word of ``query`` (any case, ё = е)."""
    words = [_fold(w) for w in query.split() if w]
    if not words:
        return []
    rows = await session.execute(
        select(User.id, User.full_name, Municipality.name)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(
            User.full_name.is_not(None),
            User.consent_version.is_not(None),
            User.telegram_id > 0,
        )
        .order_by(User.full_name)
    )
    found = [
        Found(user_id, name or "", municipality)
        for user_id, name, municipality in rows
        if all(w in _fold(name or "") for w in words)
    ]
    return found[:SEARCH_MAX]


_YO = str.maketrans("ёЁ", "еЕ")


def _fold(text: str) -> str:
    return text.translate(_YO).casefold()


async def by_telegram_id(session: AsyncSession, telegram_id: int) -> User | None:
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    return user if user is not None and user.is_registered else None


async def _open(session: AsyncSession, event_id: int) -> Event:
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        raise DomainError("events-event-gone")
    if event.state is EventState.CANCELLED:
        raise DomainError("events-errors-cancelled")
    return event


async def add(
    session: AsyncSession,
    event_id: int,
    user_id: int,
    actor_telegram_id: int,
    *,
    render: Renderer,
    now: datetime | None = None,
) -> RsvpStatus:
    """Put a registered person on the list: a free seat makes them "going", a full event
    puts them on the waitlist (as their own «Пойду» would, even after the start: walk-ins at
    the desk). They are told through the outbox. Audited; commits."""
    now = now or utcnow()
    event = await _open(session, event_id)
    user = await session.get(User, user_id)
    if user is None or not user.is_registered or user.telegram_id <= 0:
        raise DomainError("events-desk-add-unknown")
    # One answer to this event at a time (a row lock / the SQLite write lock) until commit.
    await session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(going_count=Event.going_count)
        .execution_options(synchronize_session=False)
    )
    current = await session.scalar(
        select(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    if current is not None and current.status in (RsvpStatus.GOING, RsvpStatus.WAITLIST):
        await session.commit()
        raise DomainError("events-desk-add-already", status=current.status.value)
    status = RsvpStatus.GOING if await take_seat(session, event_id) else RsvpStatus.WAITLIST
    if current is None:
        current = Rsvp(event_id=event_id, user_id=user_id, status=status)
        session.add(current)
    current.status, current.answered_at = status, now
    current.waitlisted_at = now if status is RsvpStatus.WAITLIST else None
    await enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("events-desk-added-title", title=event.title),
        content=Content(text=render(NOTICE_KEYS[status], title=event.title)),
        recipients=[Recipient(user.telegram_id, user.id)],
        created_by=actor_telegram_id,
        marketing=False,
    )
    audit.record(
        session,
        actor_telegram_id,
        "event.participant.add",
        target=f"event:{event_id}",
        user_id=user_id,
        status=status.value,
    )
    await session.commit()
    return status


async def recipients(
    session: AsyncSession, event_id: int, statuses: Iterable[RsvpStatus]
) -> list[Recipient]:
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status.in_(list(statuses)),
            User.is_active.is_(True),
            User.telegram_id > 0,
        )
        .order_by(User.id)
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def count_by_status(session: AsyncSession, event_id: int) -> dict[RsvpStatus, int]:
    rows = await session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    return {RsvpStatus(s): int(n) for s, n in rows}


async def write(
    session: AsyncSession,
    event_id: int,
    statuses: Iterable[RsvpStatus],
    text: str,
    actor_telegram_id: int,
    *,
    key: str,
    render: Renderer,
) -> int:
    """Send the staff's message (HTML as they wrote it) to the chosen participants through
    the outbox. ``key`` (made with the preview) is the mailing's dedup key: confirming twice
    sends once (``events-desk-write-already``). Audited; commits. Returns the count."""
    event = await _open(session, event_id)
    chosen = sorted(set(statuses))
    if not chosen:
        raise DomainError("events-desk-write-none-chosen")
    dedup = f"event:{event_id}:write:{key}"
    from_before = await session.scalar(
        select(func.count()).select_from(Mailing).where(Mailing.dedup_key == dedup)
    )
    if from_before:
        raise DomainError("events-desk-write-already")
    people = await recipients(session, event_id, chosen)
    if not people:
        raise DomainError("events-desk-write-nobody")
    heading = render("events-desk-write-heading", title=event.title)
    await enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("events-desk-write-title", title=event.title),
        content=Content(text=f"{heading}\n\n{text}"),
        recipients=people,
        created_by=actor_telegram_id,
        dedup_key=dedup,
        marketing=False,
    )
    audit.record(
        session,
        actor_telegram_id,
        "event.write",
        target=f"event:{event_id}",
        statuses=[s.value for s in chosen],
        recipients=len(people),
    )
    await session.commit()
    return len(people)
