"""/my_data and /delete_me through the real dispatcher, on each database."""

from __future__ import annotations

import json

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import SendDocument
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.callbacks.privacy import DeleteAnswer, DeleteMeCb
from handlers.texts import privacy as t
from models import amendments_export, events, outbox, proposals
from models.events import RsvpStatus
from models.outbox import Content, Delivery, DeliveryState, MailingKind, Recipient
from models.proposals import (
    ANONYMISED,
    AmendmentKind,
    PlaceKind,
    Proposal,
    QueueFilter,
)
from models.subscriptions import UserTopic
from models.users import ConsentLog, User
from tests import updates
from tests.factories import make_event
from tests.mocked_bot import MockedBot
from tests.test_handlers_fast import USER_ID, register


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


async def _user(session: AsyncSession, telegram_id: int) -> User | None:
    return await session.scalar(
        select(User)
        .where(User.telegram_id == telegram_id)
        .execution_options(populate_existing=True)
    )


async def test_my_data_and_delete_me(dp: Dispatcher, session: AsyncSession) -> None:
    bot = MockedBot()
    await dp.feed_update(bot, updates.message(USER_ID, "/my_data"))
    assert bot.texts()[-1] == t.MY_DATA_NOTHING

    await register(dp, bot)
    user = await _user(session, USER_ID)
    assert user is not None
    event = await make_event(session)
    await events.rsvp(session, event.id, user, RsvpStatus.GOING)
    await outbox.enqueue(
        session,
        kind=MailingKind.MAILING,
        title="later",
        content=Content(text="Новости"),
        recipients=[Recipient(USER_ID, user.id)],
    )
    await session.commit()

    await proposals.set_place(session, user.id, PlaceKind.WHOLE_LAW)
    await proposals.set_kind(session, user.id, AmendmentKind.NEW_WORDING)
    await proposals.set_proposed(session, user.id, "Новая редакция закона")
    await proposals.set_justification(session, user.id, "Так лучше для ТОС")
    await proposals.set_attachment(session, user.id, None, None)
    submitted = await proposals.submit(session, user)

    await dp.feed_update(bot, updates.message(USER_ID, "/my_data"))
    sent = bot.sent("sendDocument")[-1]
    assert isinstance(sent, SendDocument)
    data = json.loads(sent.document.data)  # type: ignore[union-attr]
    assert data["profile"]["name"] == "Ирина Петрова"
    assert data["profile"]["municipality"] == "Кемеровский городской округ"
    assert data["consent"]["history"][0]["action"] == "given"
    assert "events" in data["subscriptions"]["topics"]
    assert data["event_answers"][0]["answer"] == "going"
    assert data["proposals"][0]["number"] == submitted.number
    assert data["proposals"][0]["proposed_wording"] == "Новая редакция закона"
    rows = await amendments_export.rows(session, QueueFilter())
    assert rows[0].author.startswith("Ирина Петрова")

    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    assert bot.texts()[-1] == t.DELETE_ASK
    await dp.feed_update(
        bot, updates.callback(USER_ID, DeleteMeCb(answer=DeleteAnswer.KEEP).pack())
    )
    assert bot.texts()[-1] == t.DELETE_KEPT
    assert (await _user(session, USER_ID)) is not None

    await dp.feed_update(
        bot, updates.callback(USER_ID, DeleteMeCb(answer=DeleteAnswer.CONFIRM).pack())
    )
    assert bot.texts()[-1] == t.DELETE_DONE
    assert await _user(session, USER_ID) is None  # unlinked from the Telegram account
    forgotten = await session.get(User, user.id, populate_existing=True)
    assert forgotten is not None
    assert (forgotten.full_name, forgotten.municipality_id, forgotten.consent_version) == (
        None,
        None,
        None,
    )
    actions = (
        await session.scalars(
            select(ConsentLog.action).where(ConsentLog.user_id == user.id).order_by(ConsentLog.id)
        )
    ).all()
    assert actions == ["given", "withdrawn"]
    assert await session.scalar(select(func.count()).select_from(UserTopic)) == 0
    assert await events.counts(session, event.id) == {}
    state = await session.scalar(
        select(Delivery.state).where(
            Delivery.user_id == user.id, Delivery.state == DeliveryState.CANCELLED
        )
    )
    assert state == DeliveryState.CANCELLED
    # The proposal stays in the amendments table, without its author.
    rows = await amendments_export.rows(session, QueueFilter())
    assert [(r.number, r.author) for r in rows] == [(submitted.number, ANONYMISED)]
    kept = await session.get(Proposal, submitted.id, populate_existing=True)
    assert kept is not None
    assert kept.author_telegram_id is None
    assert kept.justification == "Так лучше для ТОС"

    # Coming back is starting afresh: a new row, consent asked again.
    await dp.feed_update(bot, updates.message(USER_ID, "/start"))
    again = await _user(session, USER_ID)
    assert again is not None
    assert again.id != user.id
    assert again.consent_version is None
