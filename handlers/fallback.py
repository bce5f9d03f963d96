"""The last router: whatever nobody else took. Unknown commands (including staff commands
for people without the right), stray messages, stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from handlers.menu import main_menu
from texts import t


async def unknown_command(message: Message) -> None:
    await message.answer(t("unknown-command"))


async def not_understood(message: Message) -> None:
    await message.answer(t("not-understood"), reply_markup=main_menu())


async def stale_button(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = t.plain("stale-button")
    callback_answer.show_alert = True


def create_router() -> Router:
    """The fallback router with its handlers, in matching order."""
    router = Router(name="fallback")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(not_understood)
    router.callback_query.register(stale_button)
    return router
