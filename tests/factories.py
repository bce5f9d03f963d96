"""Small builders for domain rows used across tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.consent import current_consent
from models.events import Event, EventKind, EventState
from models.users import Occupation, User


async def make_user(
    session: AsyncSession,
    telegram_id: int,
    *,
    name: str = "Ирина Петрова",
    municipality_id: int = 1,
    occupation: Occupation = Occupation.MUNICIPAL_EMPLOYEE,
) -> User:
    user = User(
        telegram_id=telegram_id,
        consent_version=current_consent().version,
        consent_given_at=utcnow(),
        full_name=name,
        occupation=occupation,
        municipality_id=municipality_id,
    )
    session.add(user)
    await session.commit()
    return user


async def make_users(session: AsyncSession, first_id: int, count: int) -> list[User]:
    users = [
        User(
            telegram_id=first_id + i,
            consent_version=current_consent().version,
            consent_given_at=utcnow(),
            full_name=f"Участник {i}",
            occupation=Occupation.TOS_ACTIVIST,
            municipality_id=1 + i % 34,
        )
        for i in range(count)
    ]
    session.add_all(users)
    await session.commit()
    return users


async def make_event(
    session: AsyncSession,
    *,
    title: str = "Семинар для ТОС",
    starts_in: timedelta = timedelta(days=3),
    capacity: int | None = None,
    deadline_in: timedelta | None = None,
    offsets: list[int] | None = None,
    now: datetime | None = None,
) -> Event:
    now = now or utcnow()
    event = Event(
        title=title,
        kind=EventKind.SEMINAR,
        state=EventState.PUBLISHED,
        starts_at=now + starts_in,
        place="Кемерово, пр. Советский, 58",
        capacity=capacity,
        rsvp_deadline=now + deadline_in if deadline_in else None,
        reminder_offsets=offsets if offsets is not None else [24 * 60, 2 * 60],
    )
    session.add(event)
    await session.commit()
    return event
