"""/profile: the card and its edit buttons (each edit runs one step of the dialogue)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.people import keyboards as kb
from handlers.people.callbacks import ProfileEditCb
from handlers.people.cards import profile_card
from handlers.people.registration import EDIT_FLAG, ask_step, continue_profile
from handlers.replies import alert, message_of
from models.users import User
from texts import t


async def show_profile(
    message: Message, state: FSMContext, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    if not user.has_consent:
        await message.answer(t("consent-needed"))
        return
    if user.missing_step is not None:
        await message.answer(t("profile-resume"))
        await continue_profile(message, state, user, session, tz)
        return
    await message.answer(profile_card(user), reply_markup=kb.profile_edit())


async def edit_field(
    callback: CallbackQuery,
    callback_data: ProfileEditCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    message = message_of(callback)
    if not user.has_consent or message is None:
        alert(callback_answer, t.plain("consent-needed"))
        return
    await state.set_data({EDIT_FLAG: True})
    await ask_step(bot, message.chat.id, state, callback_data.field, session)
