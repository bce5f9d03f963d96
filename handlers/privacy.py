"""/my_data and /delete_me (152-FZ)."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.replies import message_of
from models import privacy
from models.personal_document import my_data_docx
from models.users import User
from texts import t

EXPORT_FILE = "my_data.json"


class DeleteAnswer(enum.StrEnum):
    CONFIRM = "yes"
    KEEP = "no"


class DeleteMeCb(CallbackData, prefix="delme"):
    answer: DeleteAnswer


def _stores_nothing(user: User) -> bool:
    """Without consent and a name, the row holds the Telegram id only."""
    return user.consent_version is None and user.full_name is None


async def my_data(message: Message, user: User, session: AsyncSession, tz: ZoneInfo) -> None:
    if _stores_nothing(user):
        await message.answer(t("privacy-my-data-nothing"))
        return
    data = await privacy.export(session, user, t)
    readable = await my_data_docx(session, data, t, tz)
    await message.answer_document(
        BufferedInputFile(readable, filename=t.plain("my-data-file")),
        caption=t("my-data-caption"),
    )
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await message.answer_document(
        BufferedInputFile(payload, filename=EXPORT_FILE), caption=t("privacy-my-data-caption")
    )


async def delete_me(message: Message, user: User) -> None:
    if _stores_nothing(user):
        await message.answer(t("privacy-delete-nothing"))
        return
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("privacy-delete-confirm-btn"),
        callback_data=DeleteMeCb(answer=DeleteAnswer.CONFIRM),
    )
    kb.button(
        text=t.plain("privacy-delete-keep-btn"), callback_data=DeleteMeCb(answer=DeleteAnswer.KEEP)
    )
    kb.adjust(1)
    await message.answer(t("privacy-delete-ask"), reply_markup=kb.as_markup())


async def delete_answer(
    callback: CallbackQuery,
    callback_data: DeleteMeCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    wake_sender: Callable[[], None] | None = None,
) -> None:
    message = message_of(callback)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
    if callback_data.answer is DeleteAnswer.KEEP:
        if message is not None:
            await message.answer(t("privacy-delete-kept"))
        return
    chat_id = user.telegram_id
    # Seats are given up as «not going» does: whoever is promoted is told at once.
    promoted = 0 if _stores_nothing(user) else await privacy.forget(session, user, t)
    if promoted and wake_sender is not None:
        wake_sender()
    await state.clear()
    if callback.bot is not None:
        await callback.bot.send_message(
            chat_id, t("privacy-delete-done"), reply_markup=ReplyKeyboardRemove()
        )


def create_router() -> Router:
    """The privacy router: available to everyone, with or without consent."""
    router = Router(name="privacy")
    router.message.register(my_data, Command("my_data"))
    router.message.register(delete_me, Command("delete_me"))
    router.callback_query.register(delete_answer, DeleteMeCb.filter())
    return router
