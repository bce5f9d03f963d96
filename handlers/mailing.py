"""Mass mailings (admins only): /mailing dialogue, the "Остановить" button, /mailings history.

Every handler sits behind ``RoleFilter(Role.ADMIN)`` checked on each update: for anyone else
/mailing is an unknown command and a mailing button is a stale one (the fallback router).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import texts
from handlers.callbacks.mailing import (
    AudienceAction,
    AudienceCb,
    MailingStep,
    MailingStepCb,
    MailingStopCb,
    MassMailingCb,
)
from handlers.dialogue import dialogue_data
from handlers.filters import RoleFilter
from handlers.keyboards import mailing as kb
from handlers.states.mailing import MailingStates
from handlers.texts import mailing as t
from handlers.texts.subscriptions import TOPIC_LABELS
from models import mailings, municipalities
from models.base import utcnow
from models.events import Event, RsvpStatus
from models.subscriptions import Audience, Topic
from models.users import InvalidInput, Occupation, Role

PER_PAGE = 10
TITLE_LEN = 60


# --- helpers ----------------------------------------------------------------------------------


def _title_of(message: Message) -> str:
    text = message.text or message.caption or ""
    if text:
        return " ".join(text.split())[:TITLE_LEN]
    if message.photo:
        return "Фото"
    if message.document:
        return message.document.file_name or "Документ"
    return "Сообщение"


def _markup(buttons: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton.model_validate(b) for b in row] for row in buttons]
    )


async def _audience(state: FSMContext) -> Audience:
    data = await state.get_data()
    return Audience.from_dict(data.get("audience") or {})


async def _save_audience(state: FSMContext, audience: Audience) -> None:
    await state.update_data(audience=audience.to_dict())


async def _edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(callback.message, Message):
        try:
            await callback.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                raise


def _event_label(event: Event, tz: ZoneInfo) -> str:
    return f"{event.title} · {event.starts_at.astimezone(tz):%d.%m.%Y}"


async def _describe(
    session: AsyncSession, audience: Audience, tz: ZoneInfo
) -> tuple[list[str], str]:
    """Lines for the audience screen and a one-line summary."""
    names = {m.id: m.name for m in await municipalities.list_active(session)}
    event_text: str | None = None
    if audience.event_id is not None:
        event = await session.get(Event, audience.event_id)
        title = _event_label(event, tz) if event else f"#{audience.event_id}"
        answers = [t.STATUS_LABELS[s] for s in t.STATUS_LABELS if s in audience.rsvp_statuses]
        if audience.checked_in:
            answers.append(t.CHECKED_IN_LABEL)
        event_text = f"{title} ({', '.join(answers) or t.ALL_ANSWERED})"
    topics = [TOPIC_LABELS[x] for x in TOPIC_LABELS if x in audience.topics]
    muns = [names.get(m, f"#{m}") for m in sorted(audience.municipality_ids)]
    occs = [t.OCCUPATION_LABELS[o] for o in t.OCCUPATION_LABELS if o in audience.occupations]
    lines = t.audience_lines(
        topics=topics, municipalities=muns, occupations=occs, event=event_text
    )
    if audience.is_everyone:
        summary = t.AUDIENCE_EVERYONE
    else:
        chosen = [
            line
            for line, value in zip(lines, (topics, muns, occs, event_text), strict=True)
            if value
        ]
        summary = "; ".join(chosen)
    return lines, summary


async def _show_audience(
    callback_or_message: CallbackQuery | Message,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    audience = await _audience(state)
    n = await mailings.audience_count(session, audience)
    lines, _ = await _describe(session, audience, tz)
    parts = [t.AUDIENCE_HEAD, t.AUDIENCE_HINT, "", *lines]
    if audience.event_id is not None:
        parts += ["", t.AUDIENCE_EVENT_NOTE]
    parts += ["", t.AUDIENCE_COUNT.format(n=n)]
    text = "\n".join(parts)
    await state.set_state(MailingStates.audience)
    if isinstance(callback_or_message, CallbackQuery):
        await _edit(callback_or_message, text, kb.audience_main(n))
    else:
        await callback_or_message.answer(text, reply_markup=kb.audience_main(n))


async def _choice_text(state: FSMContext, session: AsyncSession, tz: ZoneInfo) -> str:
    audience = await _audience(state)
    n = await mailings.audience_count(session, audience)
    _, summary = await _describe(session, audience, tz)
    return t.CHOICE.format(n=n, audience=summary)


# --- step 1: the message and its buttons -----------------------------------------------------


async def mailing_cmd(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(MailingStates.content)
    await message.answer(t.ASK_CONTENT)


async def content_given(message: Message, state: FSMContext) -> None:
    if message.text is not None and message.text.startswith("/"):
        await message.answer(t.CONTENT_COMMAND)
        return
    if not (
        message.text
        or message.photo
        or message.document
        or message.video
        or message.animation
        or message.audio
        or message.voice
    ):
        await message.answer(t.CONTENT_UNSUPPORTED)
        return
    await state.update_data(
        src_chat=message.chat.id,
        src_msg=message.message_id,
        title=_title_of(message),
        buttons=None,
        audience=Audience().to_dict(),
    )
    await state.set_state(MailingStates.buttons)
    await message.answer(
        t.ASK_BUTTONS.format(limit=mailings.MAX_BUTTONS), reply_markup=kb.no_buttons()
    )


async def buttons_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        buttons = mailings.parse_buttons(message.text)
    except InvalidInput as exc:
        await message.answer(
            t.button_error(exc.code, **exc.params) + t.BUTTONS_RETRY, reply_markup=kb.no_buttons()
        )
        return
    await state.update_data(buttons=buttons)
    await _show_audience(message, state, session, tz)


async def buttons_not_text(message: Message) -> None:
    await message.answer(t.BUTTONS_NOT_TEXT, reply_markup=kb.no_buttons())


# --- step 2: the audience ---------------------------------------------------------------------


def _toggle(values: frozenset[Any], value: Any) -> frozenset[Any]:
    return values - {value} if value in values else values | {value}


async def audience_cb(
    callback: CallbackQuery,
    callback_data: AudienceCb,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    if await state.get_state() != MailingStates.audience.state:
        await callback.answer(t.STALE, show_alert=True)
        return
    audience = await _audience(state)
    action, value = callback_data.action, callback_data.value
    try:
        if action is AudienceAction.TOPIC:
            audience = _replace(audience, topics=_toggle(audience.topics, Topic(value)))
        elif action is AudienceAction.OCCUPATION:
            occupation = Occupation(value)
            audience = _replace(audience, occupations=_toggle(audience.occupations, occupation))
        elif action is AudienceAction.MUNICIPALITY:
            municipality = await municipalities.get_by_id(session, int(value))
            if municipality is None:
                raise ValueError(value)
            ids = _toggle(audience.municipality_ids, municipality.id)
            audience = _replace(audience, municipality_ids=ids)
        elif action is AudienceAction.EVENT:
            event = await session.get(Event, int(value))
            if event is None:
                await callback.answer(t.EVENT_GONE, show_alert=True)
                return
            audience = _replace(
                audience,
                event_id=event.id,
                rsvp_statuses=frozenset({RsvpStatus.GOING}),
                checked_in=False,
            )
        elif action is AudienceAction.NO_EVENT:
            audience = _replace(
                audience, event_id=None, rsvp_statuses=frozenset(), checked_in=False
            )
        elif action is AudienceAction.STATUS:
            if audience.event_id is None:
                raise ValueError(value)
            statuses = _toggle(audience.rsvp_statuses, RsvpStatus(value))
            audience = _replace(audience, rsvp_statuses=statuses)
        elif action is AudienceAction.CHECKED_IN:
            if audience.event_id is None:
                raise ValueError(value)
            audience = _replace(audience, checked_in=not audience.checked_in)
        elif action is AudienceAction.RESET:
            audience = Audience()
    except ValueError:
        await callback.answer(t.STALE, show_alert=True)
        return
    await _save_audience(state, audience)
    await _render_audience_screen(callback, callback_data, state, session, tz, audience)
    await callback.answer()


def _replace(audience: Audience, **changes: Any) -> Audience:
    return dataclasses.replace(audience, **changes)


async def _render_audience_screen(
    callback: CallbackQuery,
    callback_data: AudienceCb,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    audience: Audience,
) -> None:
    action = callback_data.action
    n = await mailings.audience_count(session, audience)
    count_line = t.AUDIENCE_COUNT.format(n=n)
    if action in (AudienceAction.TOPICS, AudienceAction.TOPIC):
        await _edit(callback, t.TOPICS_HEAD.format(count=count_line), kb.topics(audience))
    elif action in (AudienceAction.OCCUPATIONS, AudienceAction.OCCUPATION):
        await _edit(
            callback, t.OCCUPATIONS_HEAD.format(count=count_line), kb.occupations(audience)
        )
    elif action in (AudienceAction.MUNICIPALITIES, AudienceAction.MUNICIPALITY):
        items, pages = await municipalities.page_active(session, callback_data.page, PER_PAGE)
        page = min(max(callback_data.page, 0), pages - 1)
        await _edit(
            callback,
            t.MUNICIPALITIES_HEAD.format(page=page + 1, pages=pages, count=count_line),
            kb.municipalities(items, audience, page, pages),
        )
    elif action is AudienceAction.EVENTS:
        events = await mailings.events_for_audience(session)
        labels = {e.id: _event_label(e, tz) for e in events}
        text = t.EVENTS_HEAD if events else t.EVENTS_EMPTY
        await _edit(callback, text, kb.events(events, labels))
    elif action in (AudienceAction.EVENT, AudienceAction.STATUS, AudienceAction.CHECKED_IN):
        event = await session.get(Event, audience.event_id) if audience.event_id else None
        title = _event_label(event, tz) if event else "—"
        await _edit(
            callback,
            t.STATUSES_HEAD.format(title=html.quote(title), count=count_line),
            kb.statuses(audience),
        )
    else:  # MAIN, RESET, NO_EVENT
        await _show_audience(callback, state, session, tz)


# --- step 3: test, now or later, confirm ------------------------------------------------------


async def step_cb(
    callback: CallbackQuery,
    callback_data: MailingStepCb,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    current = await state.get_state()
    step = callback_data.step
    allowed = {
        MailingStep.NO_BUTTONS: {MailingStates.buttons.state},
        MailingStep.AUDIENCE_DONE: {MailingStates.audience.state},
        MailingStep.AUDIENCE: {MailingStates.choice.state, MailingStates.confirm.state},
        MailingStep.TEST: {MailingStates.choice.state},
        MailingStep.SEND_NOW: {MailingStates.choice.state},
        MailingStep.SCHEDULE: {MailingStates.choice.state},
        MailingStep.CHOICE: {MailingStates.confirm.state, MailingStates.when.state},
        MailingStep.CONFIRM: {MailingStates.confirm.state},
        MailingStep.CANCEL: {s.state for s in MailingStates.__all_states__},
    }
    if current not in allowed[step]:
        await callback.answer(t.STALE, show_alert=True)
        return
    if step is MailingStep.CANCEL:
        await state.clear()
        await _edit(callback, t.CANCELLED, None)
        await callback.answer()
    elif step in (MailingStep.NO_BUTTONS, MailingStep.AUDIENCE):
        if step is MailingStep.NO_BUTTONS:
            await state.update_data(buttons=None)
        await _show_audience(callback, state, session, tz)
        await callback.answer()
    elif step in (MailingStep.AUDIENCE_DONE, MailingStep.CHOICE):
        if await mailings.audience_count(session, await _audience(state)) == 0:
            await callback.answer(t.EMPTY_AUDIENCE, show_alert=True)
            return
        await state.set_state(MailingStates.choice)
        await state.update_data(start_at=None)
        await _edit(callback, await _choice_text(state, session, tz), kb.choice())
        await callback.answer()
    elif step is MailingStep.TEST:
        await _test_send(callback, state, session, bot, tz)
    elif step is MailingStep.SEND_NOW:
        await _ask_confirm(callback, state, session, tz, None)
    elif step is MailingStep.SCHEDULE:
        await state.set_state(MailingStates.when)
        await _edit(callback, t.ASK_WHEN.format(tz=tz.key, example=_example(tz)), None)
        await callback.answer()
    elif step is MailingStep.CONFIRM:
        await _confirm(callback, state, session, tz, wake_sender)


def _example(tz: ZoneInfo) -> str:
    soon = (utcnow() + timedelta(days=1)).astimezone(tz)
    return f"{soon:%d.%m.%Y} 10:00"


async def _test_send(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    data = await dialogue_data(state, "src_chat", "src_msg")
    try:
        await bot.copy_message(
            chat_id=callback.from_user.id,
            from_chat_id=data["src_chat"],
            message_id=data["src_msg"],
            reply_markup=_markup(data.get("buttons")),
        )
    except TelegramBadRequest as exc:
        await callback.answer(t.TEST_FAILED.format(error=exc.message)[:200], show_alert=True)
        return
    await callback.answer(t.TEST_SENT)
    if isinstance(callback.message, Message):
        # The copy is now below the buttons: move the choice under it.
        await callback.message.edit_reply_markup(reply_markup=None)
        await callback.message.answer(
            await _choice_text(state, session, tz), reply_markup=kb.choice()
        )


async def _ask_confirm(
    target: CallbackQuery | Message,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    start_at: datetime | None,
) -> None:
    audience = await _audience(state)
    n = await mailings.audience_count(session, audience)
    _, summary = await _describe(session, audience, tz)
    if n == 0:
        await state.set_state(MailingStates.audience)
        if isinstance(target, CallbackQuery):
            await target.answer(t.EMPTY_AUDIENCE, show_alert=True)
        else:
            await target.answer(t.EMPTY_AUDIENCE)
        return
    await state.set_state(MailingStates.confirm)
    await state.update_data(start_at=start_at.isoformat() if start_at else None)
    if start_at is None:
        text = t.CONFIRM_NOW.format(n=n, audience=summary)
    else:
        text = t.CONFIRM_LATER.format(n=n, audience=summary, when=mailings.local(start_at, tz))
    if isinstance(target, CallbackQuery):
        await _edit(target, text, kb.confirm(n))
        await target.answer()
    else:
        await target.answer(text, reply_markup=kb.confirm(n))


async def when_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        start_at = mailings.parse_local_datetime(message.text, tz, utcnow())
    except InvalidInput as exc:
        await message.answer(t.WHEN_ERRORS[exc.code].format(example=_example(tz)))
        return
    await _ask_confirm(message, state, session, tz, start_at)


async def use_buttons(message: Message) -> None:
    await message.answer(texts.CHOOSE_WITH_BUTTONS)


async def when_not_text(message: Message, tz: ZoneInfo) -> None:
    await message.answer(t.WHEN_NOT_TEXT.format(example=_example(tz)))


async def _confirm(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    data = await dialogue_data(state, "src_chat", "src_msg")
    start_at = datetime.fromisoformat(data["start_at"]) if data.get("start_at") else None
    if start_at is not None and start_at <= utcnow():
        await state.set_state(MailingStates.when)
        await _edit(callback, t.WHEN_ERRORS["in_past"], None)
        await callback.answer()
        return
    message_id = callback.message.message_id if callback.message else None
    try:
        mass, n = await mailings.create(
            session,
            actor=callback.from_user.id,
            source_chat_id=data["src_chat"],
            source_message_id=data["src_msg"],
            title=data.get("title") or "",
            buttons=data.get("buttons"),
            audience=await _audience(state),
            start_at=start_at,
            progress_chat_id=callback.from_user.id,
            progress_message_id=message_id,
        )
    except InvalidInput:
        await state.set_state(MailingStates.audience)
        await callback.answer(t.EMPTY_AUDIENCE, show_alert=True)
        return
    await state.clear()
    if start_at is None:
        text = t.STARTED.format(id=mass.mailing_id, n=n)
        wake_sender()
    else:
        text = mailings.scheduled_text(mass.mailing_id, mass.mailing.title, start_at, n, tz)
    await _edit(callback, text, kb.stop(mass.mailing_id))
    await callback.answer()


# --- stop and history -------------------------------------------------------------------------


async def stop_cb(
    callback: CallbackQuery, callback_data: MailingStopCb, session: AsyncSession, tz: ZoneInfo
) -> None:
    try:
        cancelled = await mailings.stop(session, callback_data.id, callback.from_user.id)
    except InvalidInput as exc:
        await callback.answer(t.STOP_ERRORS[exc.code], show_alert=True)
        return
    progress = await mailings.progress(session, callback_data.id)
    if progress is not None and progress.finished_at is not None:
        await _edit(callback, mailings.report_text(progress, tz), None)
    else:
        await _edit(callback, t.STOPPING.format(id=callback_data.id), None)
    await callback.answer(t.STOPPED.format(n=cancelled))


async def history_cmd(message: Message, session: AsyncSession) -> None:
    text, markup = await _history(session)
    await message.answer(text, reply_markup=markup)


async def _history(session: AsyncSession) -> tuple[str, InlineKeyboardMarkup | None]:
    items = await mailings.history(session, limit=15)
    if not items:
        return t.HISTORY_EMPTY, None
    rows = []
    for mass in items:
        if mass.started_at is None and mass.finished_at is None:
            mark = t.HISTORY_MARKS["scheduled"]
        elif mass.finished_at is None:
            mark = t.HISTORY_MARKS["running"]
        elif mass.stopped_by is not None:
            mark = t.HISTORY_MARKS["stopped"]
        else:
            mark = t.HISTORY_MARKS["done"]
        rows.append(
            (
                mass.mailing_id,
                t.HISTORY_ITEM.format(id=mass.mailing_id, mark=mark, title=mass.mailing.title),
            )
        )
    return t.HISTORY_HEAD, kb.history(rows)


async def history_report(session: AsyncSession, mailing_id: int, tz: ZoneInfo) -> str | None:
    """The report of one mass mailing with who, when and to whom (also for the admin menu)."""
    progress = await mailings.progress(session, mailing_id)
    if progress is None:
        return None
    _, summary = await _describe(session, progress.audience, tz)
    return mailings.history_text(progress, tz, summary)


async def history_cb(
    callback: CallbackQuery, callback_data: MassMailingCb, session: AsyncSession, tz: ZoneInfo
) -> None:
    if callback_data.id == 0:
        text, markup = await _history(session)
        await _edit(callback, text, markup)
        await callback.answer()
        return
    report = await history_report(session, callback_data.id, tz)
    if report is None:
        await callback.answer(t.NOT_FOUND, show_alert=True)
        return
    await _edit(callback, report, kb.history_back())
    await callback.answer()


def create_router() -> Router:
    """The mass-mailing router (admins only), in matching order."""
    router = Router(name="mailing")
    router.message.filter(RoleFilter(Role.ADMIN))
    router.callback_query.filter(RoleFilter(Role.ADMIN))
    router.message.register(mailing_cmd, Command("mailing"))
    router.message.register(history_cmd, Command("mailings"))
    router.message.register(content_given, MailingStates.content)
    router.message.register(buttons_given, MailingStates.buttons, F.text, ~F.text.startswith("/"))
    router.message.register(buttons_not_text, MailingStates.buttons, ~F.text)
    router.message.register(when_given, MailingStates.when, F.text, ~F.text.startswith("/"))
    router.message.register(when_not_text, MailingStates.when, ~F.text)
    router.message.register(
        use_buttons,
        StateFilter(MailingStates.audience, MailingStates.choice, MailingStates.confirm),
        ~F.text.startswith("/"),
    )
    router.callback_query.register(step_cb, MailingStepCb.filter())
    router.callback_query.register(audience_cb, AudienceCb.filter())
    router.callback_query.register(stop_cb, MailingStopCb.filter())
    router.callback_query.register(history_cb, MassMailingCb.filter())
    return router
