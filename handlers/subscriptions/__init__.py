"""Subscriptions: "🔔 Подписки" and /settings (topics, municipalities of interest,
reminders), and /stop — off from every announcement in one step."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from handlers.subscriptions.callbacks import SubCb
from handlers.subscriptions.settings import settings_cb, settings_cmd, stop_cmd
from texts import t


def create_router() -> Router:
    """The subscriptions router with its handlers, in matching order."""
    router = Router(name="subscriptions")
    router.message.register(settings_cmd, Command("settings"))
    router.message.register(settings_cmd, F.text == t.plain("menu-subscriptions"))
    router.message.register(stop_cmd, Command("stop"))
    router.callback_query.register(settings_cb, SubCb.filter())
    return router


__all__ = ["create_router"]
