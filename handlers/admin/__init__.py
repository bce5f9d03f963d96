"""The admin menu. Every handler here sits behind ``RoleFilter(Role.ADMIN)``, evaluated on
each update; for anyone else ``/admin`` falls through to "unknown command".

``menu`` is the menu, the counts and the audit log; ``moderators`` appoints and dismisses;
``mailings`` is the history of mailings with a delivery report each.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from handlers.admin import mailings, menu, moderators
from handlers.admin.callbacks import AdminAction, AdminCb, MailingCb, RemoveModeratorCb
from handlers.admin.states import AdminStates
from handlers.filters import RoleFilter
from models.users import Role


def create_router() -> Router:
    """The admin router with its handlers, in matching order."""
    router = Router(name="admin")
    router.message.filter(RoleFilter(Role.ADMIN))
    router.callback_query.filter(RoleFilter(Role.ADMIN))
    router.message.register(menu.admin_menu, Command("admin"))
    for handler, action in (
        (menu.menu_cb, AdminAction.MENU),
        (menu.stats_cb, AdminAction.STATS),
        (menu.audit_cb, AdminAction.AUDIT),
        (moderators.moderators_cb, AdminAction.MODERATORS),
        (moderators.add_moderator_cb, AdminAction.ADD_MODERATOR),
        (mailings.mailings_cb, AdminAction.MAILINGS),
    ):
        router.callback_query.register(handler, AdminCb.filter(F.action == action))
    router.message.register(
        moderators.moderator_id_given, AdminStates.moderator_id, F.text, ~F.text.startswith("/")
    )
    router.message.register(moderators.moderator_id_not_text, AdminStates.moderator_id, ~F.text)
    router.callback_query.register(moderators.remove_moderator_cb, RemoveModeratorCb.filter())
    router.callback_query.register(mailings.mailing_cb, MailingCb.filter())
    router.callback_query.register(menu.audit_page_cb, menu.AuditPageCb.filter())
    return router
