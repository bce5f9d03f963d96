"""Inline-button payloads of the subscription settings."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32


class SubAction(enum.StrEnum):
    MAIN = "main"
    TOPIC = "topic"
    REMINDERS = "rem"
    ANNOUNCEMENTS = "ann"
    MUNICIPALITIES = "muns"
    MUNICIPALITY = "mun"


class SubCb(CallbackData, prefix="sub"):
    action: SubAction
    value: str = ""
    page: Int32 = 0
