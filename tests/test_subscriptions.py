"""Subscriptions, fast: /settings toggles with one tap, municipalities of interest, /stop and
the way back, and the audience each filter selects, on each database."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers import texts
from handlers.callbacks.subscriptions import SubAction, SubCb
from handlers.texts import subscriptions as t
from models import events, mailings, subscriptions
from models.base import utcnow
from models.consent import current_consent
from models.events import Rsvp, RsvpStatus
from models.subscriptions import Audience, Topic
from models.users import Occupation, User, give_consent
from tests import updates
from tests.factories import make_event, make_user, make_users
from tests.mocked_bot import MockedBot

USER_ID = 3000


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


async def registered(session: AsyncSession, telegram_id: int = USER_ID) -> User:
    user = await make_user(session, telegram_id, municipality_id=1)
    user.consent_version = current_consent().version
    await subscriptions.set_default_topics(session, user.id)
    await session.commit()
    return user


def press(action: SubAction, value: str = "", page: int = 0) -> str:
    return SubCb(action=action, value=value, page=page).pack()


def last_markup_labels(bot: MockedBot) -> list[str]:
    for method in reversed(bot.sent()):
        markup = getattr(method, "reply_markup", None)
        if isinstance(method, SendMessage | EditMessageText) and markup is not None:
            return [b.text for row in markup.inline_keyboard for b in row]
    return []


def last_answer(bot: MockedBot) -> str:
    answer = bot.sent("answerCallbackQuery")[-1]
    assert isinstance(answer, AnswerCallbackQuery)
    return answer.text or ""


async def test_settings_toggle_with_one_tap(
    dp: Dispatcher, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    bot = MockedBot()
    user = await registered(session)
    await dp.feed_update(bot, updates.message(USER_ID, texts.MENU_SUBSCRIPTIONS))
    labels = last_markup_labels(bot)
    assert [f"{t.ON} {label}" for label in t.TOPIC_LABELS.values()] == labels[:6]
    assert t.BTN_REMINDERS_ON in labels
    assert t.BTN_ANNOUNCEMENTS_ON in labels

    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.TOPIC, Topic.LAW.value)))
    assert last_answer(bot) == t.TOPIC_OFF.format(topic=t.TOPIC_LABELS[Topic.LAW])
    assert f"{t.OFF} {t.TOPIC_LABELS[Topic.LAW]}" in last_markup_labels(bot)
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.REMINDERS)))
    assert t.BTN_REMINDERS_OFF in last_markup_labels(bot)

    # Municipalities of interest: paged, one's own cannot be toggled.
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITIES, page=1)))
    assert "страница 2 из 4" in bot.sent("editMessageText")[-1].text  # type: ignore[attr-defined]
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "12", 1)))
    assert last_answer(bot).startswith("Добавлено: ")
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "1", 0)))
    assert last_answer(bot) == t.OWN_MUNICIPALITY
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "999")))
    assert last_answer(bot) == t.UNKNOWN_MUNICIPALITY
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.TOPIC, "bogus")))
    assert last_answer(bot) == texts.STALE_BUTTON

    async with session_factory() as fresh:
        assert await subscriptions.topics_of(fresh, user.id) == set(Topic) - {Topic.LAW}
        assert await subscriptions.extra_municipalities(fresh, user.id) == {12}
        stored = await fresh.get(User, user.id)
        assert stored is not None and stored.reminders_enabled is False
        # The change counts for the next mailing: by law topic he is out, by 12 he is in.
        law = await subscriptions.resolve(fresh, Audience(topics=frozenset({Topic.LAW})))
        assert user.id not in {r.user_id for r in law}
        local = await subscriptions.resolve(fresh, Audience(municipality_ids=frozenset({12})))
        assert user.id in {r.user_id for r in local}


async def test_stop_in_one_step_and_the_way_back(
    dp: Dispatcher, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    bot = MockedBot()
    user = await registered(session)
    await dp.feed_update(bot, updates.message(USER_ID, "/stop"))
    assert bot.texts()[-1] == t.STOPPED
    assert "/settings" in t.STOPPED
    await dp.feed_update(bot, updates.message(USER_ID, "/stop"))
    assert bot.texts()[-1] == t.ALREADY_STOPPED
    async with session_factory() as fresh:
        assert await subscriptions.count(fresh, Audience()) == 0
        # Event participants still hear about their event after /stop.
        event = await make_event(fresh)
        stored = await fresh.get(User, user.id)
        assert stored is not None
        await events.rsvp(fresh, event.id, stored, RsvpStatus.GOING)
        about_event = Audience(event_id=event.id, rsvp_statuses=frozenset({RsvpStatus.GOING}))
        assert await mailings.audience_count(fresh, about_event) == 1

    await dp.feed_update(bot, updates.message(USER_ID, "/settings"))
    assert "выключены" in bot.texts()[-1]
    assert t.BTN_ANNOUNCEMENTS_OFF in last_markup_labels(bot)
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.ANNOUNCEMENTS)))
    assert last_answer(bot) == t.ANNOUNCEMENTS_ON
    async with session_factory() as fresh:
        assert await subscriptions.count(fresh, Audience()) == 1


async def test_settings_need_a_profile(dp: Dispatcher) -> None:
    bot = MockedBot()
    await dp.feed_update(bot, updates.message(USER_ID + 1, "/settings"))
    assert bot.texts()[-1] == t.NEED_PROFILE
    await dp.feed_update(bot, updates.callback(USER_ID + 1, press(SubAction.REMINDERS)))
    assert last_answer(bot) == t.NEED_PROFILE


async def test_each_audience_filter_selects_exactly(session: AsyncSession) -> None:
    users = await make_users(session, 4000, 40)
    for i, user in enumerate(users):
        user.occupation = list(Occupation)[i % 4]
        if i % 3 == 0:
            session.add(subscriptions.UserTopic(user_id=user.id, topic=Topic.LAW.value))
        if i % 5 == 0:
            session.add(subscriptions.UserTopic(user_id=user.id, topic=Topic.TOS.value))
        if i % 7 == 0:
            session.add(subscriptions.UserMunicipality(user_id=user.id, municipality_id=20))
    users[1].announcements_enabled = False
    users[2].is_active = False
    await session.commit()
    event = await make_event(session)
    statuses = [RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.WAITLIST, RsvpStatus.NOT_GOING]
    for i, user in enumerate(users[:12]):
        session.add(
            Rsvp(
                event_id=event.id,
                user_id=user.id,
                status=statuses[i % 4],
                checked_in_at=utcnow() if i in (0, 4) else None,
            )
        )
    await session.commit()
    reachable = {u.id for i, u in enumerate(users) if i not in (1, 2)}

    async def ids(audience: Audience) -> set[int | None]:
        return {r.user_id for r in await subscriptions.resolve(session, audience)}

    assert await ids(Audience()) == reachable
    law = await ids(Audience(topics=frozenset({Topic.LAW})))
    assert law == {u.id for i, u in enumerate(users) if i % 3 == 0} & reachable
    law_or_tos = await ids(Audience(topics=frozenset({Topic.LAW, Topic.TOS})))
    assert law_or_tos == {u.id for i, u in enumerate(users) if i % 3 == 0 or i % 5 == 0} & (
        reachable
    )
    # Own municipality (1 + i % 34 == 20 → i == 19) or followed (i % 7 == 0).
    mun = await ids(Audience(municipality_ids=frozenset({20})))
    assert mun == {u.id for i, u in enumerate(users) if i == 19 or i % 7 == 0} & reachable
    deputies = await ids(Audience(occupations=frozenset({Occupation.DEPUTY})))
    assert deputies == {u.id for u in users if u.occupation is Occupation.DEPUTY} & reachable
    combined = await ids(
        Audience(topics=frozenset({Topic.LAW}), occupations=frozenset({Occupation.DEPUTY}))
    )
    assert combined == law & deputies
    going = await ids(
        mailings.normalise_audience(
            Audience(event_id=event.id, rsvp_statuses=frozenset({RsvpStatus.GOING}))
        )
    )
    assert going == {users[i].id for i in (0, 4, 8)}
    maybe_or_wait = await ids(
        mailings.normalise_audience(
            Audience(
                event_id=event.id,
                rsvp_statuses=frozenset({RsvpStatus.MAYBE, RsvpStatus.WAITLIST}),
            )
        )
    )
    # users[1] did /stop but answered the event; users[2] blocked the bot.
    assert maybe_or_wait == {users[i].id for i in (1, 5, 9, 6, 10)}
    checked = await ids(mailings.normalise_audience(Audience(event_id=event.id, checked_in=True)))
    assert checked == {users[0].id, users[4].id}


async def test_new_consent_gets_default_topics(session: AsyncSession) -> None:
    user = User(telegram_id=3999)
    session.add(user)
    await session.commit()
    await give_consent(session, user, current_consent().version)
    assert await subscriptions.topics_of(session, user.id) == set(Topic)
