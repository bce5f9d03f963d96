"""Events as participants see them: the list, the card, answers, "my events", the calendar
file, deep links (``/start event_<id>``) and the answer
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
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import keyboards as kb
from handlers.events import questions as reg_questions
from handlers.events.callbacks import (
    CalendarCb,
    EventAnswerCb,
    EventListCb,
    EventOpenCb,
    MyEventsCb,
    RsvpAnswer,
    RsvpCb,
)
from handlers.replies import alert
from handlers.representatives import open_invite
from handlers.widgets.pager import Page
from models.errors import DomainError
from models.events import answers, calendar, files, messages, queries
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
        reply_markup=kb.card(event, answer, await files.count(session, event.id)),
    )
    return True


async def open_deep_link(
    bot: Bot, chat_id: int, payload: str, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    """``event_<id>`` shows the card (tickets and the desk QR are ``handlers.events.desk``'s,
    straight from /start). Called by /start once the person has consent and a profile."""
    kind, _, rest = payload.partition("_")
    if kind == "rep" and rest:  # an invitation to represent a municipality
        await open_invite(bot, chat_id, rest, user, session)
        return
    if kind == "event" and rest.isdigit():
        await send_card(bot, chat_id, session, int(rest), user, tz)
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
) -> answers.RsvpResult | None:
    """Record an answer; tells the person with the callback answer. The result when saved."""
    if not user.is_registered:
        alert(callback_answer, t.plain("events-need-profile"))
        return None
    try:
        result = await answers.rsvp(session, event_id, user, RsvpStatus(answer), render=t)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return None
    # A promotion is in the outbox; a late "going" may be owed the reminder already sent.
    if wake_sender is not None and (
        result.promoted_user_id is not None or result.status is not RsvpStatus.NOT_GOING
    ):
        wake_sender()
    if result.status is RsvpStatus.WAITLIST:
        alert(callback_answer, t.plain("rsvp-waitlist", position=result.waitlist_position))
    else:
        callback_answer.text = t.plain(SAVED_KEYS[result.status])
    return result


async def card_answer(
    callback: CallbackQuery,
    callback_data: EventAnswerCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Wake | None = None,
    state: FSMContext | None = None,
) -> None:
    event_id = callback_data.id
    saved = await _answer(
        callback_answer, event_id, callback_data.answer.value, user, session, wake_sender
    )
    if saved is None or not isinstance(callback.message, Message):
        return
    event = await queries.get(session, event_id)
    if event is None:
        return
    answer = await queries.answer_of(session, event.id, user.id)
    markup = kb.card(event, answer, await files.count(session, event.id))  # keeps «Материалы»
    await edit_or_send(callback.message, await personal_card(session, event, user, tz), markup)
    if state is not None:  # the event's registration questions, after «Пойду»
        await reg_questions.after_answer(
            callback.message, state, session, event.id, user, saved.status
        )


def reminder_keyboard(event_id: int, status: RsvpStatus) -> InlineKeyboardMarkup:
    """A reminder's buttons once the person answered: the chosen one is marked."""
    going = t.plain("events-reminder-going-btn")
    not_going = t.plain("events-reminder-not-going-btn")
    if status is RsvpStatus.WAITLIST:
        going = t.plain("reminder-waitlist-btn")
    elif status is RsvpStatus.GOING:
        going = t.plain("reminder-chosen-btn", label=going)
    elif status is RsvpStatus.NOT_GOING:
        not_going = t.plain("reminder-chosen-btn", label=not_going)
    builder = InlineKeyboardBuilder()
    builder.button(text=going, callback_data=RsvpCb(event_id=event_id, answer=RsvpAnswer.GOING))
    builder.button(
        text=not_going, callback_data=RsvpCb(event_id=event_id, answer=RsvpAnswer.NOT_GOING)
    )
    return builder.as_markup()


async def rsvp_pressed(
    callback: CallbackQuery,
    callback_data: RsvpCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    wake_sender: Wake | None = None,
) -> None:
    """The "going / cannot come" buttons of reminders; the reminder's keyboard then shows
    the answer given."""
    result = await _answer(
        callback_answer,
        callback_data.event_id,
        callback_data.answer.value,
        user,
        session,
        wake_sender,
    )
    if result is None or not isinstance(callback.message, Message):
        return
    markup = reminder_keyboard(callback_data.event_id, result.status)
    if markup != callback.message.reply_markup:
        with contextlib.suppress(TelegramBadRequest):
            await callback.message.edit_reply_markup(reply_markup=markup)


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
