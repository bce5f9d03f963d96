"""Events for staff (moderators and admins): the lists, the staff card with counts, publish,
edit the time or the place, cancel, the attendee exports and the check-in QR code.

The routers sit behind ``RoleFilter(Role.MODERATOR)`` (see ``handlers.events``): moderators
are the full event role, the attendee exports included (checked again on the exports' own
router, at the press)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import segno
from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import keyboards as kb
from handlers.events.callbacks import StaffAction, StaffEventCb, StaffListCb
from handlers.events.public import edit_or_send
from handlers.filters import RoleFilter
from handlers.long_text import fits, pack
from handlers.replies import alert
from handlers.widgets.pager import Page
from models import audit
from models.errors import DomainError
from models.events import answers, exports, messages, queries, staff
from models.events.entities import Event, EventState, RsvpStatus
from models.users import Role
from texts import Safe, t

Wake = Callable[[], None]
MUNICIPALITY_LINES_MAX = 34
EXPORTS = frozenset({StaffAction.XLSX, StaffAction.CSV, StaffAction.SHEET})


def _message(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


# --- lists and the staff card ---


async def _staff_list_view(
    session: AsyncSession, past: bool, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    total = await queries.staff_count(session, past=past)
    page = Page.of(total, number, kb.STAFF_PAGE_SIZE)
    items = await queries.staff_list(session, past=past, offset=page.offset, limit=page.per_page)
    which = t("events-staff-past") if past else t("events-staff-upcoming")
    text: str = t("events-staff-header", which=which)
    if not items:
        text += "\n" + t("events-staff-empty")
    elif page.count > 1:
        text += "\n" + t("events-staff-page", page=page.human, pages=page.count, total=total)
    return text, kb.staff_list(items, past, page)


async def staff_list_cmd(message: Message, state: FSMContext, session: AsyncSession) -> None:
    await state.clear()
    text, markup = await _staff_list_view(session, False, 0)
    await message.answer(text, reply_markup=markup)


async def staff_list_cb(
    callback: CallbackQuery, callback_data: StaffListCb, state: FSMContext, session: AsyncSession
) -> None:
    await state.clear()
    text, markup = await _staff_list_view(session, callback_data.past, callback_data.page)
    if (message := _message(callback)) is not None:
        await edit_or_send(message, text, markup)


async def _by_municipality(session: AsyncSession, event_id: int) -> list[str]:
    found = await queries.counts_by_municipality(session, event_id)
    if not found:
        return []
    lines: list[str] = [t("events-staff-by-municipality")]
    for name, per in list(found.items())[:MUNICIPALITY_LINES_MAX]:
        parts = ", ".join(
            t("events-staff-count-part", status=status, number=n)
            for status, n in sorted(per.items())
        )
        shown = name if name is not None else t("events-staff-no-municipality")
        lines.append(t("events-staff-by-municipality-line", name=shown, parts=Safe(parts)))
    return lines


async def staff_card_text(session: AsyncSession, event: Event, tz: ZoneInfo) -> str:
    names = await queries.municipality_names(session, event.id)
    header = t("events-card-staff-header", id=event.id, state=event.state)
    text = messages.card_text(event, t, tz, names, header=header)
    counts = await answers.counts(session, event.id)
    summary = t(
        "events-staff-counts",
        going=counts.get(RsvpStatus.GOING, 0),
        maybe=counts.get(RsvpStatus.MAYBE, 0),
        not_going=counts.get(RsvpStatus.NOT_GOING, 0),
        waitlist=counts.get(RsvpStatus.WAITLIST, 0),
        checked_in=await queries.checked_in_count(session, event.id),
    )
    full = "\n".join([text, "", summary, *await _by_municipality(session, event.id)])
    if fits(full):
        return full
    # The per-municipality lines go first (they are in the export); never cut inside HTML.
    return pack(["\n".join([text, "", summary, t("events-staff-card-cut")])])[0]


async def send_staff_card(
    message: Message, session: AsyncSession, event: Event, tz: ZoneInfo
) -> None:
    await message.answer(
        await staff_card_text(session, event, tz), reply_markup=kb.staff_card(event)
    )


async def staff_open(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    await state.clear()
    event = await queries.get(session, callback_data.id)
    if event is None:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    if (message := _message(callback)) is not None:
        await send_staff_card(message, session, event, tz)


async def publish_event(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    event_id: int,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None,
) -> None:
    """Publish and say to how many people the announcement goes (shared by the staff card
    and the creation dialogue's preview)."""
    me = await bot.me()
    try:
        n = await staff.publish(
            session,
            event_id,
            callback.from_user.id,
            render=t,
            bot_username=me.username or "",
            channel_id=channel_id,
            tz=tz,
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    wake_sender()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        if channel_id is not None:
            await message.answer(t("events-staff-published-with-channel", count=n))
        else:
            await message.answer(t("events-staff-published", count=n))


async def staff_publish(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None = None,
) -> None:
    await publish_event(
        callback, callback_answer, callback_data.id, session, tz, bot, wake_sender, channel_id
    )


async def staff_cancel_ask(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None or event.state is EventState.CANCELLED:
        key = "events-errors-cancelled" if event else "events-errors-gone"
        alert(callback_answer, t.plain(key))
        return
    if (message := _message(callback)) is not None:
        await message.answer(
            t("events-staff-cancel-ask", title=event.title),
            reply_markup=kb.cancel_confirm(event.id),
        )


async def staff_cancel(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    wake_sender: Wake,
    tz: ZoneInfo,
) -> None:
    try:
        n = await staff.cancel(session, callback_data.id, callback.from_user.id, render=t, tz=tz)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    wake_sender()
    if (message := _message(callback)) is not None:
        await message.edit_text(t("events-staff-cancelled", n=n))


async def staff_qr(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None or event.state is not EventState.PUBLISHED or not event.checkin_token:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    me = await bot.me()
    link = messages.start_link(me.username or "", f"checkin_{event.id}_{event.checkin_token}")
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=10, border=4)
    await bot.send_photo(
        callback.from_user.id,
        BufferedInputFile(png.getvalue(), filename=f"checkin-{event.id}.png"),
        caption=t("events-staff-qr-caption", title=event.title, link=link),
    )


async def staff_export(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    rows = await exports.attendees(session, event.id)
    info = await exports.info(session, event)  # with the registration questions
    if callback_data.action is StaffAction.XLSX:
        data, name = exports.to_xlsx(rows, t, info, tz), f"event-{event.id}-participants.xlsx"
    elif callback_data.action is StaffAction.SHEET:
        data, name = exports.sign_in_sheet(rows, t, info), f"event-{event.id}-sign-in.docx"
    else:
        data, name = exports.to_csv(rows, t, info, tz), f"event-{event.id}-participants.csv"
    audit.record(
        session,
        callback.from_user.id,
        "event.export",
        target=f"event:{event.id}",
        format=callback_data.action.value,
        rows=len(rows),
    )
    await session.commit()
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(data, filename=name),
        caption=t("events-staff-export-caption", count=len(rows)),
    )


async def not_text(message: Message) -> None:
    await message.answer(t("events-not-text"))


def text_in(state: State) -> tuple[Any, ...]:
    """Filters of a text message (not a command) in ``state``."""
    return (state, F.text, ~F.text.startswith("/"))


def create_router() -> Router:
    """Lists, the staff card and its actions, edits; exports in an admin-only router."""
    router = Router(name="events_staff_card")
    admin_only = Router(name="events_staff_exports")
    admin_only.callback_query.filter(RoleFilter(Role.MODERATOR))
    admin_only.callback_query.register(staff_export, StaffEventCb.filter(F.action.in_(EXPORTS)))
    router.include_router(admin_only)

    m, c = router.message, router.callback_query
    m.register(staff_list_cmd, Command("events_admin"))
    c.register(staff_list_cb, StaffListCb.filter())
    c.register(staff_open, StaffEventCb.filter(F.action == StaffAction.OPEN))
    c.register(staff_publish, StaffEventCb.filter(F.action == StaffAction.PUBLISH))
    c.register(staff_cancel_ask, StaffEventCb.filter(F.action == StaffAction.CANCEL))
    c.register(staff_cancel, StaffEventCb.filter(F.action == StaffAction.CANCEL_CONFIRM))
    c.register(staff_qr, StaffEventCb.filter(F.action == StaffAction.QR))
    return router
