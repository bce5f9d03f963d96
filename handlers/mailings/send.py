"""Step 3 of /mailing: a test copy to oneself, then now or later, then the confirmation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.mailings import keyboards as kb
from handlers.mailings.callbacks import MailingStep, MailingStepCb
from handlers.mailings.states import MailingStates
from handlers.mailings.view import audience_of, choice_text, describe, edit, show_audience
from handlers.replies import alert
from models import mailings
from models.base import utcnow
from models.errors import DomainError
from models.mailings.paid import stars
from texts import Safe, t
from texts.mailings import scheduled_text

# The states in which each step's button is live; any other press is a stale button.
ALLOWED: dict[MailingStep, set[str | None]] = {
    MailingStep.NO_BUTTONS: {MailingStates.buttons.state},
    MailingStep.AUDIENCE_DONE: {MailingStates.audience.state},
    MailingStep.AUDIENCE: {MailingStates.choice.state, MailingStates.confirm.state},
    MailingStep.TEST: {MailingStates.choice.state},
    MailingStep.SEND_NOW: {MailingStates.choice.state},
    MailingStep.SCHEDULE: {MailingStates.choice.state},
    MailingStep.CHOICE: {MailingStates.confirm.state, MailingStates.when.state},
    MailingStep.CONFIRM: {MailingStates.confirm.state},
    MailingStep.PAID: {MailingStates.confirm.state},
    MailingStep.CANCEL: {s.state for s in MailingStates.__all_states__},
}


def _markup(buttons: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton.model_validate(b) for b in row] for row in buttons]
    )


def _example(tz: ZoneInfo) -> str:
    """Tomorrow at 10:00, written the way the one date parser reads it."""
    return f"{t.day((utcnow() + timedelta(days=1)).astimezone(tz))} 10:00"


async def step_cb(
    callback: CallbackQuery,
    callback_data: MailingStepCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    step = callback_data.step
    if await state.get_state() not in ALLOWED[step]:
        alert(callback_answer, t.plain("mailing-stale"))
    elif step is MailingStep.CANCEL:
        await state.clear()
        await edit(callback, t("mailing-cancelled"), None)
    elif step in (MailingStep.NO_BUTTONS, MailingStep.AUDIENCE):
        if step is MailingStep.NO_BUTTONS:
            await state.update_data(buttons=None)
        await show_audience(callback, state, session)
    elif step in (MailingStep.AUDIENCE_DONE, MailingStep.CHOICE):
        if await mailings.audience_count(session, await audience_of(state)) == 0:
            alert(callback_answer, t.plain("mailing-empty-audience"))
            return
        await state.set_state(MailingStates.choice)
        await state.update_data(start_at=None)
        await edit(callback, await choice_text(state, session), kb.choice())
    elif step is MailingStep.TEST:
        await _test_send(callback, callback_answer, state, session, bot)
    elif step is MailingStep.SEND_NOW:
        await _ask_confirm(callback, state, session, None, callback_answer)
    elif step is MailingStep.SCHEDULE:
        await state.set_state(MailingStates.when)
        await edit(callback, t("mailing-ask-when", tz=tz.key, example=_example(tz)), None)
    elif step is MailingStep.CONFIRM:
        await _confirm(callback, callback_answer, state, session, wake_sender)
    elif step is MailingStep.PAID:
        data = await state.get_data()
        await state.update_data(paid=not data.get("paid"))
        start = datetime.fromisoformat(data["start_at"]) if data.get("start_at") else None
        await _ask_confirm(callback, state, session, start, callback_answer)


async def _test_send(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
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
        alert(callback_answer, t.plain("mailing-test-failed", error=exc.message)[:200])
        return
    callback_answer.text = t.plain("mailing-test-sent")
    if isinstance(callback.message, Message):
        # The copy is now below the buttons: move the choice under it.
        await callback.message.edit_reply_markup(reply_markup=None)
        await callback.message.answer(await choice_text(state, session), reply_markup=kb.choice())


async def _ask_confirm(
    target: CallbackQuery | Message,
    state: FSMContext,
    session: AsyncSession,
    start_at: datetime | None,
    callback_answer: CallbackAnswer | None = None,
) -> None:
    audience = await audience_of(state)
    n = await mailings.audience_count(session, audience)
    _, summary = await describe(session, audience)
    if n == 0:
        await state.set_state(MailingStates.audience)
        if callback_answer is not None:
            alert(callback_answer, t.plain("mailing-empty-audience"))
        elif isinstance(target, Message):
            await target.answer(t("mailing-empty-audience"))
        return
    await state.set_state(MailingStates.confirm)
    # One key per confirmation shown: every "yes" to it names the same mailing, so a double
    # tap (or a repeated update on another instance) cannot create two.
    await state.update_data(
        start_at=start_at.isoformat() if start_at else None, confirm_key=uuid.uuid4().hex
    )
    if start_at is None:
        text = t("mailing-confirm-now", n=n, audience=summary)
    else:
        text = t("mailing-confirm-later", n=n, audience=summary, when=start_at)
    paid = bool((await state.get_data()).get("paid"))
    cost = mailings.paid_cost_tenths(n)
    mode = t("mailing-paid-mode", stars=stars(cost)) if paid else t("mailing-free-mode")
    text = Safe(f"{text}\n\n{mode}")
    if isinstance(target, CallbackQuery):
        await edit(target, text, kb.confirm(n, paid))
    else:
        await target.answer(text, reply_markup=kb.confirm(n, paid))


async def when_given(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        start_at = mailings.parse_start(message.text, tz, utcnow())
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params, example=_example(tz)))
        return
    await _ask_confirm(message, state, session, start_at)


async def use_buttons(message: Message) -> None:
    await message.answer(t("choose-with-buttons"))


async def when_not_text(message: Message, tz: ZoneInfo) -> None:
    await message.answer(t("mailing-when-not-text", example=_example(tz)))


async def _confirm(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Callable[[], None],
) -> None:
    data = await dialogue_data(state, "src_chat", "src_msg", "confirm_key")
    start_at = datetime.fromisoformat(data["start_at"]) if data.get("start_at") else None
    if start_at is not None and start_at <= utcnow():
        await state.set_state(MailingStates.when)
        await edit(callback, t("mailing-when-past"), None)
        return
    try:
        mass, n = await mailings.create(
            session,
            actor=callback.from_user.id,
            source_chat_id=data["src_chat"],
            source_message_id=data["src_msg"],
            title=data.get("title") or "",
            buttons=data.get("buttons"),
            audience=await audience_of(state),
            start_at=start_at,
            progress_chat_id=callback.from_user.id,
            progress_message_id=callback.message.message_id if callback.message else None,
            confirm_key=data["confirm_key"],
            paid=bool(data.get("paid")),
        )
    except DomainError as exc:
        if exc.code != "mailing-already-started":
            await state.set_state(MailingStates.audience)
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    await state.clear()
    if start_at is None:
        text = t(
            "mailing-started", id=mass.mailing_id, recipients=t("mailing-recipients", count=n)
        )
        wake_sender()
    else:
        text = scheduled_text(mass.mailing_id, mass.mailing.title, start_at, n)
    await edit(callback, text, kb.stop(mass.mailing_id))
