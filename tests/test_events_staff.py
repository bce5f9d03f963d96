"""Staff rules and domain operations of events: access by role, edits re-plan reminders,
check-in rules, typed values, the calendar's stable UID."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, SendDocument
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.events.callbacks import StaffAction, StaffEventCb
from models.base import utcnow
from models.consent import current_consent
from models.dates import parse_local
from models.errors import DomainError
from models.events import RsvpStatus, answers, calendar, changes, queries, rules
from models.events.changes import Change, EventField
from models.outbox import Delivery, DeliveryState, Mailing
from models.users import Role
from scheduler.reminders import plan_reminders, reminder_key
from tests import updates
from tests.conftest import ADMIN_ID
from tests.factories import make_event, make_users
from tests.mocked_bot import MockedBot
from texts import t

TZ = ZoneInfo("Asia/Novokuznetsk")


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


def _alerts(bot: MockedBot) -> list[str | None]:
    return [m.text for m in bot.sent("answerCallbackQuery") if isinstance(m, AnswerCallbackQuery)]


async def test_staff_commands_by_role(dp: Dispatcher, session: AsyncSession) -> None:
    plain, moderator = await make_users(session, 700, 2)
    for person in (plain, moderator):
        person.consent_version = current_consent().version
    moderator.role = Role.MODERATOR
    await session.commit()
    event = await make_event(session)
    bot = MockedBot()
    export = StaffEventCb(id=event.id, action=StaffAction.XLSX).pack()
    open_card = StaffEventCb(id=event.id, action=StaffAction.OPEN).pack()

    await dp.feed_update(bot, updates.message(plain.telegram_id, "/event_new"))
    assert bot.texts()[-1] == t("unknown-command")
    await dp.feed_update(bot, updates.callback(plain.telegram_id, open_card))
    assert _alerts(bot)[-1] == t.plain("stale-button")

    await dp.feed_update(bot, updates.message(moderator.telegram_id, "/event_new"))
    assert bot.texts()[-1] == t("events-ask-title", limit=rules.TITLE_MAX)
    # Moderators are the full event role: the attendee export included (issue 15).
    await dp.feed_update(bot, updates.callback(moderator.telegram_id, export))
    (doc,) = bot.sent("sendDocument")
    assert isinstance(doc, SendDocument) and doc.chat_id == moderator.telegram_id

    await dp.feed_update(bot, updates.callback(ADMIN_ID, export))
    assert len(bot.sent("sendDocument")) == 2

    # Demoted: the rights go at once.
    moderator.role = Role.USER
    await session.commit()
    await dp.feed_update(bot, updates.message(moderator.telegram_id, "/events_admin"))
    # The /event_new dialogue they had open pauses; the command itself is refused.
    assert t("unknown-command") in bot.texts()[-2:]


async def test_edit_replans_reminders_and_drops_unsent(session: AsyncSession) -> None:
    now = utcnow()
    going, maybe, no = await make_users(session, 800, 3)
    event = await make_event(session, starts_in=timedelta(hours=20), offsets=[24 * 60, 60])
    for person, answer in ((going, RsvpStatus.GOING), (maybe, RsvpStatus.MAYBE)):
        await answers.rsvp(session, event.id, person, answer, render=t)
    await answers.rsvp(session, event.id, no, RsvpStatus.NOT_GOING, render=t)
    assert (await plan_reminders(session, now, TZ)).planned == 1  # the 24 h one is due
    old = reminder_key(event.id, 24 * 60)

    outcome = await changes.apply(
        session,
        event.id,
        ADMIN_ID,
        Change(EventField.TIME, (now + timedelta(days=5), None)),
        seen_sequence=event.sequence,
        render=t,
        tz=TZ,
    )
    assert outcome.told == 3  # everyone who answered, «не пойду» too: they may come now
    states = (
        await session.scalars(select(Delivery.state).join(Mailing).where(Mailing.dedup_key == old))
    ).all()
    assert set(states) == {DeliveryState.CANCELLED}  # the old time's reminder is not sent
    assert (await plan_reminders(session, now, TZ)).planned == 0  # not due for the new time
    later = now + timedelta(days=4, hours=1)
    assert (await plan_reminders(session, later, TZ)).planned == 1
    assert await session.scalar(
        select(Mailing.id).where(Mailing.dedup_key == reminder_key(event.id, 24 * 60, 1))
    )
    past = Change(EventField.TIME, (now - timedelta(hours=1), None))
    with pytest.raises(DomainError) as err:
        await changes.apply(session, event.id, ADMIN_ID, past, seen_sequence=1, render=t, tz=TZ)
    assert err.value.code == "events-errors-past"
    same = Change(EventField.PLACE, event.place)
    with pytest.raises(DomainError) as err:
        await changes.apply(session, event.id, ADMIN_ID, same, seen_sequence=1, render=t, tz=TZ)
    assert err.value.code == "events-errors-unchanged"


def test_typed_values() -> None:
    assert rules.parse_offsets("24, 2") == (1440, 120)
    assert rules.parse_offsets("30м") == (30,)
    for bad in ("", "abc", "0", "24, x", "1,2,3,4,5,6"):
        with pytest.raises(DomainError):
            rules.parse_offsets(bad)
    parsed = parse_local(" 15.12.2026  10:00 ", TZ)
    assert parsed.isoformat() == "2026-12-15T03:00:00+00:00"
    assert parse_local("15.12.26 10:00", TZ) == parsed
    for bad in ("32.12.2026 10:00", "15.12.2026", "завтра"):
        with pytest.raises(DomainError) as err:
            parse_local(bad, TZ)
        assert err.value.code == "date-invalid"
    for bad in ("0", "-3", "два", "1000000"):
        with pytest.raises(DomainError):
            rules.parse_capacity(bad)


async def test_ics_uid_is_stable_and_sequence_grows(session: AsyncSession) -> None:
    event = await make_event(session)
    first = icalendar.Calendar.from_ical(calendar.build_ics(event, TZ))
    place = Change(EventField.PLACE, "Новокузнецк, ул. Кирова, 1")
    await changes.apply(session, event.id, ADMIN_ID, place, seen_sequence=0, render=t, tz=TZ)
    refreshed = await queries.get(session, event.id)
    assert refreshed is not None
    second = icalendar.Calendar.from_ical(calendar.build_ics(refreshed, TZ))
    (a,) = first.walk("VEVENT")
    (b,) = second.walk("VEVENT")
    assert a["UID"] == b["UID"] == f"event-{event.id}@kuzbass-council-bot"
    assert (int(str(a["SEQUENCE"])), int(str(b["SEQUENCE"]))) == (0, 1)
    assert str(b["LOCATION"]) == "Новокузнецк, ул. Кирова, 1"
