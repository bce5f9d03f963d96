"""Buttons of /delete_me."""

import enum

from aiogram.filters.callback_data import CallbackData


class DeleteAnswer(enum.StrEnum):
    CONFIRM = "yes"
    KEEP = "no"


class DeleteMeCb(CallbackData, prefix="delme"):
    answer: DeleteAnswer
