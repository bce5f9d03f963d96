"""The participants of an event in the staff chat: a paged list (name, municipality,
answer, check-in mark) with check-in by hand, adding a participant by name or Telegram id,
and «написать участникам» (going / maybe / waitlist chosen, a preview with the count, then
through the outbox). Behind ``RoleFilter(Role.MODERATOR)`` (``create_staff_router``)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.events.callbacks import StaffAction, StaffEventCb
from handlers.events.desk_buttons import (
    WRITE_STATUSES,
    AddCb,
    CheckInCb,
    PeopleCb,
    WriteAction,
    WriteCb,
)
from handlers.replies import alert, message_of
from handlers.widgets.pager import Page, nav_row
from models.errors import DomainError
from models.events import checkin, participants, queries
from models.events.checkin import CheckIn
from models.events.entities import RsvpStatus
from texts import t

Wake = Callable[[], None]
PAGE_SIZE = 10
BUTTON_MAX = 40
ADDED_KEYS = {
    RsvpStatus.GOING: "events-desk-added-going",
    RsvpStatus.WAITLIST: "events-desk-added-waitlist",
}
MARKS = {True: "events-desk-mark-in", False: "events-desk-mark-out"}
OUTCOME_KEYS = {
    CheckIn.DONE: "events-desk-scan-done",
    CheckIn.ALREADY: "events-desk-scan-already",
    CheckIn.NOT_STAFF: "events-desk-scan-not-staff",
    CheckIn.UNKNOWN: "events-desk-scan-unknown",
    CheckIn.NOT_GOING: "events-desk-scan-not-going",
    CheckIn.NOT_TODAY: "events-desk-scan-not-today",
    CheckIn.CANCELLED: "events-desk-scan-cancelled",
    CheckIn.GONE: "events-desk-scan-gone",
}


class DeskPeople(StatesGroup):
    add = State()
    write_text = State()


def outcome_text(outcome: checkin.Outcome, *, plain: bool = False) -> str:
    """What a check-in (by ticket or by hand) did, in words for the staff member."""
    event = outcome.event
    render = t.plain if plain else t
    return render(
        OUTCOME_KEYS[outcome.result],
        name=outcome.name or t.plain("events-desk-no-name"),
        title=event.title if event else "",
        date=t.day(event.starts_at) if event else "",
        time=t.clock(outcome.checked_in_at) if outcome.checked_in_at else "",
        status=outcome.status.value if outcome.status else "none",
    )


# --- the list ---


async def page_view(
    session: AsyncSession, event_id: int, number: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    event = await queries.get(session, event_id)
    if event is None:
        return None
    items = await participants.of_event(session, event_id)
    page = Page.of(len(items), number, PAGE_SIZE)
    counts = await participants.count_by_status(session, event_id)
    lines = [
        t(
            "events-desk-people-header",
            title=event.title,
            going=counts.get(RsvpStatus.GOING, 0),
            waitlist=counts.get(RsvpStatus.WAITLIST, 0),
            maybe=counts.get(RsvpStatus.MAYBE, 0),
            checked_in=sum(1 for p in items if p.checked_in_at is not None),
            page=page.human,
            pages=page.count,
        )
    ]
    if not items:
        lines.append(t("events-desk-people-empty"))
    kb = InlineKeyboardBuilder()
    for index, p in enumerate(page.slice(items), start=page.offset + 1):
        name = p.name or t.plain("events-desk-no-name")
        lines.append(
            t(
                "events-desk-people-line-in" if p.checked_in_at else "events-desk-people-line",
                index=index,
                mark=t.plain(MARKS[p.checked_in_at is not None]),
                name=name,
                municipality=p.municipality or t.plain("events-desk-no-municipality"),
                status=p.status,
                time=t.clock(p.checked_in_at) if p.checked_in_at else "",
            )
        )
        if p.status is RsvpStatus.GOING and p.checked_in_at is None:
            label = t.plain("events-desk-checkin-btn", index=index, name=name)[:BUTTON_MAX]
            kb.button(
                text=label,
                callback_data=CheckInCb(event_id=event_id, user_id=p.user_id, page=page.number),
            )
    kb.adjust(2)
    nav_row(kb, page, lambda n: PeopleCb(event_id=event_id, page=n))
    kb.row()
    kb.button(text=t.plain("events-desk-add-btn"), callback_data=AddCb(event_id=event_id))
    kb.button(
        text=t.plain("events-desk-back-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.OPEN),
    )
    return "\n".join(lines), kb.as_markup()


async def send_page(message: Message, session: AsyncSession, event_id: int, number: int) -> None:
    view = await page_view(session, event_id, number)
    if view is None:
        await message.answer(t("events-event-gone"))
        return
    await message.answer(view[0], reply_markup=view[1])


async def _show(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    event_id: int,
    number: int,
) -> None:
    view = await page_view(session, event_id, number)
    if view is None:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    message = message_of(callback)
    if message is None or message.text is None:
        if message is not None:
            await message.answer(view[0], reply_markup=view[1])
        return
    with contextlib.suppress(TelegramBadRequest):  # the same page again: nothing changed
        await message.edit_text(view[0], reply_markup=view[1])


async def people_page(
    callback: CallbackQuery,
    callback_data: PeopleCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    await _show(callback, callback_answer, session, callback_data.event_id, callback_data.page)


async def manual_checkin(
    callback: CallbackQuery,
    callback_data: CheckInCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    outcome = await checkin.mark(
        session,
        callback_data.event_id,
        callback_data.user_id,
        callback.from_user.id,
        "manual",
        tz=tz,
    )
    name = outcome.name or t.plain("events-desk-no-name")
    if outcome.result is CheckIn.DONE:
        callback_answer.text = t.plain("events-desk-checkin-done", name=name)
    else:
        alert(callback_answer, outcome_text(outcome, plain=True))
    await _show(callback, callback_answer, session, callback_data.event_id, callback_data.page)


# --- adding a participant ---


async def add_ask(
    callback: CallbackQuery,
    callback_data: AddCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Wake,
) -> None:
    if callback_data.user_id:
        await _add(callback, callback_answer, state, session, wake_sender, callback_data)
        return
    await state.set_state(DeskPeople.add)
    await state.set_data({"event_id": callback_data.event_id})
    if (message := message_of(callback)) is not None:
        await message.answer(t("events-desk-add-ask"))


async def _add(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Wake,
    callback_data: AddCb,
) -> None:
    try:
        status = await participants.add(
            session, callback_data.event_id, callback_data.user_id, callback.from_user.id, render=t
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    await state.clear()
    wake_sender()
    callback_answer.text = t.plain(ADDED_KEYS[status])
    await _show(callback, callback_answer, session, callback_data.event_id, 0)


async def add_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    """A name (or a part of it) or a Telegram id: the people found, as buttons."""
    assert message.text is not None
    data = await dialogue_data(state, "event_id")
    event_id = int(data["event_id"])
    query = message.text.strip()
    if query.isdigit() and len(query) <= 15:
        person = await participants.by_telegram_id(session, int(query))
        found = [participants.Found(person.id, person.full_name or "", None)] if person else []
    else:
        found = await participants.search(session, query[:100])
    if not found:
        await message.answer(t("events-desk-add-none"))
        return
    kb = InlineKeyboardBuilder()
    for person_found in found:
        where = person_found.municipality or ""
        label = t.plain("events-desk-add-pick", name=person_found.name, municipality=where)
        kb.button(
            text=label[:60], callback_data=AddCb(event_id=event_id, user_id=person_found.user_id)
        )
    kb.adjust(1)
    await message.answer(t("events-desk-add-found", count=len(found)), reply_markup=kb.as_markup())


# --- writing to participants ---


def _write_keyboard(
    event_id: int, chosen: set[str], counts: dict[RsvpStatus, int]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status in WRITE_STATUSES:
        key = "events-desk-write-on" if status.value in chosen else "events-desk-write-off"
        kb.button(
            text=t.plain(key, status=status, count=counts.get(status, 0)),
            callback_data=WriteCb(event_id=event_id, action=WriteAction.TOGGLE, status=status),
        )
    kb.button(
        text=t.plain("events-desk-write-next-btn"),
        callback_data=WriteCb(event_id=event_id, action=WriteAction.NEXT),
    )
    kb.adjust(1)
    return kb.as_markup()


async def write_choose(
    callback: CallbackQuery,
    callback_data: WriteCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    """START shows the choice (those going, by default); TOGGLE switches one status."""
    event_id = callback_data.event_id
    data = await state.get_data()
    chosen = set(data.get("write_statuses", [])) if data.get("event_id") == event_id else set()
    if callback_data.action is WriteAction.START:
        await state.set_state(None)
        chosen = {RsvpStatus.GOING.value}
    elif callback_data.status in {s.value for s in WRITE_STATUSES}:
        chosen ^= {callback_data.status}
    await state.set_data({"event_id": event_id, "write_statuses": sorted(chosen)})
    counts = await participants.count_by_status(session, event_id)
    text = t("events-desk-write-choose")
    markup = _write_keyboard(event_id, chosen, counts)
    message = message_of(callback)
    if message is None:
        return
    if callback_data.action is WriteAction.START or message.text is None:
        await message.answer(text, reply_markup=markup)
        return
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_text(text, reply_markup=markup)


async def write_next(
    callback: CallbackQuery,
    callback_data: WriteCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if data.get("event_id") != callback_data.event_id:
        alert(callback_answer, t.plain("events-desk-write-stale"))
        return
    if not data.get("write_statuses"):
        alert(callback_answer, t.plain("events-desk-write-none-chosen"))
        return
    await state.set_state(DeskPeople.write_text)
    if (message := message_of(callback)) is not None:
        await message.answer(t("events-desk-write-ask"))


async def write_text_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, "event_id", "write_statuses")
    text = message.html_text
    if len(text) > participants.MESSAGE_MAX:
        await message.answer(
            t("events-errors-too_long", length=len(text), limit=participants.MESSAGE_MAX)
        )
        return
    event_id = int(data["event_id"])
    event = await queries.get(session, event_id)
    statuses = [RsvpStatus(s) for s in data["write_statuses"]]
    people = await participants.recipients(session, event_id, statuses)
    if event is None or not people:
        await message.answer(t("events-desk-write-nobody"))
        return
    key = secrets.token_hex(6)
    await state.set_state(None)
    await state.set_data({**data, "write_text": text, "write_key": key})
    heading = t("events-desk-write-heading", title=event.title)
    await message.answer(t("events-desk-write-preview", count=len(people)))
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("events-desk-write-send-btn", count=len(people)),
        callback_data=WriteCb(event_id=event_id, action=WriteAction.SEND, status=key),
    )
    kb.button(
        text=t.plain("events-desk-write-drop-btn"),
        callback_data=WriteCb(event_id=event_id, action=WriteAction.DROP),
    )
    kb.adjust(1)
    await message.answer(f"{heading}\n\n{text}", reply_markup=kb.as_markup())


async def write_send(
    callback: CallbackQuery,
    callback_data: WriteCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Wake,
) -> None:
    data: dict[str, Any] = await state.get_data()
    message = message_of(callback)
    if callback_data.action is WriteAction.DROP:
        await state.clear()
        if message is not None:
            await message.edit_reply_markup(reply_markup=None)
            await message.answer(t("events-desk-write-dropped"))
        return
    if (
        data.get("write_key") != callback_data.status
        or data.get("event_id") != callback_data.event_id
    ):
        alert(callback_answer, t.plain("events-desk-write-already"))
        return
    try:
        n = await participants.write(
            session,
            callback_data.event_id,
            [RsvpStatus(s) for s in data["write_statuses"]],
            str(data["write_text"]),
            callback.from_user.id,
            key=str(data["write_key"]),
            render=t,
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    await state.clear()
    wake_sender()
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t("events-desk-write-sent", count=n))


async def not_text(message: Message) -> None:
    await message.answer(t("events-not-text"))


def create_router() -> Router:
    router = Router(name="events_desk_people")
    m, c = router.message, router.callback_query
    c.register(people_page, PeopleCb.filter())
    c.register(manual_checkin, CheckInCb.filter())
    c.register(add_ask, AddCb.filter())
    c.register(write_next, WriteCb.filter(F.action == WriteAction.NEXT))
    c.register(write_send, WriteCb.filter(F.action.in_({WriteAction.SEND, WriteAction.DROP})))
    c.register(write_choose, WriteCb.filter())
    for step, handler in ((DeskPeople.add, add_given), (DeskPeople.write_text, write_text_given)):
        m.register(handler, step, F.text, ~F.text.startswith("/"))
        m.register(not_text, step, ~F.text)
    return router
