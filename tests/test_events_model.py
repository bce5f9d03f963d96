"""RSVP rules on each database: capacity, waitlist and promotion, deadlines, and the race for
the last seat."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import events
from models.events import Event, EventState, RsvpRefused, RsvpStatus
from models.outbox import Delivery, Mailing, MailingKind
from tests.factories import make_event, make_users

GOING, MAYBE, NOT_GOING, WAITLIST = (
    RsvpStatus.GOING,
    RsvpStatus.MAYBE,
    RsvpStatus.NOT_GOING,
    RsvpStatus.WAITLIST,
)


async def test_capacity_waitlist_and_promotion(session: AsyncSession) -> None:
    a, b, c, d = await make_users(session, 100, 4)
    event = await make_event(session, capacity=2)
    assert (await events.rsvp(session, event.id, a, GOING)).status is GOING
    assert (await events.rsvp(session, event.id, b, GOING)).status is GOING
    third = await events.rsvp(session, event.id, c, GOING)
    assert (third.status, third.waitlist_position) == (WAITLIST, 1)
    fourth = await events.rsvp(session, event.id, d, GOING)
    assert (fourth.status, fourth.waitlist_position) == (WAITLIST, 2)
    # Pressing "going" again changes nothing and keeps the place in the queue.
    assert (await events.rsvp(session, event.id, d, GOING)).waitlist_position == 2

    left = await events.rsvp(session, event.id, a, NOT_GOING)
    assert left.promoted_user_id == c.id
    assert await events.counts(session, event.id) == {GOING: 2, NOT_GOING: 1, WAITLIST: 1}
    assert await events.waitlist_position(session, event.id, d.id) == 1
    # The promoted person is told through the outbox, in the same transaction.
    notice = await session.scalar(select(Mailing).where(Mailing.kind == MailingKind.NOTICE))
    assert notice is not None
    assert notice.text is not None and "Освободилось место" in notice.text
    delivery = await session.scalar(select(Delivery).where(Delivery.mailing_id == notice.id))
    assert delivery is not None
    assert delivery.chat_id == c.telegram_id
    refreshed = await session.get(Event, event.id, populate_existing=True)
    assert refreshed is not None
    assert refreshed.going_count == 2


async def test_maybe_does_not_take_a_seat(session: AsyncSession) -> None:
    a, b = await make_users(session, 200, 2)
    event = await make_event(session, capacity=1)
    assert (await events.rsvp(session, event.id, a, MAYBE)).status is MAYBE
    assert (await events.rsvp(session, event.id, b, GOING)).status is GOING
    assert (await events.rsvp(session, event.id, a, GOING)).status is WAITLIST


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"state": EventState.CANCELLED}, "cancelled"),
        ({"state": EventState.DRAFT}, "gone"),
    ],
)
async def test_refusals(session: AsyncSession, change: dict[str, object], code: str) -> None:
    (a,) = await make_users(session, 300, 1)
    event = await make_event(session)
    for key, value in change.items():
        setattr(event, key, value)
    await session.commit()
    with pytest.raises(RsvpRefused) as err:
        await events.rsvp(session, event.id, a, GOING)
    assert err.value.code == code


async def test_deadline_and_start_and_missing(session: AsyncSession) -> None:
    (a,) = await make_users(session, 400, 1)
    past_deadline = await make_event(session, deadline_in=-timedelta(minutes=1))
    started = await make_event(session, starts_in=-timedelta(minutes=1))
    for event_id, code in (
        (past_deadline.id, "deadline"),
        (started.id, "started"),
        (10**6, "gone"),
    ):
        with pytest.raises(RsvpRefused) as err:
            await events.rsvp(session, event_id, a, GOING)
        assert err.value.code == code


async def test_race_for_the_last_seat(session_factory: async_sessionmaker[AsyncSession]) -> None:
    """Many people press "going" for one seat at the same moment: exactly one gets it."""
    async with session_factory() as s:
        people = await make_users(s, 1000, 8)
        event = await make_event(s, capacity=1)

    async def press(index: int) -> RsvpStatus:
        async with session_factory() as s:
            person = people[index]
            return (await events.rsvp(s, event.id, person, GOING)).status

    results = await asyncio.gather(*(press(i) for i in range(len(people))))
    assert results.count(GOING) == 1
    assert results.count(WAITLIST) == len(people) - 1
    async with session_factory() as s:
        refreshed = await s.get(Event, event.id)
        assert refreshed is not None
        assert refreshed.going_count == 1
