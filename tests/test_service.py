"""The background service: a failure while taking the lead must not leave an instance holding
the lock without sending."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from models.outbox import Content, DeliveryState, MailingKind, Recipient
from sandbox.telegram import FakeTelegram
from scheduler import service as service_module
from scheduler.service import BackgroundService
from scheduler.transport import BotTransport
from tests.conftest import TOKEN


class StubLeadership:
    def __init__(self) -> None:
        self.held = False
        self.released = 0

    async def try_acquire(self) -> bool:
        self.held = True
        return True

    async def still_held(self) -> bool:
        return self.held

    async def release(self) -> None:
        self.held = False
        self.released += 1


async def test_failed_catch_up_planning_does_not_stop_sending(
    session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    async def broken_plan(*_: object) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(service_module, "plan_reminders", broken_plan)
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as tg:
        async with session_factory() as session:
            mailing = await outbox.enqueue(
                session,
                kind=MailingKind.NOTICE,
                title="t",
                content=Content(text="Привет"),
                recipients=[Recipient(c) for c in (1, 2, 3)],
            )
            await session.commit()
        leadership = StubLeadership()
        background = BackgroundService(
            session_factory,
            BotTransport(tg.make_bot()),
            leadership,
            tz=ZoneInfo("Asia/Novokuznetsk"),
            rate=30,
            leader_check=0.2,
        )
        await background.start()
        try:
            await tg.wait_for(lambda: len(tg.calls("sendMessage", ok=True)) == 3, timeout=10)
        finally:
            await background.stop()
        assert calls >= 1
        assert background.is_leader is False  # stepped down cleanly on stop
        assert leadership.released == 1
        async with session_factory() as session:
            report = await outbox.report(session, mailing.id)
        assert report.counts == {DeliveryState.SENT: 3}


async def test_failed_takeover_gives_the_lock_back(
    session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken_release(*_: object) -> int:
        raise RuntimeError("database away")

    monkeypatch.setattr(outbox, "release_orphans", broken_release)
    async with FakeTelegram(token=TOKEN) as tg:
        leadership = StubLeadership()
        background = BackgroundService(
            session_factory,
            BotTransport(tg.make_bot()),
            leadership,
            tz=ZoneInfo("Asia/Novokuznetsk"),
            leader_check=60,
        )
        await background.start()
        try:
            await asyncio.sleep(0)
            assert background.is_leader is False
            assert leadership.held is False  # another instance may take over
        finally:
            await background.stop()
