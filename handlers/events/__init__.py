"""The events section of the UI.

- ``public``: the list, the card, answers, "my events", the calendar file, deep links;
- ``staff_card``: staff lists, the staff card and its actions, edits, exports, the QR code;
- ``staff_create``: the creation dialogue with its preview;
- ``callbacks``, ``keyboards``, ``states``: button payloads, keyboards and FSM states.

``create_staff_router`` puts both staff parts behind ``RoleFilter(Role.MODERATOR)``, checked
on every update, so a person without the right falls through to the fallback router.
"""

from aiogram import Router

from handlers.events import (
    attachments,
    desk,
    public,
    questions,
    staff_actions,
    staff_card,
    staff_create,
    staff_edit,
    staff_people,
)
from handlers.events.public import DEEP_LINK_KEY, open_deep_link
from handlers.filters import RoleFilter
from models.users import Role


def create_router() -> Router:
    """The participants' router (with the desk: tickets, ``/checkin`` for staff)."""
    router = public.create_router()
    router.include_routers(desk.create_router(), questions.create_router())
    router.include_router(attachments.create_router())  # «Материалы» of a card
    return router


def create_staff_router() -> Router:
    """The staff router (moderators and admins: everything about events, exports included)."""
    router = Router(name="events_admin")
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))
    router.include_routers(
        staff_card.create_router(),
        staff_create.create_router(),
        staff_edit.create_router(),
        staff_actions.create_router(),
        attachments.create_staff_router(),
    )
    router.include_routers(staff_people.create_router(), questions.create_staff_router())
    return router


__all__ = ["DEEP_LINK_KEY", "create_router", "create_staff_router", "open_deep_link"]
