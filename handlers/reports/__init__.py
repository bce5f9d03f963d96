"""Reports from municipalities in Telegram (issue 17).

Representatives: ``fill`` (/reports, the question-per-message dialogue, the summary, the
submission). Staff (moderators and admins): ``staff`` (/reports_admin: template, upload,
copy, preview, sending, coverage, reminders, exports) and ``staff_review`` (accept or
return for correction). Shared: ``callbacks``, ``states``, ``views``.
"""

from __future__ import annotations

from aiogram import Router

from handlers.reports import fill, staff, staff_review


def create_staff_router() -> Router:
    router = Router(name="reports_staff_all")
    router.include_routers(staff.create_router(), staff_review.create_router())
    return router


def create_router() -> Router:
    return fill.create_router()


__all__ = ["create_router", "create_staff_router"]
