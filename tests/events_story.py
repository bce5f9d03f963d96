"""Helpers for the events change stories: subscribers, a draft published by the admin
through the staff card, the staff card's field editor driven as a person does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.events.callbacks import EditFieldCb
from models.base import utcnow
from models.consent import current_consent
from models.events import Event, EventState
from models.events.changes import EventField
from models.outbox import Delivery, Mailing
from models.subscriptions import UserTopic
from models.users import User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.records import ChatMessage
from tests.conftest import ADMIN_ID
from tests.factories import make_event, make_users
from texts import t

TZ = ZoneInfo("Asia/Novokuznetsk")
CHANNEL = -1001234567
BOT = "kuzbass_council_bot"
GOING = t.plain("events-answer-labels-going")
NOT_GOING = t.plain("events-answer-labels-not_going")


def local(delta: timedelta) -> str:
    return (utcnow() + delta).astimezone(TZ).strftime("%d.%m.%Y %H:%M")


async def subscribers(
    session_factory: async_sessionmaker[AsyncSession], first_id: int, n: int
) -> list[User]:
    async with session_factory() as session:
        people = await make_users(session, first_id, n)
        version = current_consent().version
        for person in people:
            person.consent_version = version
            session.add(UserTopic(user_id=person.id, topic="events"))
        await session.commit()
        return people


async def draft(
    session_factory: async_sessionmaker[AsyncSession], title: str, **kwargs: object
) -> Event:
    async with session_factory() as session:
        event = await make_event(session, title=title, **kwargs)  # type: ignore[arg-type]
        event.state = EventState.DRAFT
        event.ends_at = event.starts_at + timedelta(hours=2)
        await session.commit()
        return event


async def reply_after(
    tg: FakeTelegram, chat_id: int, before: int, match: Callable[[ChatMessage], bool]
) -> ChatMessage:
    """The first bot message in the chat after its ``before``-th that matches."""
    chat = tg.chat(chat_id)

    def found() -> ChatMessage | None:
        return next((m for m in chat.history[before:] if m.from_bot and match(m)), None)

    return await tg.wait_for(found, timeout=30, what=f"a reply in chat {chat_id}")


async def open_card(tg: FakeTelegram, title: str) -> None:
    """/events_admin, then the event's button; waits for each answer (production mode
    handles updates as tasks)."""
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    before = len(chat.history)
    await admin.send("/events_admin")
    listing = await reply_after(tg, ADMIN_ID, before, lambda m: any(title in b for b in m.buttons))
    before = len(chat.history)
    await admin.press(
        next(b for b in listing.buttons if title in b), message_id=listing.message_id
    )
    await reply_after(tg, ADMIN_ID, before, lambda m: m.display_text.startswith("#"))


async def publish(tg: FakeTelegram, title: str) -> None:
    await open_card(tg, title)
    await tg.user(ADMIN_ID).press(t.plain("events-staff-publish-btn"))
    await tg.wait_for(lambda: "Опубликовано" in tg.chat(ADMIN_ID).last_text())


async def choose_field(tg: FakeTelegram, event_id: int, field: EventField) -> None:
    """The field's button of the «✏️ Изменить» menu (pressed straight: the menu itself is
    walked through once in each story)."""
    await tg.user(ADMIN_ID).press_raw(EditFieldCb(id=event_id, field=field).pack())


async def mailings_like(
    session_factory: async_sessionmaker[AsyncSession], pattern: str
) -> dict[str, int]:
    """Mailings whose dedup key matches ``pattern`` → how many deliveries each has."""
    async with session_factory() as session:
        rows = await session.execute(
            select(Mailing.dedup_key, func.count(Delivery.id))
            .join(Delivery, Delivery.mailing_id == Mailing.id)
            .where(Mailing.dedup_key.like(pattern))
            .group_by(Mailing.dedup_key)
        )
        return {str(key): int(n) for key, n in rows}


def message(tg: FakeTelegram, chat_id: int, message_id: int) -> ChatMessage:
    """A message of the chat as it is now (after edits)."""
    found = tg.chat(chat_id).message(message_id)
    assert found is not None, f"no message {message_id} in chat {chat_id}"
    return found
