"""Reading events: one event, a person's answer, the lists people and staff see, counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from models.base import utcnow
from models.events.entities import (
    DEFAULT_TOPIC,
    Event,
    EventMunicipality,
    EventState,
    Rsvp,
    RsvpStatus,
)
from models.municipalities import Municipality
from models.subscriptions import UserMunicipality, UserTopic
from models.users import User

STAFF_LIST_MAX = 200


async def get(session: AsyncSession, event_id: int) -> Event | None:
    return await session.get(Event, event_id, populate_existing=True)


async def online_link_for(session: AsyncSession, event: Event, user_id: int) -> str | None:
    """The online link of ``event`` for the person, if they have a seat (answered going) on
    a published event; ``None`` otherwise (no link, not going, waitlisted, cancelled)."""
    if not event.online_link or event.state is not EventState.PUBLISHED:
        return None
    status = await session.scalar(
        select(Rsvp.status).where(Rsvp.event_id == event.id, Rsvp.user_id == user_id)
    )
    return event.online_link if status is RsvpStatus.GOING else None


async def answer_of(session: AsyncSession, event_id: int, user_id: int) -> Rsvp | None:
    return await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
    )


def _not_over(now: datetime) -> ColumnElement[bool]:
    return func.coalesce(Event.ends_at, Event.starts_at) > now


async def _audiences(session: AsyncSession, event_ids: list[int]) -> dict[int, set[int]]:
    audiences: dict[int, set[int]] = {}
    for event_id, municipality_id in await session.execute(
        select(EventMunicipality.event_id, EventMunicipality.municipality_id).where(
            EventMunicipality.event_id.in_(event_ids)
        )
    ):
        audiences.setdefault(event_id, set()).add(municipality_id)
    return audiences


async def _interests(session: AsyncSession, user: User) -> tuple[set[int], set[str]]:
    """The municipalities (own and followed) and the topics of a person."""
    mine = set(
        (
            await session.scalars(
                select(UserMunicipality.municipality_id).where(UserMunicipality.user_id == user.id)
            )
        ).all()
    )
    if user.municipality_id is not None:
        mine.add(user.municipality_id)
    topics = set(
        (await session.scalars(select(UserTopic.topic).where(UserTopic.user_id == user.id))).all()
    )
    return mine, topics


async def upcoming_for(
    session: AsyncSession, user: User | None, *, now: datetime | None = None
) -> list[Event]:
    """Published events not over yet; those for the person's municipalities and topics
    first, then by start."""
    now = now or utcnow()
    found = list(
        (
            await session.scalars(
                select(Event)
                .where(Event.state == EventState.PUBLISHED, _not_over(now))
                .order_by(Event.starts_at, Event.id)
                .limit(500)
            )
        ).all()
    )
    if not found or user is None or not user.has_consent:
        return found
    audiences = await _audiences(session, [e.id for e in found])
    mine, topics = await _interests(session, user)

    def rank(event: Event) -> int:
        audience = audiences.get(event.id)
        score = 0
        if audience is not None and audience & mine:
            score -= 2  # addressed to the person's municipality
        elif audience is None:
            score -= 1  # for everyone
        if (event.topic or DEFAULT_TOPIC) in topics:
            score -= 1
        return score

    return sorted(found, key=rank)  # stable: by start within a rank


async def answered_by(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> list[tuple[Event, Rsvp]]:
    """What the person answered: upcoming first (soonest first), then the last past ones."""
    now = now or utcnow()
    rows = (
        await session.execute(
            select(Event, Rsvp)
            .join(Rsvp, Rsvp.event_id == Event.id)
            .where(Rsvp.user_id == user_id, Event.state != EventState.DRAFT)
            .order_by(Event.starts_at.desc())
            .limit(50)
        )
    ).all()
    upcoming = sorted(
        ((e, r) for e, r in rows if (e.ends_at or e.starts_at) > now), key=lambda p: p[0].starts_at
    )
    past = [(e, r) for e, r in rows if (e.ends_at or e.starts_at) <= now][:10]
    return upcoming + past


def _staff_query(past: bool, now: datetime) -> Any:
    if past:
        return select(Event).where(~_not_over(now)).order_by(Event.starts_at.desc(), Event.id)
    return select(Event).where(_not_over(now)).order_by(Event.starts_at, Event.id)


async def staff_count(session: AsyncSession, *, past: bool, now: datetime | None = None) -> int:
    """How many events the staff list has (drafts too), for its pager."""
    query = _staff_query(past, now or utcnow()).order_by(None)
    n = await session.scalar(select(func.count()).select_from(query.subquery()))
    return int(n or 0)


async def staff_list(
    session: AsyncSession,
    *,
    past: bool,
    offset: int = 0,
    limit: int = STAFF_LIST_MAX,
    now: datetime | None = None,
) -> list[Event]:
    """One page of every event for staff, drafts too: upcoming soonest first, or past
    latest first."""
    query = _staff_query(past, now or utcnow()).offset(offset).limit(limit)
    return list((await session.scalars(query)).all())


async def counts_by_municipality(
    session: AsyncSession, event_id: int
) -> dict[str | None, dict[RsvpStatus, int]]:
    """Answers per municipality of the people (``None``: people without one)."""
    rows = await session.execute(
        select(Municipality.name, Rsvp.status, func.count())
        .select_from(Rsvp)
        .join(User, User.id == Rsvp.user_id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Rsvp.event_id == event_id)
        .group_by(Municipality.name, Rsvp.status)
    )
    result: dict[str | None, dict[RsvpStatus, int]] = {}
    for name, status, n in rows:
        result.setdefault(name, {})[RsvpStatus(status)] = int(n)
    return dict(sorted(result.items(), key=lambda item: item[0] or ""))


async def checked_in_count(session: AsyncSession, event_id: int) -> int:
    n = await session.scalar(
        select(func.count())
        .select_from(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.checked_in_at.is_not(None))
    )
    return int(n or 0)


async def municipality_names(session: AsyncSession, event_id: int) -> list[str]:
    rows = await session.scalars(
        select(Municipality.name)
        .join(EventMunicipality, EventMunicipality.municipality_id == Municipality.id)
        .where(EventMunicipality.event_id == event_id)
        .order_by(Municipality.sort_order, Municipality.name)
    )
    return list(rows)


async def municipality_ids(session: AsyncSession, event_id: int) -> set[int]:
    rows = await session.scalars(
        select(EventMunicipality.municipality_id).where(EventMunicipality.event_id == event_id)
    )
    return set(rows)


async def audience_names(session: AsyncSession, ids: frozenset[int]) -> list[str]:
    if not ids:
        return []
    rows = await session.scalars(
        select(Municipality.name)
        .where(Municipality.id.in_(ids))
        .order_by(Municipality.sort_order, Municipality.name)
    )
    return list(rows)
