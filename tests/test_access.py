"""Every staff command as a plain user and as a moderator where it is not allowed: the answer
is "unknown command" (no hint that it exists) and nothing is written. And the error handler:
a failing handler answers the person in Russian and logs the update id."""

from __future__ import annotations

import logging

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from models.audit import AuditEntry
from models.outbox import Mailing
from models.users import Role
from tests import updates
from tests.conftest import ADMIN_ID
from tests.factories import make_user
from tests.mocked_bot import MockedBot
from texts import t

PLAIN, MODERATOR = 62001, 62002
ADMIN_ONLY = ["/admin", "/mailing", "/mailings"]
STAFF = [
    "/events_admin",
    "/event_new",
    "/proposals_admin",
    "/proposal 135-2026-0001",
    "/law_upload",
    "/campaign_open",
    "/campaign_close",
]


@pytest.fixture
async def people(session: AsyncSession) -> None:
    await make_user(session, PLAIN)
    moderator = await make_user(session, MODERATOR, name="Мария Модератор")
    moderator.role = Role.MODERATOR
    await session.commit()


@pytest.mark.usefixtures("people")
async def test_staff_commands_are_unknown_without_rights(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    cases = [(PLAIN, c) for c in ADMIN_ONLY + STAFF] + [(MODERATOR, c) for c in ADMIN_ONLY]
    for user_id, command in cases:
        await dp.feed_update(bot, updates.message(user_id, command))
        assert bot.texts()[-1] == t("unknown-command"), (user_id, command)
        state = await dp.fsm.get_context(bot, user_id, user_id).get_state()
        assert state is None, (user_id, command, state)
    # The same commands do something for those who have the right.
    for user_id, command in [(MODERATOR, c) for c in STAFF] + [(ADMIN_ID, c) for c in ADMIN_ONLY]:
        await dp.feed_update(bot, updates.message(user_id, command))
        assert bot.texts()[-1] != t("unknown-command"), (user_id, command)
        await dp.feed_update(bot, updates.message(user_id, "/cancel"))
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Mailing)) == 0
        actors = set(await session.scalars(select(AuditEntry.actor_telegram_id)))
        assert PLAIN not in actors


async def test_a_failing_handler_gets_a_russian_apology(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    broken = Router(name="broken")

    async def boom(message: Message) -> None:
        raise RuntimeError("simulated failure")

    broken.message.register(boom, Command("boom"))
    dp.include_router(broken)
    # Routers are matched in order: put the broken one before the fallback.
    dp.sub_routers.insert(0, dp.sub_routers.pop())
    bot = MockedBot()
    update = updates.message(PLAIN, "/boom")
    with caplog.at_level(logging.ERROR):
        await dp.feed_update(bot, update)
    assert bot.texts()[-1] == t("internal-error")
    failed = [r for r in caplog.records if r.name == "handlers.errors"]
    assert len(failed) == 1
    assert f"update {update.update_id}" in failed[0].getMessage()
    assert failed[0].exc_info is not None
