"""Consultations on acts in the UI.

- ``public``: /acts (the list and the card for everyone), «propose an amendment» to an act,
  the official position of a municipality (representatives);
- ``staff``: the staff card's actions (next stage, reminder, who has not answered,
  positions, late drafts, the act for a text upload);
- ``create``: /act_new, registering an act (moderators and admins).
"""

from aiogram import F, Router
from aiogram.filters import Command

from handlers.consultations import create, public, staff
from handlers.consultations.callbacks import (
    ActCardCb,
    ActKindCb,
    ActNewCb,
    ActPublicCb,
    ActRemindCb,
    ActsPageCb,
    ActStaffCb,
    ActStageCb,
    PosActionCb,
    PosMunicipalityCb,
    PosStanceCb,
)
from handlers.consultations.states import ActNew, PositionStates
from handlers.filters import RoleFilter
from models.users import Role

TYPED = (F.text, ~F.text.startswith("/"))


def create_router() -> Router:
    """Everyone's screens and the position dialogue."""
    router = Router(name="consultations")
    router.message.register(public.acts_command, Command("acts"))
    router.callback_query.register(public.page_cb, ActsPageCb.filter())
    router.callback_query.register(public.card_cb, ActCardCb.filter())
    router.callback_query.register(public.public_cb, ActPublicCb.filter())
    router.callback_query.register(public.municipality_cb, PosMunicipalityCb.filter())
    router.callback_query.register(public.stance_cb, PosStanceCb.filter(), PositionStates.stance)
    router.callback_query.register(public.action_cb, PosActionCb.filter())
    router.message.register(public.text_given, PositionStates.text, *TYPED)
    router.message.register(public.not_text, PositionStates.text, ~F.text)
    router.message.register(public.file_given, PositionStates.file, ~F.text.startswith("/"))
    for waiting in (PositionStates.municipality, PositionStates.stance, PositionStates.preview):
        router.message.register(create.press_button, waiting, ~F.text.startswith("/"))
    return router


def create_staff_router() -> Router:
    """Staff screens (moderators and admins, checked on every update)."""
    router = Router(name="consultations_staff")
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))
    router.message.register(create.new_command, Command("act_new"))
    router.callback_query.register(create.kind_cb, ActKindCb.filter(), ActNew.kind)
    router.callback_query.register(create.new_cb, ActNewCb.filter())
    router.message.register(create.title_given, ActNew.title, *TYPED)
    router.message.register(create.number_given, ActNew.number, *TYPED)
    router.message.register(create.sender_given, ActNew.sender, *TYPED)
    router.message.register(create.deadline_given, ActNew.deadline, *TYPED)
    router.message.register(create.scope_given, ActNew.scope, *TYPED)
    for waiting in (ActNew.kind, ActNew.preview):
        router.message.register(create.press_button, waiting, ~F.text.startswith("/"))
    router.callback_query.register(staff.stage_cb, ActStageCb.filter())
    router.callback_query.register(staff.remind_cb, ActRemindCb.filter())
    router.callback_query.register(staff.staff_cb, ActStaffCb.filter())
    return router


__all__ = ["create_router", "create_staff_router"]
