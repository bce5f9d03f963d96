"""Appointing and dismissing moderators."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import staff_help
from handlers.admin import keyboards
from handlers.admin.callbacks import RemoveModeratorCb
from handlers.admin.menu import edit
from handlers.admin.states import AdminStates
from handlers.people.cards import display_name
from handlers.replies import alert
from models.errors import DomainError
from models.users import Role, list_moderators, set_role
from texts import Safe, t

TELEGRAM_ID_DIGITS = 15  # longer "ids" are not Telegram's


async def _screen(session: AsyncSession) -> tuple[Safe, InlineKeyboardMarkup]:
    """The list of moderators with a dismiss button each."""
    mods = await list_moderators(session)
    if not mods:
        return t("admin-moderators-empty"), keyboards.moderators(mods)
    items = "\n".join(
        t("admin-moderators-item", name=display_name(m), telegram_id=m.telegram_id) for m in mods
    )
    return t("admin-moderators-list", items=Safe(items)), keyboards.moderators(mods)


async def moderators_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    await edit(callback, *await _screen(session))


async def add_moderator_cb(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(AdminStates.moderator_id)
    await edit(callback, t("admin-ask-moderator-id"), None)


async def moderator_id_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    assert message.from_user is not None
    raw = message.text.strip()
    if not raw.isdigit() or len(raw) > TELEGRAM_ID_DIGITS:
        await message.answer(t("admin-bad-id"))
        return
    try:
        target = await set_role(session, message.from_user.id, int(raw), Role.MODERATOR)
    except DomainError as exc:
        if exc.code == "admin-already-moderator":
            await state.clear()
        await message.answer(t(exc.code, **exc.params))
        return
    await state.clear()
    await message.answer(
        t("admin-moderator-added", name=display_name(target)),
        reply_markup=keyboards.admin_back(),
    )
    if message.bot is not None:  # their own command menu gets the staff commands
        await staff_help.set_staff_menu(message.bot, target.telegram_id, Role.MODERATOR)


async def moderator_id_not_text(message: Message) -> None:
    await message.answer(t("admin-bad-id"))


async def remove_moderator_cb(
    callback: CallbackQuery,
    callback_data: RemoveModeratorCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    try:
        target = await set_role(
            session, callback.from_user.id, callback_data.telegram_id, Role.USER
        )
    except DomainError:
        alert(callback_answer, t.plain("stale-button"))
        return
    callback_answer.text = t.plain(
        "admin-moderator-removed", name=target.full_name or target.telegram_id
    )
    if callback.bot is not None:
        await staff_help.drop_staff_menu(callback.bot, target.telegram_id)
    await edit(callback, *await _screen(session))
