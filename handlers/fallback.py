"""The last router: whatever nobody else took. Unknown commands (including staff commands
for people without the right), stray messages, stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from handlers import keyboards, texts


async def unknown_command(message: Message) -> None:
    await message.answer(texts.UNKNOWN_COMMAND)


async def not_understood(message: Message) -> None:
    await message.answer(texts.NOT_UNDERSTOOD, reply_markup=keyboards.main_menu())


async def stale_button(callback: CallbackQuery) -> None:
    await callback.answer(texts.STALE_BUTTON, show_alert=True)


def create_router() -> Router:
    """The fallback router with its handlers, in matching order."""
    router = Router(name="fallback")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(not_understood)
    router.callback_query.register(stale_button)
    return router
