"""The real sender against the fake Telegram, on each database: every kind of content, and
every kind of failure Telegram answers with."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram.types import BufferedInputFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from models.outbox import (
    Content,
    ContentKind,
    Delivery,
    DeliveryState,
    MailingKind,
    Recipient,
)
from models.users import User
from sandbox.telegram import FakeTelegram, tiny_png
from scheduler.clock import SystemClock
from scheduler.limits import PRIVATE_BURST, RateLimiter
from scheduler.sender import Sender
from scheduler.transport import BotTransport
from tests.conftest import TOKEN
from tests.factories import make_users

Factory = async_sessionmaker[AsyncSession]


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as fake:
        yield fake


def make_sender(
    tg: FakeTelegram,
    factory: Factory,
    rate: float = 30.0,
    *,
    horizon: timedelta = timedelta(hours=24),
) -> Sender:
    return Sender(
        factory,
        BotTransport(tg.make_bot()),
        # Probes after 20, 40, 80... ms (at most 0.2 s) instead of 1, 2, 4... s (at most 60).
        limiter=RateLimiter(SystemClock(), rate, probe_first=0.02, probe_max=0.2),
        batch_size=20,
        idle_poll=0.05,
        backoff_base=2.0,
        backoff_unit=0.02,  # retries after 40, 80, 160... ms instead of 2, 4, 8... s
        lease=timedelta(seconds=30),
        horizon=horizon,
    )


async def enqueue(factory: Factory, chat_ids: list[int], content: Content | None = None) -> int:
    async with factory() as session:
        mailing = await outbox.enqueue(
            session,
            kind=MailingKind.MAILING,
            title="test",
            content=content or Content(text="<b>Совет</b> сообщает"),
            recipients=[Recipient(c) for c in chat_ids],
        )
        await session.commit()
        return mailing.id


@contextlib.asynccontextmanager
async def running(sender: Sender) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        yield
    finally:
        stop.set()
        sender.wake()
        await asyncio.wait_for(task, 10)


async def drained(factory: Factory, mailing_id: int, timeout: float = 30) -> outbox.MailingReport:
    async def done() -> outbox.MailingReport:
        while True:
            async with factory() as session:
                rep = await outbox.report(session, mailing_id)
            if rep.open == 0:
                return rep
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(done(), timeout)


def bot_messages(tg: FakeTelegram, chat_id: int) -> int:
    chat = tg.chats.get(chat_id)
    return len(chat.messages) if chat is not None else 0


async def test_every_kind_of_content(tg: FakeTelegram, session_factory: Factory) -> None:
    sender = make_sender(tg, session_factory)
    source = tg.user(1)
    photo = await source.send_photo(tiny_png(4, 4), caption="Фото с форума", wait=False)
    uploaded = await tg.make_bot().send_document(1, BufferedInputFile(b"%PDF-1.4", "program.pdf"))
    assert uploaded.document is not None
    buttons = [[{"text": "Сайт Совета", "url": "https://example.org"}]]
    contents = [
        Content(text="<b>Анонс</b> &lt;важно&gt;", buttons=buttons),
        Content(kind=ContentKind.PHOTO, file_id=photo["photo"][-1]["file_id"], text="<i>фото</i>"),
        Content(kind=ContentKind.DOCUMENT, file_id=uploaded.document.file_id, text="Программа"),
        Content(
            kind=ContentKind.COPY,
            copy_from_chat_id=1,
            copy_message_id=photo["message_id"],
            buttons=buttons,
        ),
    ]
    ids = [await enqueue(session_factory, [500 + i], c) for i, c in enumerate(contents)]
    async with running(sender):
        for mailing_id in ids:
            rep = await drained(session_factory, mailing_id)
            assert rep.counts == {DeliveryState.SENT: 1}
    text = tg.chat(500).last_message()
    assert text is not None
    assert text.text == "Анонс <важно>"
    assert text.buttons == ["Сайт Совета"]
    photo_msg = tg.chat(501).last_message()
    assert photo_msg is not None
    assert photo_msg.method == "sendPhoto"
    assert photo_msg.caption == "фото"
    doc_msg = tg.chat(502).last_message()
    assert doc_msg is not None
    assert doc_msg.document is not None
    assert doc_msg.document["file_name"] == "program.pdf"
    copy = tg.chat(503).last_message()
    assert copy is not None
    assert copy.method == "copyMessage"
    assert copy.caption == "Фото с форума"
    assert copy.buttons == ["Сайт Совета"]
    async with session_factory() as session:
        message_ids = (await session.scalars(select(Delivery.message_id))).all()
    assert all(m is not None for m in message_ids)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # timing, not storage
async def test_429_storm_pauses_everything_and_loses_nothing(
    tg: FakeTelegram, session_factory: Factory
) -> None:
    chats = list(range(1000, 1060))
    storm = tg.fail("sendMessage", error=429, retry_after=1, probability=0.1, times=None)
    mailing_id = await enqueue(session_factory, chats)
    async with running(make_sender(tg, session_factory)):
        rep = await drained(session_factory, mailing_id, timeout=60)
    assert storm.hits > 0
    assert rep.counts == {DeliveryState.SENT: len(chats)}
    assert [bot_messages(tg, c) for c in chats] == [1] * len(chats)
    # No request went out while a retry_after was running.
    assert tg.early_retries == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # timing, not storage
async def test_pace_is_kept_under_telegram_limits(session_factory: Factory) -> None:
    """With the fake enforcing Telegram's limits (30/s overall, a burst of 3 then 1/s per
    chat, 20/min per group), a mailing at the full rate, plus a burst to one person and a
    group, draws no 429 at all."""
    async with FakeTelegram(token=TOKEN, auto_create_chats=True, enforce_limits=True) as tg:
        group = tg.group(-100777, title="Совет ТОС")
        chats = list(range(4000, 4090))
        many = await enqueue(session_factory, chats)
        # Five different notices to one person and 22 to one group: per-chat pacing applies.
        ones = [await enqueue(session_factory, [4000]) for _ in range(4)]
        groups = [await enqueue(session_factory, [group.id]) for _ in range(22)]
        async with running(make_sender(tg, session_factory, rate=30)):
            for mailing_id in [many, *ones, *groups[:20]]:
                await drained(session_factory, mailing_id, timeout=60)
        assert tg.rejected_429 == 0
        assert tg.max_rate(1.0) <= 30
        assert tg.max_rate(1.0, chat_id=4000) <= PRIVATE_BURST
        assert tg.max_rate(3.0, chat_id=4000) <= PRIVATE_BURST + 2  # then one a second
        assert tg.max_rate(60.0, chat_id=group.id) <= 20
        assert bot_messages(tg, 4000) == 5
        # The group's 21st and 22nd wait for the minute to pass; they were not sent early.
        assert len(group.chat.messages) == 20


async def test_blocked_users_are_marked_and_skipped(
    tg: FakeTelegram, session_factory: Factory
) -> None:
    async with session_factory() as session:
        users = await make_users(session, 2000, 5)
    blocked = users[1].telegram_id
    tg.block(blocked)
    first = await enqueue(session_factory, [u.telegram_id for u in users])
    second = await enqueue(session_factory, [blocked, users[0].telegram_id])
    async with running(make_sender(tg, session_factory)):
        rep1 = await drained(session_factory, first)
        rep2 = await drained(session_factory, second)
    assert rep1.counts == {DeliveryState.SENT: 4, DeliveryState.BLOCKED: 1}
    assert rep2.counts == {DeliveryState.SENT: 1, DeliveryState.BLOCKED: 1}
    # Exactly one request was ever made to the blocked chat: 403 is never retried.
    assert len([c for c in tg.calls("sendMessage") if c.params.get("chat_id") == blocked]) == 1
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == blocked))
        assert user is not None
        assert user.is_active is False


async def test_400_fails_with_telegram_reason_and_5xx_waits_for_the_horizon(
    tg: FakeTelegram, session_factory: Factory
) -> None:
    """400 fails at once with Telegram's reason; 5xx and dropped connections are Telegram
    being away, retried without failing; one that never recovers fails only after the
    horizon, and says so."""
    tg.fail("sendMessage", chat_id=3001, error=400, description="Bad Request: chat not found")
    tg.fail("sendMessage", chat_id=3002, error=502, times=2)
    tg.fail("sendMessage", chat_id=3003, error="drop", times=1)
    tg.fail("sendMessage", chat_id=3004, error=500, times=None)  # never recovers
    mailing_id = await enqueue(session_factory, [3000, 3001, 3002, 3003, 3004])
    sender = make_sender(tg, session_factory, horizon=timedelta(seconds=10))
    async with running(sender):
        await tg.wait_for(lambda: all(bot_messages(tg, c) for c in (3000, 3002, 3003)), 20)
        async with session_factory() as session:
            still = await session.scalar(select(Delivery.state).where(Delivery.chat_id == 3004))
        assert still in (DeliveryState.PENDING, DeliveryState.CLAIMED)  # not failed early
        rep = await drained(session_factory, mailing_id, timeout=60)
    assert rep.counts == {DeliveryState.SENT: 3, DeliveryState.FAILED: 2}
    async with session_factory() as session:
        rows = dict((await session.execute(select(Delivery.chat_id, Delivery.last_error))).all())
    assert rows[3001] == "Bad Request: chat not found"
    assert rows[3004] is not None
    assert "Telegram unreachable for over" in rows[3004]
    assert rows[3000] is None
    for chat in (3000, 3002, 3003):
        assert bot_messages(tg, chat) == 1
    assert len([c for c in tg.calls("sendMessage") if c.params.get("chat_id") == 3004]) >= 3


async def test_stopping_a_mailing_stops_its_claimed_batch(
    tg: FakeTelegram, session_factory: Factory
) -> None:
    """The sender has claimed a whole batch and paces through it; "Остановить" must stop it
    within half a second, not after the batch."""
    chats = list(range(6000, 6020))
    mailing_id = await enqueue(session_factory, chats)
    sender = make_sender(tg, session_factory, rate=5)  # the batch of 20 takes ~4 s
    async with running(sender):
        await tg.wait_for(lambda: len(tg.calls("sendMessage", ok=True)) >= 3, timeout=10)
        async with session_factory() as session:
            await outbox.cancel_mailing(session, mailing_id)
            await session.commit()
        sent_at_stop = len(tg.calls("sendMessage", ok=True))
        await asyncio.sleep(1.5)
        sent_after = len(tg.calls("sendMessage", ok=True))
        rep = await drained(session_factory, mailing_id)
    # At 5/s and a check every 0.5 s, at most ~3 more went out after the stop.
    assert sent_after - sent_at_stop <= 4
    assert rep.counts[DeliveryState.CANCELLED] >= len(chats) - sent_after
    assert rep.counts.get(DeliveryState.SENT, 0) == sent_after
    assert rep.total == len(chats)


async def test_a_claim_that_outlives_its_lease_in_the_pace_is_not_sent_twice(
    tg: FakeTelegram, session_factory: Factory
) -> None:
    """A slow pace (4/s) and a short lease (0.5 s): most of a batch of 12 waits longer than
    its lease, and the next claim comes while the batch's last send is still on its way.
    Nobody gets the message twice, and nobody is left out."""
    tg.latency = 0.2
    chats = list(range(8800, 8812))
    sender = Sender(
        session_factory,
        BotTransport(tg.make_bot()),
        limiter=RateLimiter(SystemClock(), 4.0),
        batch_size=len(chats),
        idle_poll=0.05,
        lease=timedelta(seconds=0.5),
    )
    mailing_id = await enqueue(session_factory, chats)
    async with running(sender):
        rep = await drained(session_factory, mailing_id, timeout=30)
    assert rep.counts == {DeliveryState.SENT: len(chats)}
    assert {c: bot_messages(tg, c) for c in chats} == dict.fromkeys(chats, 1)
