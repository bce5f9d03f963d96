"""The outbox's rules on each database: idempotent enqueue, atomic claims with leases,
marking, blocking, cancelling."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from models.base import utcnow
from models.outbox import Content, Delivery, DeliveryState, MailingKind, Recipient
from models.users import User
from tests.factories import make_users

LEASE = timedelta(seconds=60)


async def _enqueue(session: AsyncSession, chat_ids: list[int], key: str | None = None) -> int:
    mailing = await outbox.enqueue(
        session,
        kind=MailingKind.MAILING,
        title="test",
        content=Content(text="Привет"),
        recipients=[Recipient(c) for c in chat_ids],
        dedup_key=key,
    )
    await session.commit()
    return mailing.id


async def _states(session: AsyncSession) -> dict[int, DeliveryState]:
    rows = await session.execute(select(Delivery.chat_id, Delivery.state))
    return {c: DeliveryState(s) for c, s in rows}


async def test_enqueue_is_idempotent(session: AsyncSession) -> None:
    first = await _enqueue(session, [1, 2, 3], key="reminder:1:1440")
    again = await _enqueue(session, [2, 3, 4, 4], key="reminder:1:1440")
    assert first == again
    count = await session.scalar(select(func.count()).select_from(Delivery))
    assert count == 4


def test_content_is_validated() -> None:
    with pytest.raises(ValueError, match="needs text"):
        Content(text="")
    with pytest.raises(ValueError, match="file_id"):
        Content(kind=outbox.ContentKind.PHOTO)


async def test_claim_mark_and_lease_takeover(session: AsyncSession) -> None:
    await _enqueue(session, list(range(100, 110)))
    now = utcnow()
    a = await outbox.claim(session, "a", now=now, limit=4, lease=LEASE)
    b = await outbox.claim(session, "b", now=now, limit=100, lease=LEASE)
    assert len(a) == 4
    assert len(b) == 6
    assert not {d.id for d in a} & {d.id for d in b}
    assert a[0].content.text == "Привет"
    assert await outbox.mark_sent(session, a[0].id, "a", 555)
    # Another worker cannot mark what it does not hold.
    assert not await outbox.mark_sent(session, a[1].id, "b", 1)
    # Worker "a" dies; after its lease its claims go to "c", the sent one stays sent.
    later = now + LEASE + timedelta(seconds=1)
    c = await outbox.claim(session, "c", now=later, limit=100, lease=LEASE)
    assert {d.id for d in c} == {d.id for d in a[1:]} | {d.id for d in b}
    assert all(d.attempts == 2 for d in c)
    # The dead worker's late mark is refused: the delivery is "c"'s now.
    assert not await outbox.mark_sent(session, a[1].id, "a", 2)


async def test_retry_fail_after_max_attempts_and_429_does_not_count(
    session: AsyncSession,
) -> None:
    await _enqueue(session, [7])
    now = utcnow()
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        (d,) = await outbox.claim(session, "w", now=now, limit=1, lease=LEASE)
        assert d.attempts == attempt
        await outbox.mark_retry(session, d.id, "w", "flood", now, count_attempt=False)
        (d,) = await outbox.claim(session, "w", now=now, limit=1, lease=LEASE)
        await outbox.mark_retry(session, d.id, "w", "network down", now)
    states = await _states(session)
    assert states[7] is DeliveryState.FAILED
    failed = await session.scalar(select(Delivery))
    assert failed is not None
    assert failed.last_error is not None and "network down" in failed.last_error


async def test_not_before_is_respected(session: AsyncSession) -> None:
    await _enqueue(session, [1])
    (d,) = await outbox.claim(session, "w", now=utcnow(), limit=1, lease=LEASE)
    later = utcnow() + timedelta(seconds=30)
    await outbox.mark_retry(session, d.id, "w", "5xx", later)
    assert await outbox.claim(session, "w", now=utcnow(), limit=1, lease=LEASE) == []
    assert await outbox.next_due(session) == later  # when the sender should wake up
    assert len(await outbox.claim(session, "w", now=later, limit=1, lease=LEASE)) == 1


async def test_blocked_user_stops_everything_to_them(session: AsyncSession) -> None:
    (user,) = await make_users(session, 5000, 1)
    await _enqueue(session, [5000, 5001])
    await _enqueue(session, [5000])
    (d, *_rest) = await outbox.claim(session, "w", now=utcnow(), limit=1, lease=LEASE)
    assert d.chat_id == 5000
    stopped = await outbox.mark_blocked(session, 5000, None, "Forbidden: bot was blocked")
    assert stopped == 2
    states = await session.execute(select(Delivery.chat_id, Delivery.state).order_by(Delivery.id))
    assert [(c, DeliveryState(s)) for c, s in states] == [
        (5000, DeliveryState.BLOCKED),
        (5001, DeliveryState.PENDING),
        (5000, DeliveryState.BLOCKED),
    ]
    await session.refresh(user)
    assert user.is_active is False


async def test_cancel_and_report(session: AsyncSession) -> None:
    mailing_id = await _enqueue(session, [1, 2, 3, 4])
    claimed = await outbox.claim(session, "w", now=utcnow(), limit=2, lease=LEASE)
    await outbox.mark_sent(session, claimed[0].id, "w", 10)
    await outbox.mark_failed(session, claimed[1].id, "w", "Bad Request: chat not found")
    assert await outbox.cancel_mailing(session, mailing_id) == 2
    await session.commit()
    rep = await outbox.report(session, mailing_id)
    assert rep.counts == {
        DeliveryState.SENT: 1,
        DeliveryState.FAILED: 1,
        DeliveryState.CANCELLED: 2,
    }
    assert rep.top_errors == [("Bad Request: chat not found", 1)]
    assert rep.open == 0


async def test_concurrent_claimers_never_share(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as s:
        await _enqueue(s, list(range(1, 401)))

    async def worker(name: str) -> list[int]:
        got: list[int] = []
        async with session_factory() as s:
            while batch := await outbox.claim(s, name, now=utcnow(), limit=7, lease=LEASE):
                got.extend(d.id for d in batch)
                await asyncio.sleep(0)
        return got

    results = await asyncio.gather(*(worker(f"w{i}") for i in range(4)))
    every = [i for r in results for i in r]
    assert len(every) == len(set(every)) == 400


async def test_user_is_untouched_by_other_chats(session: AsyncSession) -> None:
    await make_users(session, 9000, 2)
    await outbox.mark_blocked(session, 9000, None, "blocked")
    active = await session.scalar(select(User.is_active).where(User.telegram_id == 9001))
    assert active is True
