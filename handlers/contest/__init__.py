"""The contest of best practices in Telegram.

Everyone: ``public`` (/contest, a contest's card, rules, one's applications, the winners'
practices), ``apply`` (the application dialogue), ``jury`` (the juror's queue and scores),
``vote`` (the public vote). Staff (moderators and admins): ``staff`` (/contest_new, the
staff card, stages, rules, protocol) with ``staff_people`` (applications, jurors).
Shared: ``callbacks``, ``keyboards``, ``states``, ``views``.
"""

from __future__ import annotations

from aiogram import Router

from handlers.contest import apply, jury, public, staff, vote


def create_staff_router() -> Router:
    return staff.create_router()


def create_router() -> Router:
    router = Router(name="contest")
    router.include_routers(
        public.create_router(), jury.create_router(), vote.create_router(), apply.create_router()
    )
    return router


__all__ = ["create_router", "create_staff_router"]
