"""With REDIS_URL the FSM lives in Redis: a dialogue goes on in another dispatcher (a restart,
or another bot instance behind the same webhook)."""

from __future__ import annotations

import random

import pytest
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher, create_storage
from handlers.people.callbacks import ConsentAnswer, ConsentCb
from models.consent import current_consent
from tests import updates
from tests.mocked_bot import MockedBot
from texts import t

pytestmark = pytest.mark.redis


async def test_dialogue_survives_a_new_dispatcher(
    settings: Settings, redis_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    settings = settings.model_copy(update={"redis_url": redis_url})
    user_id = random.randint(10**9, 2 * 10**9)
    bot = MockedBot()
    first_storage = create_storage(settings)
    assert isinstance(first_storage, RedisStorage)
    first = create_dispatcher(settings, session_factory, storage=first_storage)
    version = current_consent().version
    await first.feed_update(bot, updates.message(user_id, "/start"))
    await first.feed_update(
        bot, updates.callback(user_id, ConsentCb(answer=ConsentAnswer.YES, version=version).pack())
    )
    assert bot.texts()[-1] == t("ask-name")
    await first_storage.close()

    second_storage = create_storage(settings)
    assert isinstance(second_storage, RedisStorage)
    second = create_dispatcher(settings, session_factory, storage=second_storage)
    try:
        await second.feed_update(bot, updates.message(user_id, "Ирина Петрова"))
        assert bot.texts()[-1] == t("ask-occupation")
    finally:
        await second_storage.redis.delete(*await second_storage.redis.keys(f"*{user_id}*"))
        await second_storage.close()
