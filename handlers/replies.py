"""Small pieces every section's handlers use to answer a person."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer


def alert(callback_answer: CallbackAnswer, text: str) -> None:
    """Answer the pressed button with a pop-up the person must close. The answer itself is
    sent by ``CallbackAnswerMiddleware`` when the handler returns (button labels and pop-ups
    are plain text: use ``t.plain``)."""
    callback_answer.text = text
    callback_answer.show_alert = True


def message_of(callback: CallbackQuery) -> Message | None:
    """The message a button was under, when Telegram still gives it (not for inline mode or
    a message too old to reach)."""
    return callback.message if isinstance(callback.message, Message) else None
