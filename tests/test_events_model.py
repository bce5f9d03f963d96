"""RSVP rules on each database: capacity, waitlist and promotion, deadlines, and the race for
the last seat."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.errors import DomainError
from models.events import Event, EventState, RsvpStatus, answers
from models.outbox import Delivery, Mailing, MailingKind
from tests.factories import make_event, make_users
from texts import t

GOING, MAYBE, NOT_GOING, WAITLIST = (
    RsvpStatus.GOING,
    RsvpStatus.MAYBE,
    RsvpStatus.NOT_GOING,
    RsvpStatus.WAITLIST,
)


async def test_capacity_waitlist_and_promotion(session: AsyncSession) -> None:
    a, b, c, d = await make_users(session, 100, 4)
    event = await make_event(session, capacity=2)
    assert (await answers.rsvp(session, event.id, a, GOING, render=t)).status is GOING
    assert (await answers.rsvp(session, event.id, b, GOING, render=t)).status is GOING
    third = await answers.rsvp(session, event.id, c, GOING, render=t)
    assert (third.status, third.waitlist_position) == (WAITLIST, 1)
    fourth = await answers.rsvp(session, event.id, d, GOING, render=t)
    assert (fourth.status, fourth.waitlist_position) == (WAITLIST, 2)
    # Pressing "going" again changes nothing and keeps the place in the queue.
    assert (await answers.rsvp(session, event.id, d, GOING, render=t)).waitlist_position == 2

    left = await answers.rsvp(session, event.id, a, NOT_GOING, render=t)
    assert left.promoted_user_id == c.id
    assert await answers.counts(session, event.id) == {GOING: 2, NOT_GOING: 1, WAITLIST: 1}
    assert await answers.waitlist_position(session, event.id, d.id) == 1
    # The promoted person is told through the outbox, in the same transaction.
    notice = await session.scalar(select(Mailing).where(Mailing.kind == MailingKind.NOTICE))
    assert notice is not None
    assert notice.text is not None and "Освободилось место" in notice.text
    assert notice.title == t.plain("events-promoted-title", title=event.title)
    delivery = await session.scalar(select(Delivery).where(Delivery.mailing_id == notice.id))
    assert delivery is not None
    assert delivery.chat_id == c.telegram_id
    refreshed = await session.get(Event, event.id, populate_existing=True)
    assert refreshed is not None
    assert refreshed.going_count == 2


async def test_maybe_does_not_take_a_seat(session: AsyncSession) -> None:
    a, b = await make_users(session, 200, 2)
    event = await make_event(session, capacity=1)
    assert (await answers.rsvp(session, event.id, a, MAYBE, render=t)).status is MAYBE
    assert (await answers.rsvp(session, event.id, b, GOING, render=t)).status is GOING
    assert (await answers.rsvp(session, event.id, a, GOING, render=t)).status is WAITLIST


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"state": EventState.CANCELLED}, "rsvp-refused-cancelled"),
        ({"state": EventState.DRAFT}, "rsvp-refused-gone"),
    ],
)
async def test_refusals(session: AsyncSession, change: dict[str, object], code: str) -> None:
    (a,) = await make_users(session, 300, 1)
    event = await make_event(session)
    for key, value in change.items():
        setattr(event, key, value)
    await session.commit()
    with pytest.raises(DomainError) as err:
        await answers.rsvp(session, event.id, a, GOING, render=t)
    assert err.value.code == code


async def test_deadline_and_start_and_missing(session: AsyncSession) -> None:
    (a,) = await make_users(session, 400, 1)
    past_deadline = await make_event(session, deadline_in=-timedelta(minutes=1))
    started = await make_event(session, starts_in=-timedelta(minutes=1))
    for event_id, code in (
        (past_deadline.id, "rsvp-refused-deadline"),
        (started.id, "rsvp-refused-started"),
        (10**6, "rsvp-refused-gone"),
    ):
        with pytest.raises(DomainError) as err:
            await answers.rsvp(session, event_id, a, GOING, render=t)
        assert err.value.code == code


async def test_race_for_the_last_seat(session_factory: async_sessionmaker[AsyncSession]) -> None:
    """Many people press "going" for one seat at the same moment: exactly one gets it."""
    async with session_factory() as s:
        people = await make_users(s, 1000, 8)
        event = await make_event(s, capacity=1)

    async def press(index: int) -> RsvpStatus:
        async with session_factory() as s:
            person = people[index]
            return (await answers.rsvp(s, event.id, person, GOING, render=t)).status

    results = await asyncio.gather(*(press(i) for i in range(len(people))))
    assert results.count(GOING) == 1
    assert results.count(WAITLIST) == len(people) - 1
    async with session_factory() as s:
        refreshed = await s.get(Event, event.id)
        assert refreshed is not None
        assert refreshed.going_count == 1
