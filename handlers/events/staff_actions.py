"""Staff card actions besides editing a field: delete a draft (with confirmation), close or
reopen registration by hand, duplicate an event into a new draft."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import keyboards as kb
from handlers.events.callbacks import StaffAction, StaffEventCb
from handlers.events.staff_card import send_staff_card
from handlers.replies import alert, message_of
from models.errors import DomainError
from models.events import queries, staff
from models.events.entities import EventState
from texts import t


async def delete_ask(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None or event.state is not EventState.DRAFT:
        alert(
            callback_answer, t.plain("events-errors-not_draft" if event else "events-event-gone")
        )
        return
    if (message := message_of(callback)) is not None:
        await message.answer(
            t("events-staff-delete-ask", title=event.title),
            reply_markup=kb.delete_confirm(event.id),
        )


async def delete_confirmed(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    try:
        title = await staff.delete_draft(session, callback_data.id, callback.from_user.id)
    except DomainError as exc:
        key = "events-event-gone" if exc.code == "events-errors-gone" else exc.code
        alert(callback_answer, t.plain(key))
        return
    if (message := message_of(callback)) is not None:
        await message.edit_text(t("events-staff-deleted", title=title))


async def registration(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    open_ = callback_data.action is StaffAction.REOPEN
    try:
        event = await staff.set_registration(
            session, callback_data.id, callback.from_user.id, open_=open_, render=t, tz=tz
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    callback_answer.text = t.plain(
        "events-staff-registration-opened" if open_ else "events-staff-registration-closed"
    )
    if (message := message_of(callback)) is not None:
        await send_staff_card(message, session, event, tz)


async def duplicate(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    try:
        copy = await staff.duplicate(session, callback_data.id, callback.from_user.id)
    except DomainError:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    if (message := message_of(callback)) is not None:
        await message.answer(t("events-staff-duplicated", id=copy.id, start=copy.starts_at))
        await send_staff_card(message, session, copy, tz)


def create_router() -> Router:
    router = Router(name="events_staff_actions")
    c = router.callback_query
    c.register(delete_ask, StaffEventCb.filter(F.action == StaffAction.DELETE))
    c.register(delete_confirmed, StaffEventCb.filter(F.action == StaffAction.DELETE_CONFIRM))
    c.register(
        registration,
        StaffEventCb.filter(F.action.in_({StaffAction.CLOSE, StaffAction.REOPEN})),
    )
    c.register(duplicate, StaffEventCb.filter(F.action == StaffAction.DUPLICATE))
    return router
