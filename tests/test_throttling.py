"""Flood control: one person flooding gets one "слишком часто" and is ignored for a while;
another person's dialogue goes on undisturbed."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.people.callbacks import ConsentAnswer, ConsentCb, MunicipalityCb, OccupationCb
from models.consent import current_consent
from models.users import Occupation
from tests import updates
from tests.mocked_bot import MockedBot
from texts import t

FLOODER, CALM = 9001, 9002


async def test_flood_from_one_person_does_not_stop_another(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    settings = settings.model_copy(
        update={"throttle_rate": 5, "throttle_window": 1.0, "throttle_cooldown": 3.0}
    )
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    version = current_consent().version
    calm_steps = [
        updates.message(CALM, "/start"),
        updates.callback(CALM, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
        updates.message(CALM, "Ирина Петрова"),
        updates.callback(CALM, OccupationCb(value=Occupation.DEPUTY).pack()),
        updates.callback(CALM, MunicipalityCb(id=3).pack()),
    ]

    async def flood() -> None:
        for i in range(100):  # 100 updates within about a second
            await dp.feed_update(bot, updates.message(FLOODER, f"спам {i}"))
            await asyncio.sleep(0.01)

    async def calm() -> None:
        for step in calm_steps:
            await dp.feed_update(bot, step)
            await asyncio.sleep(0.2)

    await asyncio.gather(flood(), calm())

    to_flooder = [
        getattr(m, "text", None) for m in bot.sent() if getattr(m, "chat_id", None) == FLOODER
    ]
    to_calm = [getattr(m, "text", None) for m in bot.sent() if getattr(m, "chat_id", None) == CALM]
    # Five answered, then exactly one warning; the remaining flood is dropped silently
    # (the cooldown outlasts the flood).
    assert to_flooder.count(t("too-often")) == 1
    assert to_flooder.count(t("not-understood")) == 5
    assert len(to_flooder) == 6
    assert to_calm[-1] == t("registration-done", name="Ирина Петрова")
    assert t("too-often") not in to_calm


async def test_update_log_has_ids_and_handler_but_no_personal_data(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    version = current_consent().version
    with caplog.at_level(logging.INFO):  # the production default (LOG_LEVEL)
        await dp.feed_update(bot, updates.message(CALM, "/start"))
        await dp.feed_update(
            bot,
            updates.callback(CALM, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
        )
        await dp.feed_update(bot, updates.message(CALM, "Секретная Фамилия"))
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 3
    assert lines[0].startswith("update=")
    assert f"user={CALM}" in lines[0]
    assert "handler=handlers.common.start" in lines[0]
    assert "handler=handlers.people.registration.name_given" in lines[2]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "Секретная" not in everything
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() not in everything
