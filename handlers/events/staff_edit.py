"""Changing one field of an event from its staff card: choose the field, give the new value
(checked by the same rules as the creation dialogue), see «было → стало» and how many people
will be told, then «Сохранить». The save carries the event's ``sequence`` seen in the
preview: a second tap, or a change made meanwhile by someone else, is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.events import keyboards as kb
from handlers.events.callbacks import (
    DialogAction,
    DialogCb,
    EditAction,
    EditCb,
    EditFieldCb,
    PickMunicipalityCb,
    PickPageCb,
    StaffAction,
    StaffEventCb,
    TopicCb,
)
from handlers.events.date_words import understood
from handlers.events.public import edit_or_send
from handlers.events.staff_card import not_text, send_staff_card, text_in
from handlers.events.states import EventEdit
from handlers.replies import alert, message_of
from handlers.widgets.pager import Page
from models import municipalities
from models.base import utcnow
from models.dates import parse_local
from models.errors import DomainError
from models.events import changes, queries, reach, rules
from models.events.changes import Change, EventField
from models.events.entities import Event, EventState, RsvpStatus
from texts import Safe, t

Wake = Callable[[], None]
F_ = EventField
# The question of each field, with a button for "none" where the field may be empty.
PROMPTS: dict[EventField, tuple[str, str | None]] = {
    F_.TITLE: ("events-edit-ask-title", None),
    F_.DESCRIPTION: ("events-ask-description", None),
    F_.TIME: ("events-edit-ask-start", None),
    F_.PLACE: ("events-ask-place", "events-edit-no-place-btn"),
    F_.LINK: ("events-edit-ask-link", "events-edit-no-link-btn"),
    F_.CAPACITY: ("events-ask-capacity", "events-no-limit-btn"),
    F_.TOPIC: ("events-ask-topic", None),
    F_.AUDIENCE: ("events-ask-audience", None),
    F_.DEADLINE: ("events-ask-deadline", "events-no-deadline-btn"),
}


async def _event(
    session: AsyncSession, event_id: int, callback_answer: CallbackAnswer | None = None
) -> Event | None:
    event = await queries.get(session, event_id)
    key = None
    if event is None:
        key = "events-event-gone"
    elif event.state is EventState.CANCELLED:
        key = "events-errors-cancelled"
    if key is not None:
        if callback_answer is not None:
            alert(callback_answer, t.plain(key))
        return None
    return event


async def fields_menu(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    await state.clear()
    event = await _event(session, callback_data.id, callback_answer)
    if event is not None and (message := message_of(callback)) is not None:
        await message.answer(
            t("events-edit-which", title=event.title), reply_markup=kb.edit_fields(event)
        )


async def _current_text(session: AsyncSession, event: Event, field: EventField) -> str:
    audience = frozenset(await queries.municipality_ids(session, event.id))
    value = changes.current(event, field, audience)
    return changes.shown(field, value, t, await queries.audience_names(session, audience))


async def field_chosen(
    callback: CallbackQuery,
    callback_data: EditFieldCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    event = await _event(session, callback_data.id, callback_answer)
    message = message_of(callback)
    if event is None or message is None:
        return
    field = callback_data.field
    step = {F_.TOPIC: EventEdit.topic, F_.AUDIENCE: EventEdit.audience}.get(field)
    await state.clear()
    await state.set_state(step or EventEdit.value)
    await state.set_data(
        {"event_id": event.id, "field": field.value, "seq": event.sequence, "muns": []}
    )
    key, none_key = PROMPTS[field]
    markup: InlineKeyboardMarkup | None = None
    if field is F_.TOPIC:
        markup = kb.topics()
    elif field is F_.AUDIENCE:
        markup = kb.audience()
    elif none_key is not None:
        markup = kb.edit_one(none_key, EditAction.NONE)
    now_line = t("events-edit-now", field=field, value=await _current_text(session, event, field))
    ask = t(key, limit=rules.TITLE_MAX, zone=tz.key)
    await message.answer(Safe(f"{now_line}\n{ask}"), reply_markup=markup)


def _typed(field: EventField, message: Message, tz: ZoneInfo) -> Any:
    assert message.text is not None
    text = message.text
    if field is F_.DESCRIPTION:
        return "" if text.strip() == "-" else message.html_text.strip()
    if field is F_.CAPACITY:
        return rules.parse_capacity(text)
    if field is F_.DEADLINE:
        return parse_local(text, tz)
    return text


async def value_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    data = await dialogue_data(state, "event_id", "field")
    field = EventField(data["field"])
    try:
        if field is F_.TIME:
            starts = parse_local(message.text or "", tz)
            rules.check_start(starts, utcnow())
        else:
            value = _typed(field, message, tz)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    if field is F_.TIME:
        await state.update_data({"starts": starts.isoformat()})
        await state.set_state(EventEdit.ends)
        await message.answer(understood(starts, tz))  # the date in words, as understood
        await message.answer(
            t("events-edit-ask-end"),
            reply_markup=kb.edit_one("events-edit-keep-btn", EditAction.NONE),
        )
        return
    await preview(message, state, session, Change(field, value))


async def end_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    data = await dialogue_data(state, "starts")
    starts = datetime.fromisoformat(data["starts"])
    try:
        text = (message.text or "").strip()
        ends = None if text == "-" else parse_local(text, tz, day_of=starts)  # «18:00»
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await preview(message, state, session, Change(F_.TIME, (starts, ends)))


async def none_pressed(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    """«Без ограничений», «До начала», «Без места», «Убрать ссылку», «Сохранить
    продолжительность»: the field's empty value (a forged press elsewhere is refused)."""
    data = await dialogue_data(state, "event_id", "field")
    field = EventField(data["field"])
    no_empty = PROMPTS[field][1] is None and field is not F_.TIME
    if no_empty or (field is F_.TIME and "starts" not in data):
        alert(callback_answer, t.plain("events-choose-button"))
        return
    if (message := message_of(callback)) is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    if field is F_.TIME:
        starts = datetime.fromisoformat(data["starts"])
        await preview(message, state, session, Change(field, (starts, None)))
        return
    await preview(message, state, session, Change(field, None))


async def topic_chosen(
    callback: CallbackQuery,
    callback_data: TopicCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    if callback_data.topic not in changes.TOPIC_VALUES:
        alert(callback_answer, t.plain("events-choose-button"))
        return
    if (message := message_of(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await preview(message, state, session, Change(F_.TOPIC, callback_data.topic))


async def audience_all(callback: CallbackQuery, state: FSMContext, session: AsyncSession) -> None:
    if (message := message_of(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await preview(message, state, session, Change(F_.AUDIENCE, frozenset()))


async def _pick_page(
    message: Message, state: FSMContext, session: AsyncSession, number: int
) -> None:
    page = Page.of(await municipalities.count_active(session), number, kb.PICK_PAGE_SIZE)
    items = await municipalities.slice_active(session, page.offset, page.per_page)
    chosen = set((await state.get_data()).get("muns", []))
    await edit_or_send(
        message,
        t("events-ask-audience-pick", n=len(chosen)),
        kb.pick_municipalities(items, chosen, page),
    )


async def audience_pick(callback: CallbackQuery, state: FSMContext, session: AsyncSession) -> None:
    if (message := message_of(callback)) is not None:
        await _pick_page(message, state, session, 0)


async def audience_page(
    callback: CallbackQuery, callback_data: PickPageCb, state: FSMContext, session: AsyncSession
) -> None:
    if (message := message_of(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page)


async def audience_toggle(
    callback: CallbackQuery,
    callback_data: PickMunicipalityCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    item = await municipalities.get_by_id(session, callback_data.id)
    if item is None or not item.is_active:
        alert(callback_answer, t.plain("events-choose-button"))
        return
    chosen = set((await state.get_data()).get("muns", [])) ^ {item.id}
    await state.update_data({"muns": sorted(chosen)})
    if (message := message_of(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page)


async def audience_done(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    chosen = frozenset((await state.get_data()).get("muns", []))
    if not chosen:
        alert(callback_answer, t.plain("events-pick-at-least-one"))
        return
    if (message := message_of(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await preview(message, state, session, Change(F_.AUDIENCE, chosen))


async def _reach(session: AsyncSession, event: Event, change: Change) -> int:
    """How many people the saved change will be told to (for the preview)."""
    if event.state is not EventState.PUBLISHED:
        return 0
    if change.field is F_.LINK:
        return len(await reach.answered(session, event.id, (RsvpStatus.GOING,)))
    if change.field in changes.TOLD:
        return len(await reach.everyone(session, event.id))
    if change.field is F_.CAPACITY and change.value is not None:
        going = len(await reach.answered(session, event.id, (RsvpStatus.GOING,)))
        return max(0, going - int(change.value))
    return 0


async def preview(
    message: Message, state: FSMContext, session: AsyncSession, change: Change
) -> None:
    """«было → стало», how many will be told, and «Сохранить» / «Не менять»."""
    data = await dialogue_data(state, "event_id")
    event = await _event(session, int(data["event_id"]))
    if event is None:
        await state.clear()
        await message.answer(t("events-event-gone"))
        return
    try:
        change = changes.validate(event, change, utcnow())
        audience = frozenset(await queries.municipality_ids(session, event.id))
        before = changes.current(event, change.field, audience)
        if before == change.value:
            raise DomainError("events-errors-unchanged")
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    new_ids = change.value if change.field is F_.AUDIENCE else audience
    was = changes.shown(change.field, before, t, await queries.audience_names(session, audience))
    now = changes.shown(
        change.field, change.value, t, await queries.audience_names(session, new_ids)
    )
    n = await _reach(session, event, change)
    await state.update_data({"change": change.to_json()})
    await state.set_state(EventEdit.confirm)
    await message.answer(
        t("events-edit-preview", field=change.field, was=was, now=now, count=n),
        reply_markup=kb.edit_confirm(),
    )


async def save(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Wake,
) -> None:
    data = await dialogue_data(state, "event_id", "change", "seq")
    event_id = int(data["event_id"])
    change = Change.from_json(data["change"])
    try:
        outcome = await changes.apply(
            session,
            event_id,
            callback.from_user.id,
            change,
            seen_sequence=int(data["seq"]),
            render=t,
            tz=tz,
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        await state.clear()
        return
    await state.clear()
    wake_sender()
    if (message := message_of(callback)) is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    saved = t("events-edit-saved", count=outcome.told, moved=outcome.moved_to_waitlist)
    if outcome.announced:
        saved = Safe(f"{saved}\n{t('events-edit-announced', count=outcome.announced)}")
    await message.answer(saved)
    event = await queries.get(session, event_id)
    if event is not None:
        await send_staff_card(message, session, event, tz)


async def discard(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    if (message := message_of(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t("events-edit-discarded"))


async def use_buttons(message: Message) -> None:
    await message.answer(t("events-choose-button"))


def _on(action: EditAction) -> Any:
    return EditCb.filter(F.action == action)


def create_router() -> Router:
    """The field menu and the one-field dialogue (steps match only in their FSM state)."""
    router = Router(name="events_staff_edit")
    m, c = router.message, router.callback_query
    c.register(fields_menu, StaffEventCb.filter(F.action == StaffAction.EDIT))
    c.register(field_chosen, EditFieldCb.filter())
    m.register(value_given, *text_in(EventEdit.value))
    m.register(end_given, *text_in(EventEdit.ends))
    for step in (EventEdit.value, EventEdit.ends):
        m.register(not_text, step, ~F.text)
    for step in (EventEdit.topic, EventEdit.audience, EventEdit.confirm):
        m.register(use_buttons, step, ~F.text.startswith("/"))
    c.register(none_pressed, EventEdit.value, _on(EditAction.NONE))
    c.register(none_pressed, EventEdit.ends, _on(EditAction.NONE))
    c.register(topic_chosen, EventEdit.topic, TopicCb.filter())
    on = DialogCb.filter
    c.register(audience_all, EventEdit.audience, on(F.action == DialogAction.ALL_MUNICIPALITIES))
    c.register(audience_pick, EventEdit.audience, on(F.action == DialogAction.PICK_MUNICIPALITIES))
    c.register(audience_page, EventEdit.audience, PickPageCb.filter())
    c.register(audience_toggle, EventEdit.audience, PickMunicipalityCb.filter())
    c.register(audience_done, EventEdit.audience, on(F.action == DialogAction.DONE))
    c.register(save, EventEdit.confirm, _on(EditAction.SAVE))
    c.register(discard, EventEdit.confirm, _on(EditAction.DISCARD))
    return router
