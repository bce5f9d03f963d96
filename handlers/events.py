"""Events as participants see them: the list, the card, answers, "my events", the calendar
file, deep links (``/start event_<id>``, ``/start checkin_<id>_<token>``) and the answer
buttons that reminders carry."""

from __future__ import annotations

import contextlib
import math
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import texts
from handlers.callbacks import RsvpCb
from handlers.callbacks.events import (
    CalendarCb,
    EventAnswerCb,
    EventListCb,
    EventOpenCb,
    MyEventsCb,
)
from handlers.keyboards import events as kb
from handlers.texts import events as t
from models import calendar, events
from models.events import CheckIn, Event, EventState, RsvpRefused, RsvpStatus
from models.users import User

DEEP_LINK_KEY = "deep_link"


async def personal_card(
    session: AsyncSession, event: Event, user: User | None, tz: ZoneInfo
) -> str:
    names = await events.municipality_names(session, event.id)
    text = events.card_text(event, tz, names)
    if user is None or event.state is not EventState.PUBLISHED:
        return text
    answer = await events.answer_of(session, event.id, user.id)
    if answer is None:
        return text
    lines = [text, ""]
    if answer.status is RsvpStatus.WAITLIST:
        position = await events.waitlist_position(session, event.id, user.id)
        lines.append(t.YOUR_WAITLIST.format(position=position))
    else:
        lines.append(t.YOUR_ANSWER.format(answer=t.STATUS_LABELS[answer.status]))
    if answer.checked_in_at is not None:
        lines.append(t.CHECKED_IN_MARK)
    return "\n".join(lines)


async def send_card(
    bot: Bot, chat_id: int, session: AsyncSession, event_id: int, user: User | None, tz: ZoneInfo
) -> bool:
    event = await events.get(session, event_id)
    if event is None or event.state is EventState.DRAFT:
        await bot.send_message(chat_id, t.EVENT_GONE)
        return False
    answer = await events.answer_of(session, event.id, user.id) if user else None
    await bot.send_message(
        chat_id,
        await personal_card(session, event, user, tz),
        reply_markup=kb.card(event, answer),
    )
    return True


async def open_deep_link(
    bot: Bot, chat_id: int, payload: str, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    """``event_<id>`` shows the card; ``checkin_<id>_<token>`` marks attendance. Called by
    /start once the person has consent and a complete profile."""
    kind, _, rest = payload.partition("_")
    if kind == "event" and rest.isdigit():
        await send_card(bot, chat_id, session, int(rest), user, tz)
        return
    event_id, _, token = rest.partition("_")
    if kind == "checkin" and event_id.isdigit() and token:
        outcome, event = await events.check_in(session, int(event_id), token, user, tz=tz)
        title = t.quote(event.title) if event else ""
        date = f"{event.starts_at.astimezone(tz):%d.%m.%Y}" if event else ""
        await bot.send_message(chat_id, t.CHECKIN[outcome.value].format(title=title, date=date))
        if outcome in (CheckIn.DONE, CheckIn.ALREADY) and event is not None:
            await send_card(bot, chat_id, session, event.id, user, tz)
        return
    await bot.send_message(chat_id, t.BAD_LINK)


# --- list ---


async def _list_view(
    session: AsyncSession, user: User, page: int, tz: ZoneInfo
) -> tuple[str, object]:
    found = await events.upcoming_for(session, user)
    if not found:
        return t.LIST_EMPTY, kb.event_list([], 0, 1, tz)
    pages = max(1, math.ceil(len(found) / kb.PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    items = found[page * kb.PAGE_SIZE : (page + 1) * kb.PAGE_SIZE]
    return t.LIST_HEADER.format(page=page + 1, pages=pages), kb.event_list(items, page, pages, tz)


async def show_list(message: Message, user: User, session: AsyncSession, tz: ZoneInfo) -> None:
    text, markup = await _list_view(session, user, 0, tz)
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def list_page(
    callback: CallbackQuery,
    callback_data: EventListCb,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    await callback.answer()
    text, markup = await _list_view(session, user, callback_data.page, tz)
    if isinstance(callback.message, Message):
        await _edit_or_send(callback.message, text, markup)


async def _edit_or_send(message: Message, text: str, markup: object) -> None:
    """Edit a text message of the bot in place; an announcement with a photo or an
    identical text gets a fresh message instead."""
    if message.text is None:
        await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]
        return
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


# --- the card and answers ---


async def open_event(
    callback: CallbackQuery,
    callback_data: EventOpenCb,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
) -> None:
    event = await events.get(session, callback_data.id)
    if event is None or event.state is EventState.DRAFT:
        await callback.answer(t.EVENT_GONE, show_alert=True)
        return
    await callback.answer()
    await send_card(bot, callback.from_user.id, session, event.id, user, tz)


async def _answer(
    callback: CallbackQuery,
    event_id: int,
    answer: str,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: object,
) -> bool:
    """Record an answer; tells the person with the callback answer. True when saved."""
    if not user.is_registered:
        await callback.answer(t.NEED_PROFILE, show_alert=True)
        return False
    try:
        result = await events.rsvp(session, event_id, user, RsvpStatus(answer), tz=tz)
    except RsvpRefused as exc:
        await callback.answer(texts.RSVP_REFUSED[exc.code], show_alert=True)
        return False
    if result.promoted_user_id is not None and callable(wake_sender):
        wake_sender()
    if result.status is RsvpStatus.WAITLIST:
        await callback.answer(
            texts.RSVP_WAITLIST.format(position=result.waitlist_position), show_alert=True
        )
    else:
        await callback.answer(texts.RSVP_SAVED[result.status.value])
    return True


async def card_answer(
    callback: CallbackQuery,
    callback_data: EventAnswerCb,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: object = None,
) -> None:
    saved = await _answer(
        callback, callback_data.id, callback_data.answer.value, user, session, tz, wake_sender
    )
    if not saved or not isinstance(callback.message, Message):
        return
    event = await events.get(session, callback_data.id)
    if event is None:
        return
    answer = await events.answer_of(session, event.id, user.id)
    await _edit_or_send(
        callback.message, await personal_card(session, event, user, tz), kb.card(event, answer)
    )


async def rsvp_pressed(
    callback: CallbackQuery,
    callback_data: RsvpCb,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: object = None,
) -> None:
    """The "Буду / Не смогу" buttons of reminders."""
    await _answer(
        callback,
        callback_data.event_id,
        callback_data.answer.value,
        user,
        session,
        tz,
        wake_sender,
    )


# --- my events, calendar ---


async def _my_events(
    bot: Bot, chat_id: int, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    items = await events.answered_by(session, user.id)
    if not items:
        await bot.send_message(chat_id, t.MY_EVENTS_EMPTY)
        return
    lines = [t.MY_EVENTS_HEADER]
    for event, rsvp in items:
        state = " (отменено)" if event.state is EventState.CANCELLED else ""
        lines.append(
            f"• {event.starts_at.astimezone(tz):%d.%m.%Y %H:%M} — {t.quote(event.title)}{state}: "
            f"{t.STATUS_LABELS[rsvp.status]}"
        )
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=kb.my_events(items, tz))


async def my_events_cb(
    callback: CallbackQuery, user: User, session: AsyncSession, tz: ZoneInfo, bot: Bot
) -> None:
    await callback.answer()
    await _my_events(bot, callback.from_user.id, user, session, tz)


async def my_events_cmd(
    message: Message, user: User, session: AsyncSession, tz: ZoneInfo, bot: Bot
) -> None:
    await _my_events(bot, message.chat.id, user, session, tz)


async def calendar_file(
    callback: CallbackQuery,
    callback_data: CalendarCb,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
) -> None:
    event = await events.get(session, callback_data.id)
    if event is None or event.state is EventState.DRAFT:
        await callback.answer(t.EVENT_GONE, show_alert=True)
        return
    await callback.answer()
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(calendar.build_ics(event, tz), filename=calendar.filename(event)),
        caption=t.CALENDAR_CAPTION,
    )


def create_router() -> Router:
    """The events router with its handlers, in matching order."""
    router = Router(name="events")
    router.message.register(show_list, Command("events"))
    router.message.register(show_list, F.text == texts.MENU_EVENTS)
    router.message.register(my_events_cmd, Command("my_events"))
    router.callback_query.register(list_page, EventListCb.filter())
    router.callback_query.register(open_event, EventOpenCb.filter())
    router.callback_query.register(card_answer, EventAnswerCb.filter())
    router.callback_query.register(rsvp_pressed, RsvpCb.filter())
    router.callback_query.register(my_events_cb, MyEventsCb.filter())
    router.callback_query.register(calendar_file, CalendarCb.filter())
    return router
