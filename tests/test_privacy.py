"""/my_data and /delete_me through the real dispatcher, on each database."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import SendDocument
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.privacy import DeleteAnswer, DeleteMeCb
from models import events, outbox, proposals
from models.consent import ConsentLog
from models.events import RsvpStatus
from models.outbox import Content, Delivery, DeliveryState, MailingKind, Recipient
from models.proposals import (
    AmendmentKind,
    PlaceKind,
    Proposal,
    QueueFilter,
)
from models.proposals.export import rows as amendment_rows
from models.subscriptions import UserTopic
from models.users import User
from tests import updates
from tests.factories import make_event
from tests.mocked_bot import MockedBot
from tests.test_handlers_fast import USER_ID, register
from texts import t


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


async def _user(session: AsyncSession, telegram_id: int) -> User | None:
    return await session.scalar(
        select(User)
        .where(User.telegram_id == telegram_id)
        .execution_options(populate_existing=True)
    )


@dataclass
class Person:
    """A registered person with something in every table /my_data covers."""

    user: User
    event_id: int
    proposal: Proposal


@pytest.fixture
async def person(dp: Dispatcher, bot: MockedBot, session: AsyncSession) -> Person:
    await register(dp, bot)
    user = await _user(session, USER_ID)
    assert user is not None
    event = await make_event(session)
    await events.rsvp(session, event.id, user, RsvpStatus.GOING, render=t)
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
    return Person(user, event.id, submitted)


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


async def _press(dp: Dispatcher, bot: MockedBot, answer: DeleteAnswer) -> None:
    await dp.feed_update(bot, updates.callback(USER_ID, DeleteMeCb(answer=answer).pack()))


async def test_without_consent_nothing_is_exported_or_deleted(
    dp: Dispatcher, bot: MockedBot
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/my_data"))
    assert bot.texts()[-1] == t("privacy-my-data-nothing")
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    assert bot.texts()[-1] == t("privacy-delete-nothing")


async def test_my_data_exports_everything_stored(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, person: Person
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/my_data"))
    sent = bot.sent("sendDocument")[-1]
    assert isinstance(sent, SendDocument)
    assert sent.caption == t("privacy-my-data-caption")
    data = json.loads(sent.document.data)  # type: ignore[union-attr]
    assert data["profile"]["name"] == "Ирина Петрова"
    assert data["profile"]["municipality"] == "Кемеровский городской округ"
    assert data["consent"]["history"][0]["action"] == "given"
    assert "events" in data["subscriptions"]["topics"]
    assert data["event_answers"][0]["answer"] == "going"
    exported = data["proposals"][0]
    assert exported["number"] == person.proposal.number
    assert exported["proposed_wording"] == "Новая редакция закона"
    assert exported["status"] == t.label(person.proposal.status)
    rows = await amendment_rows(session, QueueFilter())
    assert rows[0].author == "Ирина Петрова"


async def test_delete_me_asks_and_keep_keeps(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, person: Person
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    assert bot.texts()[-1] == t("privacy-delete-ask")
    await _press(dp, bot, DeleteAnswer.KEEP)
    assert bot.texts()[-1] == t("privacy-delete-kept")
    kept = await _user(session, USER_ID)
    assert kept is not None
    assert kept.full_name == "Ирина Петрова"


async def test_delete_me_forgets_the_person(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, person: Person
) -> None:
    user = person.user
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    await _press(dp, bot, DeleteAnswer.CONFIRM)
    assert bot.texts()[-1] == t("privacy-delete-done")
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
    assert await events.counts(session, person.event_id) == {}
    state = await session.scalar(
        select(Delivery.state).where(
            Delivery.user_id == user.id, Delivery.state == DeliveryState.CANCELLED
        )
    )
    assert state == DeliveryState.CANCELLED


async def test_deleted_persons_proposal_stays_without_author(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, person: Person
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    await _press(dp, bot, DeleteAnswer.CONFIRM)
    session.expire_all()  # the dispatcher changed the rows in its own session
    rows = await amendment_rows(session, QueueFilter())
    assert [(r.number, r.author_cell(t)) for r in rows] == [
        (person.proposal.number, t.plain("proposals-anonymised"))
    ]
    kept = await session.get(Proposal, person.proposal.id, populate_existing=True)
    assert kept is not None
    assert kept.author_telegram_id is None
    assert kept.justification == "Так лучше для ТОС"


async def test_coming_back_after_delete_is_a_new_person(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, person: Person
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    await _press(dp, bot, DeleteAnswer.CONFIRM)
    await dp.feed_update(bot, updates.message(USER_ID, "/start"))
    again = await _user(session, USER_ID)
    assert again is not None
    assert again.id != person.user.id
    assert again.consent_version is None
