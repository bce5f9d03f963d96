"""The creation dialogue of an event, for staff: title, description, kind, time, place,
capacity, deadline, topic, municipalities, reminders, then a preview to publish, save as a
draft or discard. Each typed value is checked by ``models.events.rules`` (or the one date
parser); a refusal is shown with ``t(error.code, **error.params)`` and the step repeats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.events import keyboards as kb
from handlers.events.callbacks import (
    DialogAction,
    DialogCb,
    KindCb,
    PickMunicipalityCb,
    PickPageCb,
    TopicCb,
)
from handlers.events.date_words import understood
from handlers.events.draft import draft_of, shown_event
from handlers.events.public import edit_or_send
from handlers.events.staff_card import not_text, publish_event, text_in
from handlers.events.states import EventCreate
from handlers.long_text import MESSAGE_LIMIT, fits
from handlers.replies import alert
from handlers.widgets.pager import Page
from models import municipalities
from models.base import utcnow
from models.dates import parse_local
from models.errors import DomainError
from models.events import changes, messages, rules, staff
from models.events.entities import (
    DEFAULT_REMINDER_OFFSETS,
    EVENT_TOPICS,
    Event,
)
from models.subscriptions import count_subscribers
from models.topics import Topic
from texts import t

Wake = Callable[[], None]
TOPIC_VALUES = frozenset(topic.value for topic in EVENT_TOPICS)


def _message(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


async def _refused(message: Message, error: DomainError) -> None:
    await message.answer(t(error.code, **error.params))


SHORTEN_FLAG = "shorten_description"


async def _step(state: FSMContext, data: dict[str, Any], next_step: State) -> None:
    await state.update_data(data)
    await state.set_state(next_step)


async def new_cmd(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(EventCreate.title)
    await message.answer(t("events-ask-title", limit=rules.TITLE_MAX))


async def new_cb(callback: CallbackQuery, state: FSMContext) -> None:
    if (message := _message(callback)) is not None:
        await new_cmd(message, state)


async def title_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        title = rules.clean_text(message.text, rules.TITLE_MAX)
    except DomainError as exc:
        await _refused(message, exc)
        return
    await _step(state, {"title": title}, EventCreate.description)
    await message.answer(t("events-ask-description"))


async def description_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    description = "" if message.text.strip() == "-" else message.html_text.strip()
    try:
        rules.check_length(description, rules.DESCRIPTION_MAX)
    except DomainError as exc:
        await _refused(message, exc)
        return
    if (await state.get_data()).get(SHORTEN_FLAG):
        # Sent back from the preview to shorten it: everything else is kept.
        await state.update_data({"description": description, SHORTEN_FLAG: False})
        await show_preview(message, state, session, tz)
        return
    await _step(state, {"description": description}, EventCreate.kind)
    await message.answer(t("events-ask-kind"), reply_markup=kb.kinds())


async def kind_chosen(
    callback: CallbackQuery, callback_data: KindCb, state: FSMContext, tz: ZoneInfo
) -> None:
    await state.update_data({"kind": callback_data.kind.value})
    await state.set_state(EventCreate.starts)
    if (message := _message(callback)) is not None:
        await message.edit_text(t("events-ask-kind-chosen", kind=callback_data.kind))
        await message.answer(t("events-ask-start", zone=tz.key))


async def start_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    try:
        starts = parse_local(message.text, tz)
        rules.check_start(starts, utcnow())
    except DomainError as exc:
        await _refused(message, exc)
        return
    await _step(state, {"starts": starts.isoformat()}, EventCreate.ends)
    await message.answer(understood(starts, tz))  # the date in words, as understood
    await message.answer(t("events-ask-end"))


async def end_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "starts")
    try:
        starts = datetime.fromisoformat(data["starts"])
        ends = parse_local(message.text, tz, day_of=starts)  # «18:00»: the start's day
        rules.check_end(starts, ends)
    except DomainError as exc:
        await _refused(message, exc)
        return
    await _step(state, {"ends": ends.isoformat()}, EventCreate.place)
    await message.answer(understood(ends, tz))
    await message.answer(t("events-ask-place"))


async def place_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        place = changes.check_place(message.text)
    except DomainError as exc:
        await _refused(message, exc)
        return
    await _step(state, {"place": place}, EventCreate.capacity)
    await message.answer(
        t("events-ask-capacity"),
        reply_markup=kb.one("events-no-limit-btn", DialogAction.NO_LIMIT),
    )


async def capacity_given(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    try:
        capacity = rules.parse_capacity(message.text)
    except DomainError as exc:
        await _refused(message, exc)
        return
    await _after_capacity(message, state, capacity)


async def no_limit(callback: CallbackQuery, state: FSMContext) -> None:
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _after_capacity(message, state, None)


async def _after_capacity(message: Message, state: FSMContext, capacity: int | None) -> None:
    await _step(state, {"capacity": capacity}, EventCreate.deadline)
    await message.answer(
        t("events-ask-deadline"),
        reply_markup=kb.one("events-no-deadline-btn", DialogAction.NO_DEADLINE),
    )


async def deadline_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "starts")
    try:
        deadline = parse_local(message.text, tz)
        rules.check_deadline(deadline, datetime.fromisoformat(data["starts"]), utcnow())
    except DomainError as exc:
        await _refused(message, exc)
        return
    await message.answer(understood(deadline, tz))
    await _after_deadline(message, state, deadline.isoformat())


async def no_deadline(callback: CallbackQuery, state: FSMContext) -> None:
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _after_deadline(message, state, None)


async def _after_deadline(message: Message, state: FSMContext, deadline: str | None) -> None:
    await _step(state, {"deadline": deadline}, EventCreate.topic)
    await message.answer(t("events-ask-topic"), reply_markup=kb.topics())


async def topic_chosen(
    callback: CallbackQuery,
    callback_data: TopicCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
) -> None:
    if callback_data.topic not in TOPIC_VALUES:
        alert(callback_answer, t.plain("events-choose-button"))
        return
    await state.update_data({"topic": callback_data.topic, "muns": []})
    await state.set_state(EventCreate.audience)
    if (message := _message(callback)) is not None:
        await message.edit_text(t("events-ask-topic-chosen", topic=Topic(callback_data.topic)))
        await message.answer(t("events-ask-audience"), reply_markup=kb.audience())


# --- municipalities ---


async def all_municipalities(callback: CallbackQuery, state: FSMContext) -> None:
    await state.update_data({"muns": []})
    if (message := _message(callback)) is not None:
        await message.edit_text(t("events-ask-audience-all"))
        await _ask_offsets(message, state)


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


async def pick_municipalities(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession
) -> None:
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, 0)


async def pick_page(
    callback: CallbackQuery, callback_data: PickPageCb, state: FSMContext, session: AsyncSession
) -> None:
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page)


async def pick_toggle(
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
    chosen = set((await state.get_data()).get("muns", []))
    chosen ^= {item.id}
    await state.update_data({"muns": sorted(chosen)})
    if (message := _message(callback)) is not None:
        await _pick_page(message, state, session, callback_data.page)


async def pick_done(
    callback: CallbackQuery, callback_answer: CallbackAnswer, state: FSMContext
) -> None:
    if not (await state.get_data()).get("muns"):
        alert(callback_answer, t.plain("events-pick-at-least-one"))
        return
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await _ask_offsets(message, state)


# --- reminders, preview ---


async def _ask_offsets(message: Message, state: FSMContext) -> None:
    await state.set_state(EventCreate.offsets)
    await message.answer(
        t("events-ask-offsets"),
        reply_markup=kb.one("events-default-offsets-btn", DialogAction.DEFAULT_OFFSETS),
    )


async def offsets_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        offsets = rules.parse_offsets(message.text)
    except DomainError as exc:
        await _refused(message, exc)
        return
    await state.update_data({"offsets": list(offsets)})
    await show_preview(message, state, session, tz)


async def default_offsets(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    await state.update_data({"offsets": list(DEFAULT_REMINDER_OFFSETS)})
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await show_preview(message, state, session, tz)


async def show_preview(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    draft = draft_of(await state.get_data())
    shown = shown_event(draft)
    names = [
        m.name for m in await municipalities.list_active(session) if m.id in draft.municipality_ids
    ]
    n = await count_subscribers(
        session, topics=frozenset({shown.topic_member}), municipality_ids=draft.municipality_ids
    )
    header = t("events-card-announce-header")
    card = messages.card_text(shown, t, tz, names, header=header)
    if not fits(card, MESSAGE_LIMIT):
        # The announcement must be one message: say which field to shorten and by how much,
        # and take the description again without losing the rest of the dialogue.
        await state.update_data({SHORTEN_FLAG: True})
        await state.set_state(EventCreate.description)
        over = len(card) - MESSAGE_LIMIT
        await message.answer(
            t("events-preview-too-long", length=len(card), limit=MESSAGE_LIMIT, over=over)
        )
        return
    await state.set_state(EventCreate.preview)
    await message.answer(t("events-preview", count=n))
    await message.answer(card, reply_markup=kb.preview())


async def _save(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> Event | None:
    draft = draft_of(await state.get_data())
    if draft.starts_at <= utcnow():
        alert(callback_answer, t.plain("events-errors-past"))
        await state.set_state(EventCreate.starts)
        if (message := _message(callback)) is not None:
            await message.answer(t("events-ask-start", zone=tz.key))
        return None
    await state.clear()
    return await staff.create(session, draft, callback.from_user.id)


async def preview_publish(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    bot: Bot,
    wake_sender: Wake,
    channel_id: int | None = None,
) -> None:
    event = await _save(callback, callback_answer, state, session, tz)
    if event is not None:
        await publish_event(
            callback, callback_answer, event.id, session, tz, bot, wake_sender, channel_id
        )


async def preview_draft(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    event = await _save(callback, callback_answer, state, session, tz)
    if event is not None and (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t("events-staff-draft-saved"))


async def preview_discard(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    if (message := _message(callback)) is not None:
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(t("events-staff-dialog-cancelled"))


async def use_buttons(message: Message) -> None:
    await message.answer(t("events-choose-button"))


def _on(action: DialogAction) -> Any:
    return DialogCb.filter(F.action == action)


def _register_typed_steps(router: Router) -> None:
    m = router.message
    m.register(new_cmd, Command("event_new"))
    m.register(title_given, *text_in(EventCreate.title))
    m.register(description_given, *text_in(EventCreate.description))
    m.register(start_given, *text_in(EventCreate.starts))
    m.register(end_given, *text_in(EventCreate.ends))
    m.register(place_given, *text_in(EventCreate.place))
    m.register(capacity_given, *text_in(EventCreate.capacity))
    m.register(deadline_given, *text_in(EventCreate.deadline))
    m.register(offsets_given, *text_in(EventCreate.offsets))
    for step in (
        EventCreate.title,
        EventCreate.description,
        EventCreate.starts,
        EventCreate.ends,
        EventCreate.place,
        EventCreate.capacity,
        EventCreate.deadline,
        EventCreate.offsets,
    ):
        m.register(not_text, step, ~F.text)
    for step in (EventCreate.kind, EventCreate.topic, EventCreate.audience, EventCreate.preview):
        m.register(use_buttons, step, ~F.text.startswith("/"))


def _register_buttons(router: Router) -> None:
    c = router.callback_query
    c.register(new_cb, _on(DialogAction.NEW))
    c.register(kind_chosen, EventCreate.kind, KindCb.filter())
    c.register(no_limit, EventCreate.capacity, _on(DialogAction.NO_LIMIT))
    c.register(no_deadline, EventCreate.deadline, _on(DialogAction.NO_DEADLINE))
    c.register(topic_chosen, EventCreate.topic, TopicCb.filter())
    c.register(all_municipalities, EventCreate.audience, _on(DialogAction.ALL_MUNICIPALITIES))
    c.register(pick_municipalities, EventCreate.audience, _on(DialogAction.PICK_MUNICIPALITIES))
    c.register(pick_page, EventCreate.audience, PickPageCb.filter())
    c.register(pick_toggle, EventCreate.audience, PickMunicipalityCb.filter())
    c.register(pick_done, EventCreate.audience, _on(DialogAction.DONE))
    c.register(default_offsets, EventCreate.offsets, _on(DialogAction.DEFAULT_OFFSETS))
    c.register(preview_publish, EventCreate.preview, _on(DialogAction.PUBLISH))
    c.register(preview_draft, EventCreate.preview, _on(DialogAction.DRAFT))
    c.register(preview_discard, EventCreate.preview, _on(DialogAction.DISCARD))


def create_router() -> Router:
    """The creation dialogue (its steps match only in their FSM state)."""
    router = Router(name="events_staff_create")
    _register_typed_steps(router)
    _register_buttons(router)
    return router
