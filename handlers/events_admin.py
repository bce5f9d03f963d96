"""Events for staff (moderators and admins): the creation dialogue with a preview, publish,
edit time and place, cancel, lists with counts, exports and the check-in QR code.

The router sits behind ``RoleFilter(Role.MODERATOR)``; the attendee exports (personal data)
are in a nested router behind ``RoleFilter(Role.ADMIN)``. Both are checked on every update,
so a person without the right falls through to the fallback router."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import segno
from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks.events import (
    DialogAction,
    DialogCb,
    KindCb,
    PickMunicipalityCb,
    PickPageCb,
    StaffAction,
    StaffEventCb,
    StaffListCb,
    TopicCb,
)
from handlers.dialogue import DialogueLost, dialogue_data
from handlers.filters import RoleFilter
from handlers.keyboards import events as kb
from handlers.states.events import EventCreate, EventEdit
from handlers.texts import events as t
from models import event_exports, events, municipalities, subscriptions
from models.base import utcnow
from models.events import (
    DEFAULT_REMINDER_OFFSETS,
    TOPIC_LABELS,
    Event,
    EventDraft,
    EventInvalid,
    EventKind,
    EventState,
    RsvpStatus,
)
from models.users import Role

Wake = Callable[[], None]


def _message(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


def _local(value: str | None, tz: ZoneInfo) -> str:
    return f"{datetime.fromisoformat(value).astimezone(tz):%d.%m.%Y %H:%M}" if value else ""


# --- lists and the staff card ---


async def _staff_list_text(session: AsyncSession, past: bool, tz: ZoneInfo) -> tuple[str, Any]:
    items = await events.staff_list(session, past=past)
    text = t.STAFF_HEADER.format(which=t.STAFF_PAST if past else t.STAFF_UPCOMING)
    if not items:
        text += "\n" + t.STAFF_EMPTY
    return text, kb.staff_list(items, past, tz)


async def staff_list_cmd(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    await state.clear()
    text, markup = await _staff_list_text(session, False, tz)
    await message.answer(text, reply_markup=markup)


async def staff_list_cb(
    callback: CallbackQuery,
    callback_data: StaffListCb,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    await state.clear()
    await callback.answer()
    text, markup = await _staff_list_text(session, callback_data.past, tz)
    if (message := _message(callback)) is not None:
        await message.answer(text, reply_markup=markup)


async def _staff_card_text(session: AsyncSession, event: Event, tz: ZoneInfo) -> str:
    names = await events.municipality_names(session, event.id)
    header = f"#{event.id} · {t.STATE_LABELS[event.state.value]}"
    text = events.card_text(event, tz, names, header=header)
    counts = await events.counts(session, event.id)
    text += t.STAFF_COUNTS.format(
        going=counts.get(RsvpStatus.GOING, 0),
        maybe=counts.get(RsvpStatus.MAYBE, 0),
        not_going=counts.get(RsvpStatus.NOT_GOING, 0),
        waitlist=counts.get(RsvpStatus.WAITLIST, 0),
        checked_in=await events.checked_in_count(session, event.id),
    )
    by_municipality = await events.counts_by_municipality(session, event.id)
    if by_municipality:
        lines = [t.STAFF_BY_MUNICIPALITY]
        for name, per in list(by_municipality.items())[:34]:
            parts = ", ".join(
                f"{t.STATUS_LABELS[status]} {n}" for status, n in sorted(per.items())
            )
            lines.append(f"• {t.quote(name)}: {parts}")
        text += "\n" + "\n".join(lines)
    return text[:4096]


async def staff_open(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    await state.clear()
    event = await events.get(session, callback_data.id)
    if event is None:
        await callback.answer(t.EVENT_GONE, show_alert=True)
        return
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.answer(
            await _staff_card_text(session, event, tz), reply_markup=kb.staff_card(event)
        )


async def staff_publish(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None = None,
) -> None:
    await _publish(callback, callback_data.id, session, tz, bot, wake_sender, channel_id)


async def _publish(
    callback: CallbackQuery,
    event_id: int,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None,
) -> None:
    me = await bot.me()
    try:
        n = await events.publish(
            session,
            event_id,
            callback.from_user.id,
            bot_username=me.username or "",
            channel_id=channel_id,
            tz=tz,
        )
    except EventInvalid as exc:
        await callback.answer(t.error(exc.code), show_alert=True)
        return
    wake_sender()
    await callback.answer()
    channel = t.STAFF_PUBLISHED_CHANNEL if channel_id is not None else ""
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t.STAFF_PUBLISHED.format(n=n, channel=channel))


async def staff_cancel_ask(
    callback: CallbackQuery, callback_data: StaffEventCb, session: AsyncSession
) -> None:
    event = await events.get(session, callback_data.id)
    if event is None or event.state is EventState.CANCELLED:
        await callback.answer(t.error("cancelled" if event else "gone"), show_alert=True)
        return
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.answer(
            t.STAFF_CANCEL_ASK.format(title=t.quote(event.title)),
            reply_markup=kb.cancel_confirm(event.id),
        )


async def staff_cancel(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Wake,
) -> None:
    try:
        n = await events.cancel(session, callback_data.id, callback.from_user.id, tz=tz)
    except EventInvalid as exc:
        await callback.answer(t.error(exc.code), show_alert=True)
        return
    wake_sender()
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_text(t.STAFF_CANCELLED.format(n=n))


async def staff_qr(
    callback: CallbackQuery, callback_data: StaffEventCb, session: AsyncSession, bot: Bot
) -> None:
    event = await events.get(session, callback_data.id)
    if event is None or event.state is not EventState.PUBLISHED or not event.checkin_token:
        await callback.answer(t.EVENT_GONE, show_alert=True)
        return
    await callback.answer()
    me = await bot.me()
    link = events.start_link(me.username or "", f"checkin_{event.id}_{event.checkin_token}")
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=10, border=4)
    await bot.send_photo(
        callback.from_user.id,
        BufferedInputFile(png.getvalue(), filename=f"checkin-{event.id}.png"),
        caption=t.STAFF_QR_CAPTION.format(title=t.quote(event.title), link=link),
    )


async def staff_export(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
) -> None:
    event = await events.get(session, callback_data.id)
    if event is None:
        await callback.answer(t.EVENT_GONE, show_alert=True)
        return
    await callback.answer()
    rows = await event_exports.attendees(session, event.id)
    if callback_data.action is StaffAction.XLSX:
        data, name = event_exports.to_xlsx(rows, tz), f"event-{event.id}-participants.xlsx"
    else:
        data, name = event_exports.to_csv(rows, tz), f"event-{event.id}-participants.csv"
    from models import audit

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
        caption=t.STAFF_EXPORT_CAPTION.format(n=len(rows)),
    )


# --- edit time / place ---


async def _ask_edit(
    callback: CallbackQuery, callback_data: StaffEventCb, state: FSMContext, step: State, ask: str
) -> None:
    await callback.answer()
    await state.set_state(step)
    await state.set_data({"event_id": callback_data.id})
    if (message := _message(callback)) is not None:
        await message.answer(ask)


async def staff_edit_time(
    callback: CallbackQuery, callback_data: StaffEventCb, state: FSMContext
) -> None:
    await _ask_edit(callback, callback_data, state, EventEdit.starts, t.STAFF_EDIT_ASK_START)


async def staff_edit_place(
    callback: CallbackQuery, callback_data: StaffEventCb, state: FSMContext
) -> None:
    await _ask_edit(callback, callback_data, state, EventEdit.place, t.STAFF_EDIT_ASK_PLACE)


async def edit_start_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        starts = events.parse_local(message.text, tz)
        events.check_start(starts, utcnow())
    except EventInvalid as exc:
        await message.answer(t.error(exc.code))
        return
    await state.update_data({"starts": starts.isoformat()})
    await state.set_state(EventEdit.ends)
    await message.answer(t.STAFF_EDIT_ASK_END)


async def edit_end_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo, wake_sender: Wake
) -> None:
    assert message.text is not None and message.from_user is not None
    data = await dialogue_data(state, "starts")
    starts = datetime.fromisoformat(data["starts"])
    ends: datetime | None = None
    if message.text.strip() != "-":
        try:
            ends = events.parse_local(message.text, tz)
            events.check_end(starts, ends)
        except EventInvalid as exc:
            await message.answer(t.error(exc.code, start=_local(data["starts"], tz)))
            return
    await _apply_edit(message, state, session, tz, wake_sender, starts_at=starts, ends_at=ends)


async def edit_place_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo, wake_sender: Wake
) -> None:
    assert message.text is not None
    await _apply_edit(message, state, session, tz, wake_sender, place=message.text)


async def _apply_edit(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Wake,
    **changes: Any,
) -> None:
    assert message.from_user is not None
    data = await dialogue_data(state, "event_id")
    try:
        n = await events.edit(
            session, int(data["event_id"]), message.from_user.id, tz=tz, **changes
        )
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, limit=events.PLACE_MAX, length=0, start=""))
        if exc.code in ("gone", "cancelled", "unchanged"):
            await state.clear()
        return
    await state.clear()
    wake_sender()
    event = await events.get(session, int(data["event_id"]))
    await message.answer(t.STAFF_EDITED.format(n=n))
    if event is not None:
        await message.answer(
            await _staff_card_text(session, event, tz), reply_markup=kb.staff_card(event)
        )


# --- the creation dialogue ---


async def new_cmd(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(EventCreate.title)
    await message.answer(t.ASK_TITLE.format(limit=events.TITLE_MAX))


async def new_cb(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await state.clear()
    await state.set_state(EventCreate.title)
    if (message := _message(callback)) is not None:
        await message.answer(t.ASK_TITLE.format(limit=events.TITLE_MAX))


async def title_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        title = events.clean_text(message.text, events.TITLE_MAX)
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, **exc.params))
        return
    await state.update_data({"title": title})
    await state.set_state(EventCreate.description)
    await message.answer(t.ASK_DESCRIPTION)


async def description_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    description = "" if message.text.strip() == "-" else message.html_text.strip()
    if len(description) > events.DESCRIPTION_MAX:
        await message.answer(
            t.error("too_long", length=len(description), limit=events.DESCRIPTION_MAX)
        )
        return
    await state.update_data({"description": description})
    await state.set_state(EventCreate.kind)
    await message.answer(t.ASK_KIND, reply_markup=kb.kinds())


async def kind_chosen(
    callback: CallbackQuery, callback_data: KindCb, state: FSMContext, tz: ZoneInfo
) -> None:
    await callback.answer()
    await state.update_data({"kind": callback_data.kind.value})
    await state.set_state(EventCreate.starts)
    if (message := _message(callback)) is not None:
        await message.edit_text(f"{t.ASK_KIND} <b>{t.KIND_LABELS[callback_data.kind]}</b>")
        await message.answer(t.ASK_START.format(zone=tz.key))


async def start_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    try:
        starts = events.parse_local(message.text, tz)
        events.check_start(starts, utcnow())
    except EventInvalid as exc:
        await message.answer(t.error(exc.code))
        return
    await state.update_data({"starts": starts.isoformat()})
    await state.set_state(EventCreate.ends)
    await message.answer(t.ASK_END)


async def end_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "starts")
    try:
        ends = events.parse_local(message.text, tz)
        events.check_end(datetime.fromisoformat(data["starts"]), ends)
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, start=_local(data["starts"], tz)))
        return
    await state.update_data({"ends": ends.isoformat()})
    await state.set_state(EventCreate.place)
    await message.answer(t.ASK_PLACE)


async def place_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        place = events.clean_text(message.text, events.PLACE_MAX)
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, **exc.params))
        return
    await state.update_data({"place": place})
    await state.set_state(EventCreate.capacity)
    await message.answer(
        t.ASK_CAPACITY, reply_markup=kb.one(t.NO_LIMIT_BTN, DialogAction.NO_LIMIT)
    )


async def capacity_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        capacity = events.parse_capacity(message.text)
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, **exc.params))
        return
    await _after_capacity(message, state, capacity)


async def no_limit(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _after_capacity(message, state, None)


async def _after_capacity(message: Message, state: FSMContext, capacity: int | None) -> None:
    await state.update_data({"capacity": capacity})
    await state.set_state(EventCreate.deadline)
    await message.answer(
        t.ASK_DEADLINE, reply_markup=kb.one(t.NO_DEADLINE_BTN, DialogAction.NO_DEADLINE)
    )


async def deadline_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "starts")
    try:
        deadline = events.parse_local(message.text, tz)
        events.check_deadline(deadline, datetime.fromisoformat(data["starts"]), utcnow())
    except EventInvalid as exc:
        await message.answer(t.error(exc.code, start=_local(data["starts"], tz)))
        return
    await _after_deadline(message, state, deadline.isoformat())


async def no_deadline(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _after_deadline(message, state, None)


async def _after_deadline(message: Message, state: FSMContext, deadline: str | None) -> None:
    await state.update_data({"deadline": deadline})
    await state.set_state(EventCreate.topic)
    await message.answer(t.ASK_TOPIC, reply_markup=kb.topics())


async def topic_chosen(callback: CallbackQuery, callback_data: TopicCb, state: FSMContext) -> None:
    if callback_data.topic not in TOPIC_LABELS:
        await callback.answer(t.CHOOSE_BUTTON, show_alert=True)
        return
    await callback.answer()
    await state.update_data({"topic": callback_data.topic, "muns": []})
    await state.set_state(EventCreate.audience)
    if (message := _message(callback)) is not None:
        await message.edit_text(f"{t.ASK_TOPIC} <b>{TOPIC_LABELS[callback_data.topic]}</b>")
        await message.answer(t.ASK_AUDIENCE, reply_markup=kb.audience())


async def all_municipalities(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await state.update_data({"muns": []})
    if (message := _message(callback)) is not None:
        await message.edit_text(f"{t.ASK_AUDIENCE} <b>{t.ALL_MUNICIPALITIES_BTN}</b>")
        await _ask_offsets(message, state)


async def _pick_page(
    message: Message, state: FSMContext, session: AsyncSession, page: int, edit: bool
) -> None:
    items, pages = await municipalities.page_active(session, page, kb.PICK_PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    chosen = set((await state.get_data()).get("muns", []))
    text = t.ASK_AUDIENCE_PICK.format(n=len(chosen))
    markup = kb.pick_municipalities(items, chosen, page, pages)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def pick_municipalities(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession
) -> None:
    await callback.answer()
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, 0, edit=True)


async def pick_page(
    callback: CallbackQuery, callback_data: PickPageCb, state: FSMContext, session: AsyncSession
) -> None:
    await callback.answer()
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page, edit=True)


async def pick_toggle(
    callback: CallbackQuery,
    callback_data: PickMunicipalityCb,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    item = await municipalities.get_by_id(session, callback_data.id)
    if item is None or not item.is_active:
        await callback.answer(t.CHOOSE_BUTTON, show_alert=True)
        return
    chosen = set((await state.get_data()).get("muns", []))
    chosen ^= {item.id}
    await state.update_data({"muns": sorted(chosen)})
    await callback.answer()
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page, edit=True)


async def pick_done(callback: CallbackQuery, state: FSMContext) -> None:
    if not (await state.get_data()).get("muns"):
        await callback.answer(t.PICK_AT_LEAST_ONE, show_alert=True)
        return
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _ask_offsets(message, state)


async def _ask_offsets(message: Message, state: FSMContext) -> None:
    await state.set_state(EventCreate.offsets)
    await message.answer(
        t.ASK_OFFSETS,
        reply_markup=kb.one(t.DEFAULT_OFFSETS_BTN, DialogAction.DEFAULT_OFFSETS),
    )


async def offsets_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        offsets = events.parse_offsets(message.text)
    except EventInvalid as exc:
        await message.answer(t.error(exc.code))
        return
    await state.update_data({"offsets": list(offsets)})
    await _preview(message, state, session, tz)


async def default_offsets(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    await callback.answer()
    await state.update_data({"offsets": list(DEFAULT_REMINDER_OFFSETS)})
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _preview(message, state, session, tz)


def _draft(data: dict[str, Any]) -> EventDraft:
    try:
        return _read_draft(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise DialogueLost(str(exc)) from exc


def _read_draft(data: dict[str, Any]) -> EventDraft:
    return EventDraft(
        title=data["title"],
        description=data["description"],
        kind=EventKind(data["kind"]),
        starts_at=datetime.fromisoformat(data["starts"]),
        ends_at=datetime.fromisoformat(data["ends"]),
        place=data["place"],
        capacity=data["capacity"],
        rsvp_deadline=datetime.fromisoformat(data["deadline"]) if data["deadline"] else None,
        topic=data["topic"],
        municipality_ids=frozenset(data["muns"]),
        reminder_offsets=tuple(data["offsets"]),
    )


async def _preview(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    draft = _draft(await state.get_data())
    shown = Event(
        id=0,
        title=draft.title,
        description=draft.description,
        kind=draft.kind,
        state=EventState.PUBLISHED,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        place=draft.place,
        capacity=draft.capacity,
        going_count=0,
        rsvp_deadline=draft.rsvp_deadline,
        topic=draft.topic,
    )
    names = [
        m.name for m in await municipalities.list_active(session) if m.id in draft.municipality_ids
    ]
    audience = subscriptions.Audience(
        topics=frozenset({subscriptions.Topic(draft.topic)}),
        municipality_ids=draft.municipality_ids,
    )
    n = await subscriptions.count(session, audience)
    await state.set_state(EventCreate.preview)
    await message.answer(t.PREVIEW.format(n=n))
    await message.answer(
        events.card_text(shown, tz, names, header="📣 <b>Анонс</b>"), reply_markup=kb.preview()
    )


async def preview_publish(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None = None,
) -> None:
    event = await _save(callback, state, session, tz)
    if event is not None:
        await _publish(callback, event.id, session, tz, bot, wake_sender, channel_id)


async def preview_draft(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    event = await _save(callback, state, session, tz)
    if event is None:
        return
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t.STAFF_DRAFT_SAVED)


async def _save(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> Event | None:
    draft = _draft(await state.get_data())
    if draft.starts_at <= utcnow():
        await callback.answer(t.error("past"), show_alert=True)
        await state.set_state(EventCreate.starts)
        if (message := _message(callback)) is not None:
            await message.answer(t.ASK_START.format(zone=tz.key))
        return None
    await state.clear()
    return await events.create(session, draft, callback.from_user.id)


async def preview_discard(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t.STAFF_DIALOG_CANCELLED)


async def not_text(message: Message) -> None:
    await message.answer(t.NOT_TEXT)


async def use_buttons(message: Message) -> None:
    await message.answer(t.CHOOSE_BUTTON)


def _text(state: Any) -> tuple[Any, ...]:
    return (state, F.text, ~F.text.startswith("/"))


def create_router() -> Router:
    """The staff events router (moderators and admins), with an admin-only part."""
    router = Router(name="events_admin")
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))

    admin_only = Router(name="events_admin_exports")
    admin_only.callback_query.filter(RoleFilter(Role.ADMIN))
    admin_only.callback_query.register(
        staff_export, StaffEventCb.filter(F.action.in_({StaffAction.XLSX, StaffAction.CSV}))
    )
    router.include_router(admin_only)

    m, c = router.message, router.callback_query
    m.register(staff_list_cmd, Command("events_admin"))
    m.register(new_cmd, Command("event_new"))
    c.register(staff_list_cb, StaffListCb.filter())
    c.register(staff_open, StaffEventCb.filter(F.action == StaffAction.OPEN))
    c.register(staff_publish, StaffEventCb.filter(F.action == StaffAction.PUBLISH))
    c.register(staff_cancel_ask, StaffEventCb.filter(F.action == StaffAction.CANCEL))
    c.register(staff_cancel, StaffEventCb.filter(F.action == StaffAction.CANCEL_CONFIRM))
    c.register(staff_qr, StaffEventCb.filter(F.action == StaffAction.QR))
    c.register(staff_edit_time, StaffEventCb.filter(F.action == StaffAction.TIME))
    c.register(staff_edit_place, StaffEventCb.filter(F.action == StaffAction.PLACE))
    c.register(new_cb, DialogCb.filter(F.action == DialogAction.NEW))

    m.register(edit_start_given, *_text(EventEdit.starts))
    m.register(edit_end_given, *_text(EventEdit.ends))
    m.register(edit_place_given, *_text(EventEdit.place))
    m.register(not_text, EventEdit.starts, ~F.text)
    m.register(not_text, EventEdit.ends, ~F.text)
    m.register(not_text, EventEdit.place, ~F.text)

    m.register(title_given, *_text(EventCreate.title))
    m.register(description_given, *_text(EventCreate.description))
    c.register(kind_chosen, EventCreate.kind, KindCb.filter())
    m.register(start_given, *_text(EventCreate.starts))
    m.register(end_given, *_text(EventCreate.ends))
    m.register(place_given, *_text(EventCreate.place))
    m.register(capacity_given, *_text(EventCreate.capacity))
    c.register(no_limit, EventCreate.capacity, DialogCb.filter(F.action == DialogAction.NO_LIMIT))
    m.register(deadline_given, *_text(EventCreate.deadline))
    c.register(
        no_deadline, EventCreate.deadline, DialogCb.filter(F.action == DialogAction.NO_DEADLINE)
    )
    c.register(topic_chosen, EventCreate.topic, TopicCb.filter())
    c.register(
        all_municipalities,
        EventCreate.audience,
        DialogCb.filter(F.action == DialogAction.ALL_MUNICIPALITIES),
    )
    c.register(
        pick_municipalities,
        EventCreate.audience,
        DialogCb.filter(F.action == DialogAction.PICK_MUNICIPALITIES),
    )
    c.register(pick_page, EventCreate.audience, PickPageCb.filter())
    c.register(pick_toggle, EventCreate.audience, PickMunicipalityCb.filter())
    c.register(pick_done, EventCreate.audience, DialogCb.filter(F.action == DialogAction.DONE))
    m.register(offsets_given, *_text(EventCreate.offsets))
    c.register(
        default_offsets,
        EventCreate.offsets,
        DialogCb.filter(F.action == DialogAction.DEFAULT_OFFSETS),
    )
    c.register(
        preview_publish, EventCreate.preview, DialogCb.filter(F.action == DialogAction.PUBLISH)
    )
    c.register(preview_draft, EventCreate.preview, DialogCb.filter(F.action == DialogAction.DRAFT))
    c.register(
        preview_discard, EventCreate.preview, DialogCb.filter(F.action == DialogAction.DISCARD)
    )
    for state in (
        EventCreate.title,
        EventCreate.description,
        EventCreate.starts,
        EventCreate.ends,
        EventCreate.place,
        EventCreate.capacity,
        EventCreate.deadline,
        EventCreate.offsets,
    ):
        m.register(not_text, state, ~F.text)
    for state in (EventCreate.kind, EventCreate.topic, EventCreate.audience, EventCreate.preview):
        m.register(use_buttons, state, ~F.text.startswith("/"))
    return router
