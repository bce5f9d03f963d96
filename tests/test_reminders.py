"""Reminders: planned from the database, idempotent, caught up after downtime, skipped when
too late, and their buttons work end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from handlers.events.callbacks import RsvpAnswer, RsvpCb
from models import outbox
from models.base import utcnow
from models.events import Rsvp, RsvpStatus, answers, messages
from models.outbox import Delivery, DeliveryState, Mailing, MailingKind
from models.users import User
from sandbox.telegram import FakeTelegram
from scheduler.reminders import plan_reminders, reminder_key
from tests.conftest import TOKEN
from tests.factories import make_event, make_users
from tests.harness import running_bot
from texts import t

TZ = ZoneInfo("Asia/Novokuznetsk")


async def _deliveries(session: AsyncSession, key: str) -> dict[int, DeliveryState]:
    rows = await session.execute(
        select(Delivery.chat_id, Delivery.state)
        .join(Mailing, Mailing.id == Delivery.mailing_id)
        .where(Mailing.dedup_key == key)
    )
    return {chat: DeliveryState(state) for chat, state in rows}


def test_reminder_buttons_match_the_callback_factory() -> None:
    (row,) = messages.reminder_buttons(5, t)
    assert row[0]["callback_data"] == RsvpCb(event_id=5, answer=RsvpAnswer.GOING).pack()
    assert row[1]["callback_data"] == RsvpCb(event_id=5, answer=RsvpAnswer.NOT_GOING).pack()


async def test_due_reminders_go_to_going_and_maybe_once(session: AsyncSession) -> None:
    now = utcnow()
    going, maybe, declined, quiet = await make_users(session, 100, 4)
    quiet.reminders_enabled = False
    event = await make_event(session, starts_in=timedelta(days=3), now=now)
    for person, answer in (
        (going, RsvpStatus.GOING),
        (maybe, RsvpStatus.MAYBE),
        (declined, RsvpStatus.NOT_GOING),
        (quiet, RsvpStatus.GOING),
    ):
        await answers.rsvp(session, event.id, person, answer, now=now, render=t)
    start = event.starts_at

    assert (await plan_reminders(session, start - timedelta(days=2), TZ)).planned == 0
    first = await plan_reminders(session, start - timedelta(hours=23), TZ)
    assert (first.planned, first.recipients) == (1, 2)
    again = await plan_reminders(session, start - timedelta(hours=22), TZ)
    assert again.planned == 0  # idempotent: that offset is done
    assert await _deliveries(session, reminder_key(event.id, 1440)) == {
        going.telegram_id: DeliveryState.PENDING,
        maybe.telegram_id: DeliveryState.PENDING,
    }
    second = await plan_reminders(session, start - timedelta(minutes=110), TZ)
    assert second.planned == 1
    mailing = await session.scalar(
        select(Mailing).where(Mailing.dedup_key == reminder_key(event.id, 120))
    )
    assert mailing is not None
    assert mailing.kind is MailingKind.REMINDER
    assert mailing.text is not None
    assert "через 2 часа" in mailing.text
    assert mailing.buttons == messages.reminder_buttons(event.id, t)


async def test_catch_up_after_downtime(session: AsyncSession) -> None:
    now = utcnow()
    (person,) = await make_users(session, 200, 1)
    soon = await make_event(session, starts_in=timedelta(days=2), now=now)
    started = await make_event(session, starts_in=timedelta(days=2, minutes=5), now=now)
    for event in (soon, started):
        await answers.rsvp(session, event.id, person, RsvpStatus.GOING, now=now, render=t)
    # The bot was down through both reminders of `soon`, and `started` has begun.
    later = soon.starts_at - timedelta(minutes=30)
    started.starts_at = later - timedelta(minutes=10)
    await session.commit()
    result = await plan_reminders(session, later, TZ)
    assert result.planned == 1
    chat = person.telegram_id
    assert await _deliveries(session, reminder_key(soon.id, 120)) == {chat: DeliveryState.PENDING}
    assert await _deliveries(session, reminder_key(soon.id, 1440)) == {chat: DeliveryState.SKIPPED}
    for offset in (1440, 120):
        assert await _deliveries(session, reminder_key(started.id, offset)) == {
            chat: DeliveryState.SKIPPED
        }
    skipped = await session.scalar(
        select(Delivery.last_error)
        .join(Mailing, Mailing.id == Delivery.mailing_id)
        .where(Mailing.dedup_key == reminder_key(started.id, 120))
    )
    assert skipped == "event already started when the reminder was due"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as fake:
        yield fake


@pytest.mark.slow
async def test_reminder_buttons_end_to_end(tg: FakeTelegram, settings: Settings) -> None:
    """A reminder arrives with buttons; "Не смогу" frees the seat, the first on the waitlist
    is promoted and told; the blocked person is marked inactive and comes back with /start."""
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            holder, waiting, gone = await make_users(session, 300, 3)
            event = await make_event(
                session, starts_in=timedelta(minutes=100), capacity=1, offsets=[120]
            )
            await answers.rsvp(session, event.id, holder, RsvpStatus.GOING, render=t)
            await answers.rsvp(session, event.id, waiting, RsvpStatus.GOING, render=t)
            await answers.rsvp(session, event.id, gone, RsvpStatus.MAYBE, render=t)
        for person in (holder, waiting, gone):
            tg.user(person.telegram_id)
        tg.block(gone.telegram_id)
        await app.background.plan()

        reminder = await tg.chat(holder.telegram_id).wait_for_text("Напоминание", timeout=10)
        going, not_going = (
            t.plain("events-reminder-going-btn"),
            t.plain("events-reminder-not-going-btn"),
        )
        assert reminder.buttons == [going, not_going]
        answer = await tg.user(holder.telegram_id).press(not_going)
        assert answer is not None
        assert answer.text == t.plain("rsvp-saved-not_going")
        promoted = await tg.chat(waiting.telegram_id).wait_for_text("Освободилось место")
        assert "Семинар для ТОС" in promoted.display_text
        # The reminder's keyboard now shows the answer given.
        assert reminder.buttons == [going, t.plain("reminder-chosen-btn", label=not_going)]
        # Promoted after the reminder went out: they get it too (once).
        late = await tg.chat(waiting.telegram_id).wait_for_text("Напоминание", timeout=10)
        assert late.buttons == [going, not_going]
        await tg.user(waiting.telegram_id).press(going)
        assert late.buttons == [t.plain("reminder-chosen-btn", label=going), not_going]
        await app.background.plan()
        reminders = [x for x in tg.chat(waiting.telegram_id).texts() if "Напоминание" in x]
        assert len(reminders) == 1

        async with app.session_factory() as session:
            statuses = dict((await session.execute(select(Rsvp.user_id, Rsvp.status))).all())
            assert statuses[holder.id] is RsvpStatus.NOT_GOING
            assert statuses[waiting.id] is RsvpStatus.GOING
            await tg.wait_for(lambda: bool(tg.calls("sendMessage", ok=False)), timeout=10)
            blocked = await session.scalar(select(User).where(User.id == gone.id))
            assert blocked is not None
            await session.refresh(blocked)
            assert blocked.is_active is False

        tg.unblock(gone.telegram_id)
        await tg.user(gone.telegram_id).send("/start")
        async with app.session_factory() as session:
            back = await session.scalar(select(User.is_active).where(User.id == gone.id))
            assert back is True
            report = await outbox.report(
                session,
                int(
                    await session.scalar(
                        select(Mailing.id).where(Mailing.dedup_key == reminder_key(event.id, 120))
                    )
                    or 0
                ),
            )
        assert report.counts == {DeliveryState.SENT: 2, DeliveryState.BLOCKED: 1}
        assert tg.unanswered_callbacks == []


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(minutes=1), "через 1 минуту"),
        (timedelta(minutes=3), "через 3 минуты"),
        (timedelta(minutes=45), "через 45 минут"),
        (timedelta(hours=1), "через 1 час"),
        (timedelta(hours=3), "через 3 часа"),
        (timedelta(hours=5), "через 5 часов"),
        (timedelta(hours=24), "завтра"),
        (timedelta(days=2), "через 2 дня"),
        (timedelta(days=5), "через 5 дней"),
        (timedelta(days=21), "через 21 день"),
    ],
)
def test_time_left_reads_right(left: timedelta, words: str) -> None:
    now = utcnow()
    assert messages.time_left(now + left, now, t) == words
