"""Municipal representatives in the UI.

- ``staff``: /reps, the list of municipalities, one municipality's card (signatory, revoke),
  appointing a registered person, invitation links (moderators and admins);
- ``public``: /representative for a representative (a hand-over link for a deputy) and
  ``open_invite`` for ``?start=rep_<token>``.
"""

from aiogram import F, Router
from aiogram.filters import Command

from handlers.filters import RoleFilter
from handlers.representatives import public, staff
from handlers.representatives.callbacks import (
    RepHandoverCb,
    RepPickCb,
    RepRowCb,
    RepsActionCb,
    RepsCardCb,
    RepsPageCb,
)
from handlers.representatives.public import open_invite
from handlers.representatives.states import RepsStates
from models.representatives import DEEP_LINK_PREFIX
from models.users import Role


def create_router() -> Router:
    """A representative's own screens."""
    router = Router(name="representatives")
    router.message.register(public.mine_command, Command("representative"))
    router.callback_query.register(public.handover_cb, RepHandoverCb.filter())
    return router


def create_staff_router() -> Router:
    """Staff screens (moderators and admins, checked on every update)."""
    router = Router(name="representatives_staff")
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))
    router.message.register(staff.reps_command, Command("reps"))
    router.message.register(staff.person_given, RepsStates.person, F.text, ~F.text.startswith("/"))
    router.message.register(staff.person_not_text, RepsStates.person, ~F.text)
    router.callback_query.register(staff.page_cb, RepsPageCb.filter())
    router.callback_query.register(staff.card_cb, RepsCardCb.filter())
    router.callback_query.register(staff.action_cb, RepsActionCb.filter())
    router.callback_query.register(staff.pick_cb, RepPickCb.filter())
    router.callback_query.register(staff.row_cb, RepRowCb.filter())
    return router


__all__ = ["DEEP_LINK_PREFIX", "create_router", "create_staff_router", "open_invite"]
