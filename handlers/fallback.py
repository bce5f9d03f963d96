"""The last router: whatever nobody else took. Unknown commands (including staff commands
for people without the right), stray messages, stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from handlers.dialogue import PAUSED_KEY, pause_hint
from handlers.menu import main_menu
from texts import t


async def unknown_command(message: Message) -> None:
    await message.answer(t("unknown-command"))


async def not_understood(message: Message, state: FSMContext | None = None) -> None:
    """A stray message; with a dialogue paused by a detour, the way back to it."""
    paused = (await state.get_data()).get(PAUSED_KEY) if state is not None else None
    if isinstance(paused, str):
        text, markup = pause_hint(paused)
        await message.answer(text, reply_markup=markup)
        return
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
