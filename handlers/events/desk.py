"""The registration desk: a person's own ticket (a QR code of a staff deep link) and what
happens when someone opens it.

- «Мой билет» on the card of someone going: the QR code of ``t.me/<bot>?start=tk_<token>``
  and the code in text (``/checkin <code>`` for a desk without a camera).
- A staff member opening ``tk_<token>`` (the phone camera on the QR code) checks its owner
  in, once: «уже отмечен в 10:02» on a second scan. Anyone else is refused and nothing is
  checked in, so a photo of a ticket posted in a group chat is worthless.
- The event's old static QR (``checkin_<id>_<token>``) checks nobody in any more: staff get
  the participant list of the desk, a participant is told to show their own ticket.

Ticket and static links are handled by ``open_link`` straight from /start, before consent
and profile (nothing is stored about whoever opens them)."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

import segno
from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import staff_people
from handlers.events.desk_buttons import PeopleCb, TicketCb, ticket_button
from handlers.events.staff_people import outcome_text
from handlers.filters import RoleFilter
from handlers.replies import alert
from models.errors import DomainError
from models.events import checkin, messages, queries, tickets
from models.events.checkin import CheckIn, Outcome
from models.users import Role, User
from texts import t

STATIC_PREFIX = "checkin_"


def handles(payload: str) -> bool:
    """Is this /start payload a ticket or the static desk QR?"""
    return payload.startswith((tickets.PREFIX, STATIC_PREFIX))


def qr_png(link: str) -> bytes:
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=10, border=4)
    return png.getvalue()


async def my_ticket(
    callback: CallbackQuery,
    callback_data: TicketCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    try:
        issued = await tickets.issue(session, callback_data.event_id, user.id)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    me = await bot.me()
    link = messages.start_link(me.username or "", issued.payload)
    await bot.send_photo(
        callback.from_user.id,
        BufferedInputFile(qr_png(link), filename=f"ticket-{issued.event.id}.png"),
        caption=t(
            "events-desk-ticket-caption",
            title=issued.event.title,
            when=issued.event.starts_at,
            name=user.full_name or "",
            code=issued.token,
        ),
    )


def _to_list(event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("events-desk-people-btn"), callback_data=PeopleCb(event_id=event_id))
    return kb.as_markup()


async def scan(
    message: Message,
    token: str | None,
    user: User,
    role: Role,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    """A ticket opened (or its code typed) by ``user``."""
    assert message.from_user is not None
    if token is None:
        outcome = Outcome(CheckIn.NOT_STAFF if role is Role.USER else CheckIn.UNKNOWN)
    else:
        outcome = await checkin.by_ticket(session, token, message.from_user.id, role, tz=tz)
    markup = _to_list(outcome.event.id) if outcome.event and role is not Role.USER else None
    await message.answer(outcome_text(outcome), reply_markup=markup)


async def open_link(
    message: Message, payload: str, user: User, role: Role, session: AsyncSession, tz: ZoneInfo
) -> None:
    """``tk_<token>`` or ``checkin_<id>_<token>`` from /start."""
    if payload.startswith(tickets.PREFIX):
        await scan(message, tickets.token_of(payload), user, role, session, tz)
        return
    event_id, _, token = payload[len(STATIC_PREFIX) :].partition("_")
    known = event_id.isdigit() and len(event_id) <= 9  # an Int32 id, never an overflow
    event = await queries.get(session, int(event_id)) if known else None
    if event is None or not checkin.static_token_matches(event, token):
        await message.answer(t("events-desk-static-bad"))
        return
    if role is Role.USER:
        answer = await queries.answer_of(session, event.id, user.id)
        button = ticket_button(event, answer.status if answer else None)
        markup = InlineKeyboardMarkup(inline_keyboard=[[button]]) if button else None
        await message.answer(t("events-desk-static-user", title=event.title), reply_markup=markup)
        return
    await staff_people.send_page(message, session, event.id, 0)


async def checkin_cmd(
    message: Message,
    user: User,
    role: Role,
    session: AsyncSession,
    tz: ZoneInfo,
    command: CommandObject | None = None,
) -> None:
    """``/checkin <code>``: the ticket's code typed at a desk without a camera."""
    code = (command.args or "").strip() if command else ""
    if not code:
        await message.answer(t("events-desk-checkin-usage"))
        return
    token = tickets.token_of(tickets.PREFIX + code.removeprefix(tickets.PREFIX))
    await scan(message, token, user, role, session, tz)


def create_router() -> Router:
    """The ticket button (anyone going) and ``/checkin`` (staff)."""
    router = Router(name="events_desk")
    router.callback_query.register(my_ticket, TicketCb.filter())
    router.message.register(checkin_cmd, Command("checkin"), RoleFilter(Role.MODERATOR))
    return router
