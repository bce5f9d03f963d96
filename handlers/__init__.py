"""The Telegram UI: routers, dialogues, keyboards, texts."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    common,
    events,
    events_admin,
    fallback,
    mailing,
    privacy,
    proposals,
    proposals_admin,
    registration,
    subscriptions,
)


def get_routers() -> list[Router]:
    """Fresh routers in the order they must see updates; ``fallback`` is always last.

    Each call builds new Router objects: an aiogram Router can belong to one dispatcher only,
    and tests or several bots in one process need more than one.
    """
    return [
        common.create_router(),
        privacy.create_router(),
        admin.create_router(),
        events_admin.create_router(),
        registration.create_router(),
        events.create_router(),
        subscriptions.create_router(),
        mailing.create_router(),
        proposals_admin.create_router(),
        proposals.create_router(),
        fallback.create_router(),
    ]


__all__ = ["get_routers"]
