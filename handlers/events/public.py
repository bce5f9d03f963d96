"""Events as participants see them: the list, the card, answers, "my events", the calendar
file, deep links (``/start event_<id>``, ``/start checkin_<id>_<token>``) and the answer
buttons that reminders carry.

Every button press is answered by ``CallbackAnswerMiddleware``; a handler only sets the
text of that answer through ``callback_answer``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import keyboards as kb
from handlers.events.callbacks import (
    CalendarCb,
    EventAnswerCb,
    EventListCb,
    EventOpenCb,
    MyEventsCb,
    RsvpCb,
)
from handlers.replies import alert
from handlers.widgets.pager import Page
from models.errors import DomainError
from models.events import answers, calendar, checkin, messages, queries
from models.events.entities import Event, EventState, RsvpStatus
from models.users import User
from texts import Safe, t

DEEP_LINK_KEY = "deep_link"
Wake = Callable[[], None]
SAVED_KEYS = {
    RsvpStatus.GOING: "rsvp-saved-going",
    RsvpStatus.MAYBE: "rsvp-saved-maybe",
    RsvpStatus.NOT_GOING: "rsvp-saved-not_going",
}
CHECKIN_KEYS = {
    checkin.CheckIn.DONE: "events-checkin-done",
    checkin.CheckIn.ALREADY: "events-checkin-already",
    checkin.CheckIn.WRONG_TOKEN: "events-checkin-wrong_token",
    checkin.CheckIn.NOT_TODAY: "events-checkin-not_today",
    checkin.CheckIn.CANCELLED: "events-checkin-cancelled",
    checkin.CheckIn.GONE: "events-checkin-gone",
}


async def personal_card(
    session: AsyncSession, event: Event, user: User | None, tz: ZoneInfo
) -> str:
    names = await queries.municipality_names(session, event.id)
    text = messages.card_text(event, t, tz, names)
    if user is None or event.state is not EventState.PUBLISHED:
        return text
    answer = await queries.answer_of(session, event.id, user.id)
    if answer is None:
        return text
    lines = [text, ""]
    if answer.status is RsvpStatus.WAITLIST:
        position = await answers.waitlist_position(session, event.id, user.id)
        lines.append(t("events-your-waitlist", position=position))
    else:
        lines.append(t("events-your-answer", answer=answer.status))
    if answer.checked_in_at is not None:
        lines.append(t("events-checked-in-mark"))
    return "\n".join(lines)


async def send_card(
    bot: Bot, chat_id: int, session: AsyncSession, event_id: int, user: User | None, tz: ZoneInfo
) -> bool:
    event = await queries.get(session, event_id)
    if event is None or event.state is EventState.DRAFT:
        await bot.send_message(chat_id, t("events-event-gone"))
        return False
    answer = await queries.answer_of(session, event.id, user.id) if user else None
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
        outcome, event = await checkin.check_in(session, int(event_id), token, user, tz=tz)
        text = t(
            CHECKIN_KEYS[outcome],
            title=event.title if event else "",
            date=t.day(event.starts_at) if event else "",
        )
        await bot.send_message(chat_id, text)
        if outcome in (checkin.CheckIn.DONE, checkin.CheckIn.ALREADY) and event is not None:
            await send_card(bot, chat_id, session, event.id, user, tz)
        return
    await bot.send_message(chat_id, t("events-bad-link"))


# --- list ---


async def _list_view(
    session: AsyncSession, user: User, number: int
) -> tuple[Safe, InlineKeyboardMarkup]:
    found = await queries.upcoming_for(session, user)
    page = Page.of(len(found), number, kb.PAGE_SIZE)
    if not found:
        return t("events-list-empty"), kb.event_list([], page)
    header = t("events-list-header", page=page.human, pages=page.count)
    return header, kb.event_list(page.slice(found), page)


async def show_list(message: Message, user: User, session: AsyncSession) -> None:
    text, markup = await _list_view(session, user, 0)
    await message.answer(text, reply_markup=markup)


async def list_page(
    callback: CallbackQuery, callback_data: EventListCb, user: User, session: AsyncSession
) -> None:
    text, markup = await _list_view(session, user, callback_data.page)
    if isinstance(callback.message, Message):
        await edit_or_send(callback.message, text, markup)


async def edit_or_send(message: Message, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit a text message of the bot in place; an announcement with a photo gets a fresh
    message instead, and an identical text (a press on the page number) stays as it is."""
    if message.text is None:
        await message.answer(text, reply_markup=markup)
        return
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_text(text, reply_markup=markup)


# --- the card and answers ---


async def open_event(
    callback: CallbackQuery,
    callback_data: EventOpenCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None or event.state is EventState.DRAFT:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    await send_card(bot, callback.from_user.id, session, event.id, user, tz)


async def _answer(
    callback_answer: CallbackAnswer,
    event_id: int,
    answer: str,
    user: User,
    session: AsyncSession,
    wake_sender: Wake | None,
) -> bool:
    """Record an answer; tells the person with the callback answer. True when saved."""
    if not user.is_registered:
        alert(callback_answer, t.plain("events-need-profile"))
        return False
    try:
        result = await answers.rsvp(session, event_id, user, RsvpStatus(answer), render=t)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return False
    if result.promoted_user_id is not None and wake_sender is not None:
        wake_sender()
    if result.status is RsvpStatus.WAITLIST:
        alert(callback_answer, t.plain("rsvp-waitlist", position=result.waitlist_position))
    else:
        callback_answer.text = t.plain(SAVED_KEYS[result.status])
    return True


async def card_answer(
    callback: CallbackQuery,
    callback_data: EventAnswerCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Wake | None = None,
) -> None:
    event_id = callback_data.id
    saved = await _answer(
        callback_answer, event_id, callback_data.answer.value, user, session, wake_sender
    )
    if not saved or not isinstance(callback.message, Message):
        return
    event = await queries.get(session, event_id)
    if event is None:
        return
    answer = await queries.answer_of(session, event.id, user.id)
    await edit_or_send(
        callback.message, await personal_card(session, event, user, tz), kb.card(event, answer)
    )


async def rsvp_pressed(
    callback: CallbackQuery,
    callback_data: RsvpCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    wake_sender: Wake | None = None,
) -> None:
    """The "going / cannot come" buttons of reminders."""
    await _answer(
        callback_answer,
        callback_data.event_id,
        callback_data.answer.value,
        user,
        session,
        wake_sender,
    )


# --- my events, calendar ---


async def _my_events(bot: Bot, chat_id: int, user: User, session: AsyncSession) -> None:
    items = await queries.answered_by(session, user.id)
    if not items:
        await bot.send_message(chat_id, t("events-my-events-empty"))
        return
    lines = [t("events-my-events-header")]
    for event, rsvp in items:
        key = (
            "events-my-events-line-cancelled"
            if event.state is EventState.CANCELLED
            else "events-my-events-line"
        )
        lines.append(t(key, when=event.starts_at, title=event.title, status=rsvp.status))
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=kb.my_events(items))


async def my_events_cb(
    callback: CallbackQuery, user: User, session: AsyncSession, bot: Bot
) -> None:
    await _my_events(bot, callback.from_user.id, user, session)


async def my_events_cmd(message: Message, user: User, session: AsyncSession, bot: Bot) -> None:
    await _my_events(bot, message.chat.id, user, session)


async def calendar_file(
    callback: CallbackQuery,
    callback_data: CalendarCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None or event.state is EventState.DRAFT:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(calendar.build_ics(event, tz), filename=calendar.filename(event)),
        caption=t("events-calendar-caption"),
    )


def create_router() -> Router:
    """The participants' events router, in matching order."""
    router = Router(name="events")
    router.message.register(show_list, Command("events"))
    router.message.register(show_list, F.text == t.plain("menu-events"))
    router.message.register(my_events_cmd, Command("my_events"))
    router.callback_query.register(list_page, EventListCb.filter())
    router.callback_query.register(open_event, EventOpenCb.filter())
    router.callback_query.register(card_answer, EventAnswerCb.filter())
    router.callback_query.register(rsvp_pressed, RsvpCb.filter())
    router.callback_query.register(my_events_cb, MyEventsCb.filter())
    router.callback_query.register(calendar_file, CalendarCb.filter())
    return router
