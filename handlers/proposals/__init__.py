"""Proposals to amend the law (No. 135-OZ) in Telegram.

Participants: ``public`` (the section, "my proposals", withdrawal) and ``dialogue`` (the
guided draft). Staff (moderators and admins): ``staff_queue`` (menu, queue, grouped view),
``staff_card`` (card, decisions, notes), ``staff_law``, ``staff_campaigns``, ``staff_export``.
Shared: ``callbacks``, ``keyboards``, ``states``, ``views`` (how things are worded).
"""

from __future__ import annotations

from aiogram import Router

from handlers.proposals import (
    dialogue,
    public,
    staff_campaigns,
    staff_card,
    staff_decisions,
    staff_export,
    staff_law,
    staff_queue,
    staff_summary,
    subpoints,
    support,
)


def create_staff_router() -> Router:
    """The staff screens (moderators and admins; each sub-router checks the role)."""
    router = Router(name="proposals_staff")
    router.include_routers(
        staff_queue.create_router(),
        staff_card.create_router(),
        staff_decisions.create_router(),
        staff_summary.create_router(),
        staff_law.create_router(),
        staff_campaigns.create_router(),
        staff_export.create_router(),
    )
    return router


def create_router() -> Router:
    """The participants' side: entry points before the dialogue's typed answers."""
    router = Router(name="proposals")
    router.include_routers(
        public.create_router(),
        subpoints.create_router(),
        support.create_router(),
        dialogue.create_router(),
    )
    return router


__all__ = ["create_router", "create_staff_router"]
