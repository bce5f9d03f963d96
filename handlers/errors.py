"""The last line of defence: an exception in a handler is logged with the update id and the
person gets a polite answer in Russian instead of silence."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import ErrorEvent

from handlers import texts

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    update = event.update
    log.error(
        "handler failed on update %s: %r",
        update.update_id,
        event.exception,
        exc_info=event.exception,
    )
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.INTERNAL_ERROR, show_alert=True)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, texts.INTERNAL_ERROR)
    except Exception:  # noqa: BLE001 - the apology itself may fail; the log above has it all
        log.warning("could not tell the person about the error on update %s", update.update_id)
    return True
