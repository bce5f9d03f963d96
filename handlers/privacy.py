"""/my_data and /delete_me (152-FZ)."""

from __future__ import annotations

import json

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks.privacy import DeleteAnswer, DeleteMeCb
from handlers.texts import privacy as t
from models import privacy
from models.users import User


async def my_data(message: Message, user: User, session: AsyncSession) -> None:
    if user.consent_version is None and user.full_name is None:
        await message.answer(t.MY_DATA_NOTHING)
        return
    data = await privacy.export(session, user)
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await message.answer_document(
        BufferedInputFile(payload, filename="my_data.json"), caption=t.MY_DATA_CAPTION
    )


async def delete_me(message: Message, user: User) -> None:
    if user.consent_version is None and user.full_name is None:
        await message.answer(t.DELETE_NOTHING)
        return
    kb = InlineKeyboardBuilder()
    kb.button(text=t.DELETE_CONFIRM_BTN, callback_data=DeleteMeCb(answer=DeleteAnswer.CONFIRM))
    kb.button(text=t.DELETE_KEEP_BTN, callback_data=DeleteMeCb(answer=DeleteAnswer.KEEP))
    kb.adjust(1)
    await message.answer(t.DELETE_ASK, reply_markup=kb.as_markup())


async def delete_answer(
    callback: CallbackQuery,
    callback_data: DeleteMeCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    await callback.answer()
    message = callback.message if isinstance(callback.message, Message) else None
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
    if callback_data.answer is DeleteAnswer.KEEP:
        if message is not None:
            await message.answer(t.DELETE_KEPT)
        return
    chat_id = user.telegram_id
    if user.consent_version is not None or user.full_name is not None:
        await privacy.forget(session, user)
    await state.clear()
    if callback.bot is not None:
        await callback.bot.send_message(chat_id, t.DELETE_DONE, reply_markup=ReplyKeyboardRemove())


def create_router() -> Router:
    """The privacy router: available to everyone, with or without consent."""
    router = Router(name="privacy")
    router.message.register(my_data, Command("my_data"))
    router.message.register(delete_me, Command("delete_me"))
    router.callback_query.register(delete_answer, DeleteMeCb.filter())
    return router
