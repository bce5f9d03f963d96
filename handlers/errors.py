"""The last line of defence: an exception in a handler is logged with the update id and the
person gets a polite answer in Russian instead of silence."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent, Update

from handlers.dialogue import DialogueLost
from texts import t

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, state: FSMContext | None = None) -> bool:
    update = event.update
    if isinstance(event.exception, DialogueLost):
        log.info("dialogue data lost on update %s: %s", update.update_id, event.exception)
        if state is not None:
            await state.clear()
        await _tell(update, bot, t("dialogue-lost"))
        return True
    log.error(
        "handler failed on update %s: %r",
        update.update_id,
        event.exception,
        exc_info=event.exception,
    )
    await _tell(update, bot, t("internal-error"))
    return True


async def _tell(update: Update, bot: Bot, text: str) -> None:
    try:
        # A callback query is already answered by CallbackAnswerMiddleware (it answers even
        # when the handler fails), so the apology goes to the chat as a message.
        query = update.callback_query
        if query is not None and query.message is not None:
            await bot.send_message(query.message.chat.id, text)
        elif query is not None:
            await bot.send_message(query.from_user.id, text)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, text)
    except Exception:  # noqa: BLE001 - the apology itself may fail; the log has it all
        log.warning("could not tell the person about the error on update %s", update.update_id)
