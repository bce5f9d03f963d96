"""The Telegram UI: routers, dialogues, keyboards, texts."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    common,
    consultations,
    contest,
    events,
    fallback,
    mailings,
    people,
    privacy,
    proposals,
    reports,
    representatives,
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
        events.create_staff_router(),
        people.create_router(),
        events.create_router(),
        subscriptions.create_router(),
        mailings.create_router(),
        proposals.create_staff_router(),
        proposals.create_router(),
        consultations.create_staff_router(),
        consultations.create_router(),
        representatives.create_staff_router(),
        representatives.create_router(),
        contest.create_staff_router(),
        contest.create_router(),
        reports.create_staff_router(),
        reports.create_router(),
        fallback.create_router(),
    ]


__all__ = ["get_routers"]
