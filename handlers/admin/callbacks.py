"""Inline-button payloads of the admin menu."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32


class AdminAction(enum.StrEnum):
    MENU = "menu"
    STATS = "stats"
    MODERATORS = "mods"
    ADD_MODERATOR = "addmod"
    AUDIT = "audit"
    MAILINGS = "mailings"


class AdminCb(CallbackData, prefix="adm"):
    action: AdminAction


class RemoveModeratorCb(CallbackData, prefix="rmmod"):
    telegram_id: int


class MailingCb(CallbackData, prefix="mlg"):
    id: Int32
