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
from handlers.subscriptions.callbacks import SubAction, SubCb
from models import audiences, events, mailings, subscriptions
from models.audiences import Audience
from models.base import utcnow
from models.consent import current_consent, give_consent
from models.events import Rsvp, RsvpStatus
from models.topics import Topic
from models.users import Occupation, User
from tests import updates
from tests.factories import make_event, make_user, make_users
from tests.mocked_bot import MockedBot
from texts import t

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
    await dp.feed_update(bot, updates.message(USER_ID, t.plain("menu-subscriptions")))
    labels = last_markup_labels(bot)
    assert [f"{t.plain('subs-on')} {t.label(topic)}" for topic in Topic] == labels[:6]
    assert t.plain("subs-btn-reminders-on") in labels
    assert t.plain("subs-btn-announcements-on") in labels

    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.TOPIC, Topic.LAW.value)))
    assert last_answer(bot) == t.plain("subs-topic-off", topic=t.label(Topic.LAW))
    assert f"{t.plain('subs-off')} {t.label(Topic.LAW)}" in last_markup_labels(bot)
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.REMINDERS)))
    assert t.plain("subs-btn-reminders-off") in last_markup_labels(bot)

    # Municipalities of interest: paged, one's own cannot be toggled.
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITIES, page=1)))
    assert "страница 2 из 4" in bot.sent("editMessageText")[-1].text  # type: ignore[attr-defined]
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "12", 1)))
    assert last_answer(bot).startswith("Добавлено: ")
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "1", 0)))
    assert last_answer(bot) == t.plain("subs-own-municipality")
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.MUNICIPALITY, "999")))
    assert last_answer(bot) == t.plain("subs-unknown-municipality")
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.TOPIC, "bogus")))
    assert last_answer(bot) == t.plain("stale-button")

    async with session_factory() as fresh:
        assert await subscriptions.topics_of(fresh, user.id) == set(Topic) - {Topic.LAW}
        assert await subscriptions.extra_municipalities(fresh, user.id) == {12}
        stored = await fresh.get(User, user.id)
        assert stored is not None and stored.reminders_enabled is False
        # The change counts for the next mailing: by law topic he is out, by 12 he is in.
        law = await audiences.resolve(fresh, Audience(topics=frozenset({Topic.LAW})))
        assert user.id not in {r.user_id for r in law}
        local = await audiences.resolve(fresh, Audience(municipality_ids=frozenset({12})))
        assert user.id in {r.user_id for r in local}


async def test_stop_in_one_step_and_the_way_back(
    dp: Dispatcher, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    bot = MockedBot()
    user = await registered(session)
    await dp.feed_update(bot, updates.message(USER_ID, "/stop"))
    assert bot.texts()[-1] == t("subs-stopped")
    assert "/settings" in t("subs-stopped")
    await dp.feed_update(bot, updates.message(USER_ID, "/stop"))
    assert bot.texts()[-1] == t("subs-already-stopped")
    async with session_factory() as fresh:
        assert await audiences.count(fresh, Audience()) == 0
        # Event participants still hear about their event after /stop.
        event = await make_event(fresh)
        stored = await fresh.get(User, user.id)
        assert stored is not None
        await events.rsvp(fresh, event.id, stored, RsvpStatus.GOING, render=t)
        about_event = Audience(event_id=event.id, rsvp_statuses=frozenset({RsvpStatus.GOING}))
        assert await mailings.audience_count(fresh, about_event) == 1

    await dp.feed_update(bot, updates.message(USER_ID, "/settings"))
    assert "выключены" in bot.texts()[-1]
    assert t.plain("subs-btn-announcements-off") in last_markup_labels(bot)
    await dp.feed_update(bot, updates.callback(USER_ID, press(SubAction.ANNOUNCEMENTS)))
    assert last_answer(bot) == t.plain("subs-announcements-on")
    async with session_factory() as fresh:
        assert await audiences.count(fresh, Audience()) == 1


async def test_settings_need_a_profile(dp: Dispatcher) -> None:
    bot = MockedBot()
    await dp.feed_update(bot, updates.message(USER_ID + 1, "/settings"))
    assert bot.texts()[-1] == t("subs-need-profile")
    await dp.feed_update(bot, updates.callback(USER_ID + 1, press(SubAction.REMINDERS)))
    assert last_answer(bot) == t.plain("subs-need-profile")


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
        return {r.user_id for r in await audiences.resolve(session, audience)}

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


async def test_subscribers_are_the_announcement_audience(session: AsyncSession) -> None:
    """What events and consultations announce to: by topic and municipality, never past
    /stop, and counted the same way."""
    users = await make_users(session, 4100, 10)
    for i, user in enumerate(users):
        if i % 2 == 0:
            session.add(subscriptions.UserTopic(user_id=user.id, topic=Topic.LAW.value))
        if i % 3 == 0:
            session.add(subscriptions.UserMunicipality(user_id=user.id, municipality_id=20))
    users[0].announcements_enabled = False
    await session.commit()
    law = frozenset({Topic.LAW})
    in_20 = frozenset({20})
    found = {r.user_id for r in await subscriptions.subscribers(session, law, in_20)}
    assert found == {u.id for i, u in enumerate(users) if i % 6 == 0 and i != 0}
    assert await subscriptions.count_subscribers(session, law, in_20) == len(found)
    everyone = await subscriptions.subscribers(session)
    assert {r.user_id for r in everyone} == {u.id for u in users[1:]}
    assert all(r.chat_id == u.telegram_id for r, u in zip(everyone, users[1:], strict=True))


async def test_new_consent_gets_default_topics(session: AsyncSession) -> None:
    user = User(telegram_id=3999)
    session.add(user)
    await session.commit()
    await give_consent(session, user, current_consent().version)
    assert await subscriptions.topics_of(session, user.id) == set(Topic)
